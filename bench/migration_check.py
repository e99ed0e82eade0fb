"""Proves that the migrations moving models into the partner apps (issue 13) keep every row.

    DATABASE_URL=sqlite:////tmp/migration-check.sqlite3 python bench/migration_check.py --old COMMIT
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/migration_check python bench/migration_check.py --old COMMIT

COMMIT is the last commit before the moves (the old head). The check empties the database named in
DATABASE_URL (it must not hold anything you want to keep), checks COMMIT out into a temporary worktree, fills the
database there with bench/fill.py (small sizes by default) plus rows in every table that moves, a group holding
their permissions and a schedule under its old task path, then migrates it forward with this checkout's code. It
prints the rows of every table before and after (a moved table under its new name) and exits 1 when a row, a
group's permission or the schedule's task was lost.
"""

import argparse
import os
import subprocess
import sys
import tempfile
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
SCHEDULE = "bench_late_tracking"

# Run by the old code (in its worktree) after fill.py: rows in every table that moves, which fill.py leaves empty.
SEED = f"""
import sys
sys.path.insert(0, "bench")
from setup import django_setup
django_setup()
from datetime import date
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_q.models import Schedule
from orders.models import DeliveryNote, DeliveryNoteItem, Order, StandardOrder, StandardOrderLine, ZonosOrder
from shipping.models import (MeinEinkaufConsignment, MeinEinkaufDocument, MeinEinkaufOrder, MeinEinkaufReturn,
                             MeinEinkaufReturnItem, MeinEinkaufReturnStateChange, MeinEinkaufStateChange,
                             MeinEinkaufSyncCursor, Shipment)

now = timezone.now()
orders = list(Order.objects.order_by("id")[:{{n}}])
shipments = {{s.order_id: s for s in Shipment.objects.filter(order__in=orders)}}
for i, order in enumerate(orders):
    standard = StandardOrder.objects.create(number=f"RESTOCK-{{i}}", created_by="bench")
    StandardOrderLine.objects.create(standard_order=standard, sku=f"SKU{{i}}", quantity=i + 1)
    note = DeliveryNote.objects.create(number=f"LS-{{i}}", day=date(2025, 1, 1 + i % 28))
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
group = Group.objects.create(name="bench clerks")
group.permissions.set(Permission.objects.filter(content_type__model__in={sorted(MOVED_LABELS)!r}))
Schedule.objects.create(name="{SCHEDULE}", func="orders.innocigs.tasks.late_tracking_sync_task",
                        schedule_type=Schedule.MINUTES, minutes=360, repeats=-1)
"""


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
    parser.add_argument("--old", required=True, help="the commit before the moves")
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
            (old / ".venv").symlink_to(ROOT / ".venv")
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
    call_command("migrate", verbosity=1)
    after, perms_after = counts(connection), group_permissions(connection)

    lost = []
    print(f"\n{connection.vendor}: rows of every table, before -> after the migration")
    print(f"{'table (old name)':<42} {'rows':>9}   {'table (new name)':<42} {'rows':>9}")
    for table, (rows, top) in sorted(before.items()):
        new = RENAMED.get(table, table)
        rows_after, top_after = after.get(new, (None, None))
        kept = rows_after == rows and top_after == top
        if table == "django_migrations":
            kept = rows_after is not None and rows_after >= rows  # the new migrations are added
        shown = "GONE" if rows_after is None else f"{rows_after:,}"
        print(f"{table:<42} {rows:>9,}   {new if new != table else '':<42} {shown:>9}{'' if kept else '   LOST ROWS'}")
        if not kept:
            lost.append(table)
    for table in sorted(set(after) - {RENAMED.get(t, t) for t in before}):
        print(f"{'(new)':<42} {'':>9}   {table:<42} {after[table][0]:>9,}")

    expected = {(_new_label(label, model), model, codename) for label, model, codename in perms_before}
    print(f"\ngroup permissions: {len(perms_before)} before, {len(perms_after)} after, "
          f"{'all on the new app labels' if perms_after == expected else 'NOT KEPT'}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT func FROM django_q_schedule WHERE name = %s", [SCHEDULE])
        [func] = cursor.fetchone()
    print(f"schedule stored under the old task path now runs: {func}")
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
