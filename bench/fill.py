"""Fills the database with a large shop's data for the scale benchmarks (issues 8 and 16).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/fill.py [--scale 1]

Defaults: 200,000 orders with 600,000 lines, 1,000,000 partner exchanges, 5,000,000 stock snapshots over
100,000 products, plus the submissions, history and about 158,000 shipments those orders would have, 2,000
jobs and the MeinEinkauf returns of the returned orders; `--scale` multiplies every count. Everything is dated
relative to now (orders over the last 690 days, up to today), so "past 7 days" and this month have rows.
Existing rows are kept; only what is missing is added, so a second run is quick.
"""

import argparse
import random
import time
from datetime import UTC, datetime, timedelta

from setup import django_setup

django_setup()

from bulk import bulk_insert  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from backoffice.maintenance import database_statistics  # noqa: E402
from backoffice.models import Job, PartnerExchange  # noqa: E402
from orders.models import Address, Order, OrderEvent, OrderLine, Submission  # noqa: E402
from shipping.meineinkauf.models import MeinEinkaufReturn  # noqa: E402
from shipping.models import Shipment  # noqa: E402
from suppliers.models import Product, StockSnapshot  # noqa: E402

NOW = datetime.now(UTC).replace(microsecond=0)
DAYS = 690  # the orders' span, ending today
START = NOW - timedelta(days=DAYS)
CARRIERS = ["DHL", "DHL", "DHL", "GLS", "DPD", "Hermes", "Post CH"]
STATUSES = [("delivered", 70), ("submitted", 8), ("ready", 10), ("shipped", 7), ("returned", 2), ("cancelled", 3)]
ROUTES = [("innocigs", 80), ("innoship", 12), ("meineinkauf", 8)]
rng = random.Random(42)


def weighted(choices):
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def step(label, fn):
    started = time.monotonic()
    count = fn()
    print(f"{label:<14} {count:>10,} rows in {time.monotonic() - started:6.1f} s", flush=True)


def new_ids(model, count):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {model._meta.db_table} ORDER BY id DESC LIMIT %s", [count])
        return [row[0] for row in reversed(cursor.fetchall())]


def fill_products(target):
    missing = target - Product.objects.count()
    if missing <= 0:
        return 0
    offset = Product.objects.count()
    return bulk_insert(Product, (
        {"model": f"BENCH{offset + i:07d}", "name": f"Liquid {offset + i} 10 ml", "ean": f"40{offset + i:011d}",
         "manufacturer": f"Maker {i % 60}", "category_path": f"Liquids > Brand {i % 40}",
         "purchase_price": f"{2 + i % 30}.50", "recommended_price": f"{5 + i % 30}.95",
         "stock_quantity": rng.choice([0, 3, 12, 40, 120]), "active": i % 50 != 0,
         "first_seen": START, "last_seen": START}
        for i in range(missing)
    ))


