"""Proves that the migrations moving models into the partner apps (issue 13) keep every row, and that the
standard orders turned into restocks (orders on the route innocigs_restock) keep every one of theirs.

    DATABASE_URL=sqlite:////tmp/migration-check.sqlite3 python bench/migration_check.py --old COMMIT
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/migration_check python bench/migration_check.py --old COMMIT

COMMIT is an old head: the last commit before the moves, or any later one before the restocks. The check empties
the database named in DATABASE_URL (it must not hold anything you want to keep), checks COMMIT out into a
temporary worktree, fills the database there with bench/fill.py (small sizes by default) plus rows in every table
that moves (standard orders in every state, one whose number a shop order already has), a group holding their
permissions and a schedule under its old task path, then migrates it forward with this checkout's code. It prints
the rows of every table before and after (a moved table under its new name; a table the restocks grew with the
rows it gained) and exits 1 when a row, a group's permission or the schedule's task was lost.

The Innoship columns that left the orders and shipments (innoship 0002 copies them into CourierOptions and
CourierBooking): the seed gives orders and shipments values other than the defaults in each of them, and the check
compares every order's and every shipment's values before with its row after, value by value (a row where all are
the defaults is not copied: no row means the defaults).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from setup import ROOT

# Old table -> new table, for the tables the moves rename.
RENAMED = {
    **{f"orders_{m}": f"innocigs_{m}" for m in ("standardorder", "standardorderline", "deliverynote",
                                                  "deliverynoteitem")},
    "orders_zonosorder": "zonos_zonosorder",
    **{f"shipping_{m}": f"meineinkauf_{m}" for m in (
        "meineinkauforder", "meineinkaufstatechange", "meineinkaufconsignment", "meineinkaufdocument",
        "meineinkaufreturn", "meineinkaufreturnstatechange", "meineinkaufreturnitem", "meineinkaufsynccursor")},
}
# Old app label -> new, per model, for the permissions staff groups hold.
MOVED_LABELS = {table.split("_", 1)[1]: (table.split("_", 1)[0], new.split("_", 1)[0])
                for table, new in RENAMED.items()}
# The standard orders became restocks: one Restock per standard order; its lines became order lines.
RESHAPED = {"innocigs_standardorder": "innocigs_restock", "innocigs_standardorderline": "orders_orderline"}
# What each standard order (or line) added to the tables of orders: an order with its address, one submission and
# one history event; one order line per line.
GROWN = {"orders_order": "innocigs_standardorder", "orders_address": "innocigs_standardorder",
         "orders_submission": "innocigs_standardorder", "orders_orderevent": "innocigs_standardorder",
         "orders_orderline": "innocigs_standardorderline"}
# Tables a migration adds rows to: the new migrations, and the content type and permissions of Restock (which the
# group holding those of standard orders now holds too, checked below).
ADDED_TO = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
# Permissions on standard orders move to the restocks (innocigs 0005); those on their lines have no successor.
RENAMED_MODELS = {"standardorder": "restock"}
SCHEDULE = "bench_late_tracking"

# Run by the old code (in its worktree) after fill.py: rows in every table that moves, which fill.py leaves empty.
SEED = f"""
import sys
sys.path.insert(0, "bench")
from setup import django_setup
django_setup()
from datetime import date
from importlib import import_module
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_q.models import Schedule


