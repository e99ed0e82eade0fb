"""Fills the database with a large shop's data for the scale benchmarks (issue 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/fill.py

Defaults: 200,000 orders with 600,000 lines, 1,000,000 partner exchanges, 5,000,000 stock snapshots over
100,000 products, plus the submissions, history and shipments those orders would have. Existing rows are
kept; only what is missing is added, so a second run is quick.
"""

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta

from setup import django_setup

django_setup()

from bulk import bulk_insert  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from backoffice.models import PartnerExchange  # noqa: E402
from orders.models import Address, Order, OrderEvent, OrderLine, Submission  # noqa: E402
from shipping.models import Shipment  # noqa: E402
from suppliers.models import Product, StockSnapshot  # noqa: E402

START = datetime(2025, 1, 1, tzinfo=UTC)
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
         "taken_at": START + timedelta(minutes=15 * n)}
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
        orders.append({
            "number": f"B{i:07d}", "placed_at": date(2025, 1, 1) + timedelta(days=i % 690),
            "route": weighted(ROUTES), "status": status, "submission_state": state,
            "partner_reference": str(100000 + i) if state == "accepted" else "", "currency": "EUR",
            "payment_type": "paypal", "shipping_cost": "4.90", "cash_on_delivery": "0.00",
            "email": f"kundin{i}@example.com", "phone": "+49 40 123456", "shipping_address_id": address_id,
            "created_at": START + timedelta(minutes=i), "updated_at": START + timedelta(minutes=i),
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
        {"order_id": oid, "partner": o["route"], "carrier": "DHL", "tracking_code": f"00340{oid:012d}",
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
         "created_at": START + timedelta(seconds=30 * i)}
        for i in range(missing)
    ))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--snapshots", type=int, default=5_000_000)
    parser.add_argument("--exchanges", type=int, default=1_000_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"filling {connection.vendor} database {connection.settings_dict['NAME']}")
    with transaction.atomic():
        step("products", lambda: fill_products(args.products))
        step("orders", lambda: fill_orders(args.orders))
    step("exchanges", lambda: fill_exchanges(args.exchanges))
    step("snapshots", lambda: fill_snapshots(args.snapshots))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now: statistics and the visibility map


if __name__ == "__main__":
    main()