def fill_snapshots(target):
    missing = target - StockSnapshot.objects.count()
    if missing <= 0:
        return 0
    product_ids = list(Product.objects.values_list("id", flat=True))
    per_product = max(1, missing // len(product_ids))
    rows = (
        {"product_id": pid, "quantity": rng.randrange(0, 200), "shipping_status": "Sofort lieferbar",
         "taken_at": NOW - timedelta(minutes=15 * (per_product - n))}
        for pid in product_ids for n in range(per_product)
    )
    return bulk_insert(StockSnapshot, rows)


def fill_orders(target):
    existing = Order.objects.count()
    missing = target - existing
    if missing <= 0:
        return 0
    bulk_insert(Address, (
        {"first_name": f"Kundin{i}", "last_name": f"Muster{i % 997}", "street": "Teststrasse",
         "house_number": str(i % 200 + 1), "postcode": f"{20000 + i % 70000}", "city": "Hamburg", "country": "DE"}
        for i in range(missing)
    ))
    address_ids = new_ids(Address, missing)
    orders = []
    for n, address_id in enumerate(address_ids):
        i = existing + n
        status = weighted(STATUSES)
        state = "" if status == "ready" else "accepted"
        if status == "ready" and i % 7 == 0:
            state = "refused"
        placed = min(START + timedelta(days=i % (DAYS + 1), minutes=i % 1440), NOW)
        orders.append({
            "number": f"B{i:07d}", "placed_at": placed.date(),
            "route": weighted(ROUTES), "status": status, "submission_state": state,
            "partner_reference": str(100000 + i) if state == "accepted" else "", "currency": "EUR",
            "payment_type": "paypal", "shipping_cost": "4.90", "cash_on_delivery": "0.00",
            "email": f"kundin{i}@example.com", "phone": "+49 40 123456", "shipping_address_id": address_id,
            "created_at": placed, "updated_at": placed,
        })
    bulk_insert(Order, orders)
    order_ids = new_ids(Order, missing)
    skus = list(Product.objects.values_list("model", "id")[:5000])
    bulk_insert(OrderLine, (
        {"order_id": oid, "sku": skus[(k * 3 + j) % len(skus)][0], "product_id": skus[(k * 3 + j) % len(skus)][1],
         "name": "Liquid", "quantity": 1 + j, "unit_price": "12.50", "vat_rate": "19.00", "weight_grams": 120}
        for k, oid in enumerate(order_ids) for j in range(3)
    ))
    submitted = [(oid, o) for oid, o in zip(order_ids, orders, strict=True) if o["submission_state"]]
    bulk_insert(Submission, (
        {"order_id": oid, "partner": o["route"], "attempt": 1, "state": o["submission_state"],
         "reference": o["number"], "partner_reference": o["partner_reference"], "created_by": "schedule:bench",
         "created_at": o["created_at"], "references": {"DROPSHIP_ID": o["partner_reference"]}, "errors": []}
        for oid, o in submitted
    ))
    bulk_insert(OrderEvent, (
        {"order_id": oid, "from_state": "ready", "to_state": o["status"], "actor": "schedule:bench",
         "created_at": o["created_at"]}
        for oid, o in zip(order_ids, orders, strict=True)
    ))
    shipped = [(oid, o) for oid, o in zip(order_ids, orders, strict=True)
               if o["status"] in ("shipped", "delivered", "returned")]
    bulk_insert(Shipment, (
        {"order_id": oid, "partner": o["route"], "carrier": CARRIERS[oid % len(CARRIERS)],
         "tracking_code": f"00340{oid:012d}",
         "tracking_url": f"https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340{oid:012d}",
         "delivery_state": o["status"] if o["status"] != "shipped" else "in_transit", "created_at": o["created_at"]}
        for oid, o in shipped
    ))
    return missing


def fill_exchanges(target):
    missing = target - PartnerExchange.objects.count()
    if missing <= 0:
        return 0
    order_type = ContentType.objects.get_for_model(Order).pk
    order_ids = list(Order.objects.values_list("id", "number")[:200_000])
    partners = ["innocigs", "innoship", "meineinkauf", "zonos"]
    return bulk_insert(PartnerExchange, (
        {"partner": partners[i % 4], "operation": ["stock", "dropship", "tracking", "orderNumbers"][i % 4],
         "method": "POST" if i % 2 else "GET", "url": f"https://partner.example/api/{i % 50}",
         "status_code": 200 if i % 20 else 503, "duration_ms": 40 + i % 400,
         "request_body": '{"bench": true}', "response_body": '{"ok": true}',
         "content_type_id": order_type, "object_id": str(order_ids[i % len(order_ids)][0]),
         "related_label": order_ids[i % len(order_ids)][1], "triggered_by": "schedule:bench",
         "created_at": NOW - timedelta(seconds=30 * (missing - i))}
        for i in range(missing)
    ))


def fill_jobs(target):
    missing = target - Job.objects.count()
    if missing <= 0:
        return 0
    kinds = ["Submit to InnoCigs", "Book with Innoship", "Register with MeinEinkauf", "Refresh stock"]
    return bulk_insert(Job, (
        {"kind": kinds[i % 4], "status": "succeeded" if i % 10 else "failed", "total": 25, "done": 25,
         "succeeded": 25 if i % 10 else 20, "failed": 0 if i % 10 else 5, "lines": [f"B{i:07d} accepted"],
         "created_by": "user:bench", "created_at": NOW - timedelta(hours=i), "finished_at": NOW - timedelta(hours=i)}
        for i in range(missing)
    ))


def fill_returns():
    """A MeinEinkauf return for each returned order of that route."""
    if MeinEinkaufReturn.objects.exists():
        return 0
    returned = Order.objects.filter(status="returned").values_list("id", "number", "created_at")
    states = ["announced", "arrived", "checked", "refunded"]
    return bulk_insert(MeinEinkaufReturn, (
        {"meineinkauf_id": 900_000 + k, "reference": f"R{k:07d}", "order_id": oid, "order_number": number,
         "processing_state": states[k % 4], "state_changed_at": created + timedelta(days=5),
         "transfer_date": (created + timedelta(days=3)).date(), "carrier": "Post CH",
         "tracking_number": f"99.00.{k:08d}", "handled_at": None if k % 3 else created + timedelta(days=6)}
        for k, (oid, number, created) in enumerate(list(returned))  # not a cursor: COPY holds the connection
    ))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--snapshots", type=int, default=5_000_000)
    parser.add_argument("--exchanges", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count above")
    args = parser.parse_args()
    for name in ("orders", "products", "snapshots", "exchanges", "jobs"):
        setattr(args, name, round(getattr(args, name) * args.scale))
    call_command("migrate", verbosity=0)
    print(f"filling {connection.vendor} database {connection.settings_dict['NAME']}")
    with transaction.atomic():
        step("products", lambda: fill_products(args.products))
        step("orders", lambda: fill_orders(args.orders))
    step("exchanges", lambda: fill_exchanges(args.exchanges))
    step("snapshots", lambda: fill_snapshots(args.snapshots))
    step("jobs", lambda: fill_jobs(args.jobs))
    step("returns", fill_returns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now: statistics and the visibility map
    else:
        print(database_statistics())  # as the nightly schedule would have by now


if __name__ == "__main__":
    main()