def model(name, *modules):
    # The model where the old head keeps it: in the core apps before the moves, in its partner app after.
    for module in modules:
        try:
            found = getattr(import_module(module), name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    raise LookupError(name)


innocigs = ("orders.models", "suppliers.innocigs.models")
meineinkauf = ("shipping.models", "shipping.meineinkauf.models")
try:
    StandardOrder, StandardOrderLine = model("StandardOrder", *innocigs), model("StandardOrderLine", *innocigs)
except LookupError:  # a head after the restocks: there are no standard orders to seed
    StandardOrder = StandardOrderLine = None
DeliveryNote, DeliveryNoteItem = model("DeliveryNote", *innocigs), model("DeliveryNoteItem", *innocigs)
ZonosOrder = model("ZonosOrder", "orders.models", "orders.zonos.models")
(MeinEinkaufConsignment, MeinEinkaufDocument, MeinEinkaufOrder, MeinEinkaufReturn, MeinEinkaufReturnItem,
 MeinEinkaufReturnStateChange, MeinEinkaufStateChange, MeinEinkaufSyncCursor) = (model(name, *meineinkauf) for name in (
    "MeinEinkaufConsignment", "MeinEinkaufDocument", "MeinEinkaufOrder", "MeinEinkaufReturn",
    "MeinEinkaufReturnItem", "MeinEinkaufReturnStateChange", "MeinEinkaufStateChange", "MeinEinkaufSyncCursor"))
from orders.models import Order
from shipping.models import Shipment

now = timezone.now()
orders = list(Order.objects.order_by("id")[:{{n}}])
shipments = {{s.order_id: s for s in Shipment.objects.filter(order__in=orders)}}
states = ["ready", "sending", "placed", "refused", "unknown", "test_ok"]
for i, order in enumerate(orders):
    state = states[i % len(states)]
    note = DeliveryNote.objects.create(number=f"LS-{{i}}", day=date(2025, 1, 1 + i % 28))
    if StandardOrder is None:
        DeliveryNoteItem.objects.create(delivery_note=note, orders_number=f"RESTOCK-{{i}}")
    else:
        # The first one's number is a shop order's: the restock must get another, and keep its reference.
        standard = StandardOrder.objects.create(
            number=order.number if i == 0 else f"RESTOCK-{{i}}", created_by="bench", state=state,
            carrier=["", "DHL", "UPS"][i % 3], test_mode=state == "test_ok", message=f"bench {{state}}",
            orders_id=f"99{{i}}-1" if state == "placed" else "", sent_at=None if state == "ready" else now,
            errors=[{{"code": "30001", "message": "nicht lieferbar", "explanation": "Product not deliverable.",
                      "next_step": "Replace it."}}] if state == "refused" else [])
        for line in range(1 + i % 2):
            StandardOrderLine.objects.create(standard_order=standard, sku=f"SKU{{i}}-{{line}}", quantity=i + 1)
        DeliveryNoteItem.objects.create(delivery_note=note, standard_order=standard, orders_number=standard.number)
    ZonosOrder.objects.create(zonos_id=f"999-{{i}}", short_id=str(i), sequence=i, last_seen_at=now)
    mein = MeinEinkaufOrder.objects.create(order=order, meineinkauf_id=i + 1, order_number=order.number)
    MeinEinkaufStateChange.objects.create(meineinkauf_order=mein, state="registered", changed_at=now)
    consignment = MeinEinkaufConsignment.objects.create(meineinkauf_order=mein, reference=f"C{{i}}",
                                                        shipment=shipments.get(order.pk))
    MeinEinkaufDocument.objects.create(consignment=consignment, kind="label", name=f"label-{{i}}.pdf")
    ret = MeinEinkaufReturn.objects.create(order=order, meineinkauf_id=i + 1, reference=f"R{{i}}")
    MeinEinkaufReturnStateChange.objects.create(meineinkauf_return=ret, state="announced", changed_at=now)
    MeinEinkaufReturnItem.objects.create(meineinkauf_return=ret, item_key=f"I{{i}}")
MeinEinkaufSyncCursor.objects.create(feed="orders", changed_until=now)
# Innoship's columns on the core rows (moved to its own tables later): values other than the defaults in each,
# and some rows with only one of them.
from decimal import Decimal
for i, order in enumerate(orders):
    Order.objects.filter(pk=order.pk).update(
        service_id=[None, 4, 6][i % 3], fixed_location_id="" if i % 2 else f"LOCKER-{{i}}",
        insurance_amount=Decimal(i) + Decimal("0.25") if i % 4 else None, open_package=i % 5 == 0)
for i, shipment in enumerate(Shipment.objects.order_by("id")[:{{n}}]):
    booked = i % 7 != 0  # every seventh holds only what Innoship's rules changed ('Extra')
    Shipment.objects.filter(pk=shipment.pk).update(
        courier_id=i + 1 if booked else None, price_amount=Decimal("4.10") + i if booked else None,
        price_vat=Decimal("0.78") if booked else None, price_total=Decimal("4.88") + i if booked else None,
        price_currency=["EUR", "RON"][i % 2] if booked else "", expected_delivery=date(2026, 1, 1 + i % 28) if booked
        else None, parcel_barcodes=[f"B{{i}}", f"B{{i}}-2"][: 1 + i % 2] if booked else [],
        booking_extra={{"OpenPackage": True, "BankRepaymentAmount": "12.50"}} if i % 3 == 0 else {{}})
group = Group.objects.create(name="bench clerks")
group.permissions.set(Permission.objects.filter(content_type__model__in={sorted(MOVED_LABELS)!r}))
# Under its old task path only where the old head still has it there (before the moves).
app = "orders" if StandardOrder is not None and StandardOrder.__module__ == "orders.models" else "suppliers"
Schedule.objects.create(name="{SCHEDULE}", func=app + ".innocigs.tasks.late_tracking_sync_task",
                        schedule_type=Schedule.MINUTES, minutes=360, repeats=-1)
"""


# Innoship's columns: (core table, its key, the new table, its key, the columns, their defaults).
INNOSHIP_MOVES = (
    ("orders_order", "id", "innoship_courieroptions", "order_id",
     {"service_id": None, "fixed_location_id": "", "insurance_amount": None, "open_package": False}),
    ("shipping_shipment", "id", "innoship_courierbooking", "shipment_id",
     {"courier_id": None, "price_amount": None, "price_vat": None, "price_total": None, "price_currency": "",
      "expected_delivery": None, "parcel_barcodes": [], "booking_extra": {}}),
)


def _plain(value, default):
    """A value as both databases' drivers agree on it (SQLite returns decimals as floats, booleans as 0/1, dates
    and JSON as text); `default` is its column's, which tells its kind."""
    if isinstance(default, list | dict):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(default, bool):
        return bool(value)
    if isinstance(value, int) or value is None:
        return value
    if isinstance(value, float | Decimal):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    return str(value)


