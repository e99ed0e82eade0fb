"""Admin page benchmark: the catalogue's list and detail pages at 100,000 products and 5 million stock snapshots.

    python bench/admin_bench.py [--products 100000] [--snapshots 5000000] [--scale 1] [--runs 9]
    python bench/admin_bench.py --database-url postgres://postgres@127.0.0.1:5432/NAME --reset-database

By default it fills a new SQLite file (the project's default database); with --database-url it fills that
database instead, and --reset-database drops everything in it first (PostgreSQL). Snapshots are loaded with one
executemany per batch on SQLite and COPY on PostgreSQL, with the indexes built after the load.

Each page is requested through Django's test client as a logged-in superuser: two warm-up requests, then
--runs timed ones (in process: no web server, so the figures are the page's own cost; bench/admin_pages.py
measures over gunicorn). It prints the median and slowest time and the number of SQL queries of each page,
each beside the goal of issue 16: median < 150 ms (and slowest < 500 ms, standing in for the p95), with a query
count that does not depend on the data. `--scale` multiplies the products and snapshots.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MANUFACTURERS = ["Twelve Monkeys", "Ace of Vapor", "Aspire", "InnoCigs", "SC", "Vaporesso", "Dampfdidas", "Must Have",
                 "Geekvape", "Uwell", "Erste Sahne", "Flavour Smoke", "Smok", "Eleaf", "Lost Vape", "Voopoo", "Dinner "
                 "Lady", "Nasty Juice", "Pod Salt", "Elf Bar"]
FLAVOURS = ["Erdbeere", "Tabak", "Menthol", "Vanille", "Mango", "Kirsche", "Cola", "Pfirsich", "Melone", "Minze",
            "Blaubeere", "Apfel", "Zitrone", "Traube", "Kokos"]


def configure(database_url):
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "backoffice.settings", "DATABASE_URL": database_url, "SECRET_KEY": "bench-only",
        "DEBUG": "false", "SANDBOX": "false", "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING", "REDIS_URL": "",
    })
    import django
    from django.conf import settings

    django.setup()
    # Production serves hashed static files after collectstatic; the page timings do not depend on it.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def reset_postgres():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def product_rows(count, now):
    from suppliers.services.common import PRODUCT_COLUMNS

    for i in range(count):
        flavour, brand = FLAVOURS[i % len(FLAVOURS)], MANUFACTURERS[(i // 7) % len(MANUFACTURERS)]
        price = 150 + (i * 37) % 3000
        values = {
            "model": f"SB{i:06d}-{i % 3 * 3}", "master": f"SB{i // 3:06d}", "ean": f"{426051000000 + i:013d}",
            "name": f"{brand} - {flavour} - 10ml - {i % 3 * 3}mg/ml", "parent_name": f"{brand} - {flavour}",
            "category_path": f"Liquids > {brand}" if i % 4 else f"Hardware > {brand}", "manufacturer": brand,
            "image_urls": [f"https://cdn.innocigs.invalid/{i}.png"], "vpe_content": "10.000", "vpe_unit": "ml",
            "attributes": {"Packung": "1er Packung"}, "description": "", "composition": "", "manual_url": "",
            "purchase_price": f"{price / 100:.4f}", "recommended_price": f"{price * 2.1 / 100:.4f}",
            "weight_grams": None, "active": i % 50 != 0, "first_seen": now, "last_seen": now,
            "stock_quantity": (i * 53) % 230 - 30 if (i * 53) % 230 > 30 else 0,
            "shipping_status": "Sofort lieferbar", "stock_changed_at": now,
        }
        yield [values[name] for name in PRODUCT_COLUMNS]


def snapshot_rows(products, per_product, first_id, now):
    """In the order a year of syncs would have written them: time first, so ids follow time."""
    start = now - timedelta(days=365)
    step = timedelta(days=365) / per_product
    for n in range(per_product):
        at = start + step * n
        for i in range(products):
            quantity = max(0, (i * 53 + n * 17) % 230 - 30)
            yield (first_id + i, quantity, "Sofort lieferbar" if quantity else "in 1-10 Tagen lieferbar",
                   at + timedelta(seconds=i % 900))


def fill(products, snapshots):
    from django.db import connection, transaction

    from backoffice.bulk import insert_rows
    from suppliers.models import OtherUnit, PriceTier, Product, StockSnapshot
    from suppliers.services.common import PRODUCT_COLUMNS

    now = datetime.now(UTC)
    started = time.perf_counter()
    with transaction.atomic():
        insert_rows(Product, PRODUCT_COLUMNS, product_rows(products, now))
    first_id = Product.objects.order_by("id").values_list("id", flat=True).first()
    with transaction.atomic():
        insert_rows(PriceTier, ["product", "min_quantity", "price"],
                    ((first_id + i, q, "1.0000") for i in range(0, products, 3) for q in (10, 20)))
        insert_rows(OtherUnit, ["product", "model", "package_size", "price", "price_per_unit"],
                    ((first_id + i, f"SB{i:06d}-H", 10, "20.0000", "2.000000") for i in range(0, products, 5)))
    print(f"{products:,} products in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)

    started = time.perf_counter()
    per_product = max(snapshots // products, 1)
    indexes = list(StockSnapshot._meta.indexes)
    with connection.schema_editor() as editor:  # an index is built faster once than row by row
        for index in indexes:
            editor.remove_index(StockSnapshot, index)
    rows = snapshot_rows(products, per_product, first_id, now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(
            "COPY suppliers_stocksnapshot (product_id, quantity, shipping_status, taken_at) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        with transaction.atomic():
            insert_rows(StockSnapshot, ["product", "quantity", "shipping_status", "taken_at"], rows)
    loaded = time.perf_counter() - started
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(StockSnapshot, index)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{products * per_product:,} snapshots in {loaded:.1f} s, indexes in "
          f"{time.perf_counter() - started - loaded:.1f} s", file=sys.stderr, flush=True)
    return first_id


def pages(first_id, products):
    middle = first_id + products // 2
    model = f"SB{products // 2:06d}-{products // 2 % 3 * 3}"
    return [
        ("product list", "/admin/suppliers/product/"),
        ("search: the start of a model number", f"/admin/suppliers/product/?q={model[:7]}"),
        ("search: EAN", f"/admin/suppliers/product/?q={426051000000 + products // 3:013d}"),
        ("search: name", "/admin/suppliers/product/?q=Mango"),
        ("filter: low stock, active", "/admin/suppliers/product/?stock=low&active=active"),
        ("filter: out of stock", "/admin/suppliers/product/?stock=out"),
        ("filter: gone", "/admin/suppliers/product/?active=gone"),
        ("filter: manufacturer + in stock", "/admin/suppliers/product/?manufacturer=Aspire&stock=in"),
        ("filter: category + search", "/admin/suppliers/product/?category_path=Liquids+%3E+Uwell&q=Kirsche"),
        ("product page (chart of 50 changes)", f"/admin/suppliers/product/{middle}/change/"),
        ("snapshot history, all", "/admin/suppliers/stocksnapshot/"),
        ("snapshot history, one product", f"/admin/suppliers/stocksnapshot/?product__id__exact={middle}"),
        ("snapshot history, search model", f"/admin/suppliers/stocksnapshot/?q={model}"),
        ("snapshot history, page 50", "/admin/suppliers/stocksnapshot/?p=50"),
    ]


def measure(runs, first_id, products):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.create_superuser("bench", password="bench-only-password")  # noqa: S106
    client = Client()
    client.force_login(user)
    results = []
    for label, url in pages(first_id, products):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results.append((label, url, statistics.median(times), max(times), len(queries)))
        print(f"  {label}: {statistics.median(times):.0f} ms", file=sys.stderr, flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--snapshots", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary directory")
    parser.add_argument("--reset-database", action="store_true", help="drop everything in --database-url first")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies --products and --snapshots")
    options = parser.parse_args()
    options.products, options.snapshots = round(options.products * options.scale), round(options.snapshots *
                                                                                         options.scale)
    work = Path(tempfile.mkdtemp(prefix="admin-bench-"))
    configure(options.database_url or f"sqlite:///{work / 'admin.sqlite3'}")
    from django.core.management import call_command
    from django.db import connection

    if options.reset_database:
        reset_postgres()
    call_command("migrate", verbosity=0)
    first_id = fill(options.products, options.snapshots)
    results = measure(options.runs, first_id, options.products)
    print(f"\n{connection.vendor}, {options.products:,} products, "
          f"{options.products * max(options.snapshots // options.products, 1):,} snapshots, "
          f"median of {options.runs} requests\n")
    print("| page | median ms | slowest ms | SQL queries | goal: median < 150, slowest < 500 |")
    print("|---|---:|---:|---:|---|")
    for label, url, median, slowest, queries in results:
        met = "met" if median < 150 and slowest < 500 else "MISSED"
        print(f"| {label} (`{url.replace(str(first_id + options.products // 2), 'ID')}`) | {median:.0f} | "
              f"{slowest:.0f} | {queries} | {met} |")
    if connection.vendor == "sqlite":
        connection.close()
        for path in work.iterdir():
            path.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
