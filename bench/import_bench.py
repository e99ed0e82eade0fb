"""Import benchmark: `manage.py import_orders` of a generated CSV and JSON file, its time and peak memory.

    python bench/import_bench.py [--sizes 5000 20000] [--repeat 1] [--format csv|json|both]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/import_bench.py   # PostgreSQL too

Each run is a fresh child process on a fresh database (a new SQLite file; on PostgreSQL a database
`<name>_import_bench` created anew beside the one DATABASE_URL names), migrated before the clock starts. The child
imports the file through the management command, as staff would, and reports the wall time of the import
and the growth of its peak resident memory during it. Orders have two lines each, in the shape of the
sample file; half of them carry a billing address. The CSV and the JSON file hold the same orders.

Goals (issue 16), printed beside the figures: 20,000 orders in under 60 s; memory flat, i.e. the growth of the
peak during the import at the largest size within FLAT_MB of the growth at the smallest (before the streaming
reader it rose from 35 MB at 5,000 orders to 170 MB at 20,000).
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 60
TARGET_SIZE = 20000
FLAT_MB = 10

CHILD = r"""
import json, os, resource, sys, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from orders.models import Order
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
call_command("import_orders", sys.argv[1], stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "growth_mb": (peak - before) / 1024, "peak_mb": peak / 1024,
                  "orders": Order.objects.count()}))
"""


def generated_orders(size):
    """The orders of the import format, as a JSON file holds them."""
    for n in range(size):
        order = {"number": f"B{n:07d}", "placed_at": "2026-11-20", "route": "innocigs", "currency": "EUR",
                 "payment_type": "paypal", "shipping_cost": "4.90", "email": f"customer{n}@example.com",
                 "phone": "+49 40 1234567",
                 "shipping_address": {"first_name": "Jane", "last_name": f"Doe{n}", "street": "Teststraße",
                                      "house_number": str(n % 200 + 1), "postcode": f"{10000 + n % 89999}",
                                      "city": "Hamburg", "country": "DE"},
                 "lines": [{"sku": sku, "name": "Liquid", "quantity": quantity, "unit_price": price, "vat_rate": "19"}
                           for sku, quantity, price in (("IC10000L10-TE-3", 2, "12.50"), ("IC20000C5-0", 1, "9.90"))]}
        if n % 2:
            order["billing_address"] = {"first_name": "John", "last_name": f"Doe{n}", "street": "Rechnungsweg",
                                        "postcode": "20095", "city": "Hamburg", "country": "DE"}
        yield order


def write_file(path, size, file_format):
    """A file of `size` generated orders, written one order at a time: CSV (a row per line, the order's columns
    repeated) or JSON (`{"orders": [...]}`, an order a line)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["BACKOFFICE_ENV_FILE"] = ""
    import django

    django.setup()
    from orders.services.import_files import ADDRESS_PREFIXES, csv_columns

    with open(path, "w", newline="", encoding="utf-8") as out:
        if file_format == "json":
            out.write('{"orders": [\n')
            for n, order in enumerate(generated_orders(size)):
                out.write(("," if n else "") + json.dumps(order, ensure_ascii=False) + "\n")
            out.write("]}\n")
            return
        writer = csv.DictWriter(out, fieldnames=csv_columns())
        writer.writeheader()
        for order in generated_orders(size):
            head = {key: value for key, value in order.items() if key not in (*ADDRESS_PREFIXES, "lines")}
            for key, prefix in ADDRESS_PREFIXES.items():
                head.update({prefix + name: value for name, value in order.get(key, {}).items()})
            for line in order["lines"]:
                writer.writerow({**head, **line})


def fresh_postgres(url):
    """The URL of a new, empty database `<name>_import_bench` on the server of `url` (its own per DATABASE_URL,
    so two people benchmarking on one server do not drop each other's)."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.strip('/') or 'postgres'}_import_bench"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def run_once(database, path, workdir):
    url = (f"sqlite:///{workdir}/bench-{os.getpid()}.sqlite3" if database == "sqlite"
           else fresh_postgres(os.environ["DATABASE_URL"]))
    if database == "sqlite":
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backoffice.settings", "DATABASE_URL": url,
           "SECRET_KEY": "bench-only", "DEBUG": "false", "SANDBOX": "false", "LOG_LEVEL": "WARNING",
           "REDIS_URL": "", "BACKOFFICE_ENV_FILE": ""}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size and database; the median is shown")
    parser.add_argument("--format", choices=["csv", "json", "both"], default="both", help="the import file's format")
    args = parser.parse_args()
    formats = ["csv", "json"] if args.format == "both" else [args.format]
    databases = ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else [])
    with tempfile.TemporaryDirectory() as workdir:
        files = {}
        for file_format in formats:
            for size in args.sizes:
                files[file_format, size] = Path(workdir) / f"orders-{size}.{file_format}"
                write_file(files[file_format, size], size, file_format)
        print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        print(f"{'database':<11} {'format':<6} {'orders':>7} {'file MB':>8} {'seconds':>8} {'orders/s':>9} "
              f"{'peak MB':>8} {'growth MB':>10}  goals")
        for database, file_format in [(database, file_format) for database in databases for file_format in formats]:
            growths = {}
            for size in sorted(args.sizes):
                path = files[file_format, size]
                runs = [run_once(database, path, workdir) for _ in range(args.repeat)]
                assert all(run["orders"] == size for run in runs), runs
                seconds = statistics.median(run["seconds"] for run in runs)
                growth = growths[size] = statistics.median(run["growth_mb"] for run in runs)
                peak = statistics.median(run["peak_mb"] for run in runs)
                goals = []
                if size == TARGET_SIZE:
                    goals.append(f"< {TARGET_SECONDS} s: {'met' if seconds < TARGET_SECONDS else 'MISSED'} "
                                 f"({seconds:.1f} s)")
                smallest = min(growths)
                if size != smallest:
                    flat = growth - growths[smallest] <= FLAT_MB
                    goals.append(f"memory flat (growth within {FLAT_MB} MB of {smallest} orders' "
                                 f"{growths[smallest]:.1f} MB): {'met' if flat else 'MISSED'} "
                                 f"({growth - growths[smallest]:+.1f} MB)")
                print(f"{database:<11} {file_format:<6} {size:>7} {path.stat().st_size / 1e6:>8.1f} {seconds:>8.1f} "
                      f"{size / seconds:>9.0f} {peak:>8.0f} {growth:>10.1f}  {'; '.join(goals)}", flush=True)
        print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