def innoship_values(connection, table, key, columns):
    """{row key: {column: value}} of every row holding a value other than its column's default."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{key}", {", ".join(f'"{c}"' for c in columns)} FROM "{table}"')
        rows = cursor.fetchall()
    found = {}
    for pk, *values in rows:
        plain = {column: _plain(value, columns[column]) for column, value in zip(columns, values, strict=True)}
        if plain != columns:
            found[pk] = plain
    return found


def run(cmd, cwd, env):
    print("$", " ".join("<seed rows in the tables that move>" if "\n" in part else part for part in cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, env=env, check=True)


def empty_database(url):
    if url.startswith("sqlite"):
        Path(url.split("sqlite:///", 1)[1]).unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def counts(connection):
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        found = {}
        for table in tables:
            top = "MAX(id)" if _has_id(connection, cursor, table) else "NULL"
            cursor.execute(f'SELECT COUNT(*), {top} FROM "{table}"')
            found[table] = cursor.fetchone()
        return found


def _has_id(connection, cursor, table):
    return any(c.name == "id" for c in connection.introspection.get_table_description(cursor, table))


def _new_label(label, model):
    old, new = MOVED_LABELS.get(model, (label, label))
    return new if label == old else label


def _target(table):
    moved = RENAMED.get(table, table)
    return RESHAPED.get(moved, moved)


def _before_rows(before, table):
    """The rows a table had before, under its name after the moves or before them."""
    names = {table} | {old for old, new in RENAMED.items() if new == table}
    return sum(before[name][0] for name in names if name in before)


def _kept(table, rows, top, before, after):
    """(table after, its rows, whether every row was kept, rows it gained from the standard orders)."""
    moved = RENAMED.get(table, table)
    new = _target(table)
    rows_after, top_after = after.get(new, (None, None))
    if rows_after is None:
        return new, None, False, 0
    if table in ADDED_TO:
        return new, rows_after, rows_after >= rows and (top_after or 0) >= (top or 0), 0
    if moved in RESHAPED and new in GROWN:  # the lines, now among the order lines
        return new, rows_after, rows_after == _before_rows(before, new) + rows, 0
    if moved in RESHAPED:
        return new, rows_after, rows_after == rows, 0
    if new in GROWN:
        gained = _before_rows(before, GROWN[new])
        return new, rows_after, rows_after == rows + gained and top_after >= top, gained
    return new, rows_after, rows_after == rows and top_after == top, 0


def _grouped(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(sorted(cursor.fetchall()))


def standard_order_states(connection):
    """How many standard orders the old head has in each state (named as a submission's), and how many delivery
    note items name one (the same of its restocks, for a head after them)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if "innocigs_restock" in tables:  # a head after the restocks: they must stay as they are
        return restocks(connection)
    prefix = "innocigs" if "innocigs_standardorder" in tables else "orders"
    states = _grouped(connection, f"""SELECT CASE state WHEN 'placed' THEN 'accepted' ELSE state END, COUNT(*)
                                      FROM {prefix}_standardorder GROUP BY state""")
    linked = _grouped(connection, f"""SELECT 'delivery note items', COUNT(*) FROM {prefix}_deliverynoteitem
                                      WHERE standard_order_id IS NOT NULL""")
    return states | linked


def restocks(connection):
    """The same after the migration: the submissions of the restock orders, and the items naming a restock."""
    states = _grouped(connection, """SELECT s.state, COUNT(*) FROM orders_submission s
                                     JOIN innocigs_restock r ON r.order_id = s.order_id GROUP BY s.state""")
    linked = _grouped(connection, """SELECT 'delivery note items', COUNT(*) FROM innocigs_deliverynoteitem
                                     WHERE restock_id IS NOT NULL""")
    return states | linked


def group_permissions(connection):
    with connection.cursor() as cursor:
        cursor.execute("""SELECT ct.app_label, ct.model, p.codename FROM auth_group g
                          JOIN auth_group_permissions gp ON gp.group_id = g.id
                          JOIN auth_permission p ON p.id = gp.permission_id
                          JOIN django_content_type ct ON ct.id = p.content_type_id
                          WHERE g.name = 'bench clerks'""")
        return set(cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", required=True, help="an old head: the commit before the moves, or before the restocks")
    parser.add_argument("--orders", type=int, default=2_000)
    parser.add_argument("--moved", type=int, default=50, help="rows seeded in each table that moves")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backoffice.settings",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret")}
    empty_database(url)
    with tempfile.TemporaryDirectory(prefix="migration-check-") as tmp:
        old = Path(tmp) / "old"
        run(["git", "worktree", "add", "--detach", str(old), args.old], ROOT, env)
        try:
            venv = old / ".venv"
            if venv.is_symlink():  # a few old commits tracked a .venv link by mistake
                venv.unlink()
            venv.symlink_to(ROOT / ".venv")
            (old / "var").mkdir(exist_ok=True)
            python = str(ROOT / ".venv" / "bin" / "python")
            run([python, "bench/fill.py", "--orders", str(args.orders), "--products", str(args.orders // 4),
                 "--snapshots", str(args.orders * 5), "--exchanges", str(args.orders * 3)], old, env)
            run([python, "-c", SEED.replace("{n}", str(args.moved))], old, env)
        finally:
            run(["git", "worktree", "remove", "--force", str(old)], ROOT, env)

    from setup import django_setup

    django_setup()
    from django.core.management import call_command
    from django.db import connection

    before, perms_before = counts(connection), group_permissions(connection)
    standard_orders = standard_order_states(connection)
    innoship_before = [innoship_values(connection, table, key, columns) for table, key, _n, _k, columns in
                       INNOSHIP_MOVES]
    call_command("migrate", verbosity=1)
    after, perms_after = counts(connection), group_permissions(connection)

    lost = []
    print(f"\n{connection.vendor}: rows of every table, before -> after the migration")
    print(f"{'table (old name)':<42} {'rows':>9}   {'table (new name)':<42} {'rows':>9}")
    for table, (rows, top) in sorted(before.items()):
        new, rows_after, kept, gained = _kept(table, rows, top, before, after)
        shown = "GONE" if rows_after is None else f"{rows_after:,}"
        note = f"   (+{gained:,} from the standard orders)" if gained else ""
        print(f"{table:<42} {rows:>9,}   {new if new != table else '':<42} {shown:>9}{note}"
              f"{'' if kept else '   LOST ROWS'}")
        if not kept:
            lost.append(table)
    for table in sorted(set(after) - {_target(t) for t in before}):
        print(f"{'(new)':<42} {'':>9}   {table:<42} {after[table][0]:>9,}")
    restocks_before, restocks_after = standard_orders, restocks(connection)
    print(f"\nstandard orders by state before {restocks_before}\nrestock submissions by state after "
          f"{restocks_after}")
    if restocks_after != restocks_before:
        lost.append("the states of the standard orders")

    expected = {(_new_label(label, model), model, codename) for label, model, codename in perms_before}
    expected |= {(_new_label(label, model), RENAMED_MODELS[model], codename.replace(model, RENAMED_MODELS[model]))
                 for label, model, codename in perms_before if model in RENAMED_MODELS}
    print(f"\ngroup permissions: {len(perms_before)} before, {len(perms_after)} after, "
          f"{'all on the new app labels' if perms_after == expected else 'NOT KEPT'}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT func FROM django_q_schedule WHERE name = %s", [SCHEDULE])
        [func] = cursor.fetchone()
    print(f"schedule stored under the old task path now runs: {func}")
    for (table, _key, new, new_key, columns), before_values in zip(INNOSHIP_MOVES, innoship_before, strict=True):
        after_values = innoship_values(connection, new, new_key, columns)
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COUNT(*) FROM "{new}"')
            [rows_after] = cursor.fetchone()
        same = after_values == before_values and rows_after == len(before_values)
        print(f"{table} -> {new}: {len(before_values):,} rows with values before, {rows_after:,} rows after, "
              f"{len(before_values) * len(columns):,} values {'all equal' if same else 'NOT EQUAL'}")
        if not same:
            lost.append(f"the values of {table} in {new}")
    broken = []
    if connection.vendor == "sqlite":  # PostgreSQL enforces foreign keys itself
        with connection.cursor() as cursor:
            broken = cursor.execute("PRAGMA foreign_key_check").fetchall()
        print(f"foreign keys: {len(broken)} broken")
    repointed = func == "suppliers.innocigs.tasks.late_tracking_sync_task"
    ok = not lost and not broken and perms_after == expected and repointed
    print("every row kept" if ok else f"LOST: {', '.join(lost) or 'permissions or schedule'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
