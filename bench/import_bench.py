"""Import benchmark: `manage.py import_orders` of a generated CSV file, its time and peak memory.

    python bench/import_bench.py [--sizes 5000 20000] [--repeat 1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/import_bench.py   # PostgreSQL too

Each run is a fresh child process on a fresh database (a new SQLite file; on PostgreSQL a database
`<name>_import_bench` created anew beside the one DATABASE_URL names), migrated before the clock starts. The child
imports the file through the management command, as staff would, and reports the wall time of the import
and the growth of its peak resident memory during it. Orders have two lines each, in the shape of the
sample file; half of them carry a billing address.

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


def write_file(path, size):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["BACKOFFICE_ENV_FILE"] = ""
    import django

    django.setup()
    from orders.services.import_files import csv_columns

    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=csv_columns())
        writer.writeheader()
        for n in range(size):
            order = {"number": f"B{n:07d}", "placed_at": "2026-11-20", "route": "innocigs", "currency": "EUR",
                     "payment_type": "paypal", "shipping_cost": "4.90", "email": f"customer{n}@example.com",
                     "phone": "+49 40 1234567", "shipping_first_name": "Jane", "shipping_last_name": f"Doe{n}",
                     "shipping_street": "Teststraße", "shipping_house_number": str(n % 200 + 1),
                     "shipping_postcode": f"{10000 + n % 89999}", "shipping_city": "Hamburg",
                     "shipping_country": "DE"}
            if n % 2:
                order.update({"billing_first_name": "John", "billing_last_name": f"Doe{n}",
                              "billing_street": "Rechnungsweg", "billing_postcode": "20095",
                              "billing_city": "Hamburg", "billing_country": "DE"})
            for sku, quantity, price in (("IC10000L10-TE-3", 2, "12.50"), ("IC20000C5-0", 1, "9.90")):
                writer.writerow({**order, "sku": sku, "name": "Liquid", "quantity": quantity, "unit_price": price,
                                 "vat_rate": "19"})


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
    args = parser.parse_args()
    databases = ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else [])
    with tempfile.TemporaryDirectory() as workdir:
        files = {}
        for size in args.sizes:
            files[size] = Path(workdir) / f"orders-{size}.csv"
            write_file(files[size], size)
        print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        print(f"{'database':<11} {'orders':>7} {'file MB':>8} {'seconds':>8} {'orders/s':>9} {'peak MB':>8} "
              f"{'growth MB':>10}  goals")
        for database in databases:
            growths = {}
            for size in sorted(args.sizes):
                runs = [run_once(database, files[size], workdir) for _ in range(args.repeat)]
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
                print(f"{database:<11} {size:>7} {files[size].stat().st_size / 1e6:>8.1f} {seconds:>8.1f} "
                      f"{size / seconds:>9.0f} {peak:>8.0f} {growth:>10.1f}  {'; '.join(goals)}", flush=True)
        print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
