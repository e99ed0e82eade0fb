"""Catalogue sync benchmark: sync_products and sync_stock, both APIs, on SQLite and PostgreSQL, paired with floors.

    python bench/sync_bench.py [--scale 1] [--repeat 3] [--apis rest xml] [--databases sqlite postgresql]
                               [--kinds products stock] [--postgres postgres://postgres@127.0.0.1:5432]
                               [--postgres-prefix syncbench]

Sizes are 10,000 and 50,000 products times `--scale` (0.2 runs in a few minutes). The sandbox's generator
builds the feeds in the documented shapes (decimal commas and all); a small HTTP server on loopback serves
them. Each sync runs in a fresh child process, end to end through the management command: download, parse,
write, run record, audit. Each repeat starts from the same data and runs, in this order: the floor of the
first sync, the first sync, the floor of the resync (5% of the products changed), the resync. So every ratio
is a pair measured back to back, and the medians of the repeats are printed with their spread (min-max).

A floor does the same job in its fastest plain form, in a child process, against the same database: it
downloads the same feed, parses it (json.loads, or lxml iterparse walking each item's children once), and
writes the same rows with the bare driver. Stock: it reads the products' current stock, and for each changed
one updates the product and inserts a snapshot (SQLite: executemany; PostgreSQL: COPY into a temporary table,
one UPDATE ... FROM, COPY of the snapshots). Catalogue: it writes 11 plain columns per product into a
temporary table (the sync also stores images, attributes, graduated prices and other units). A floor's
transaction is rolled back, so it leaves the data as it found it.

Goals (issue 16): the 50,000-product stock sync <= 2x its floor; a stock resync with 5% changes <= 0.5x the
first; the catalogue sync's peak memory growing by < 50 MB from 10,000 to 50,000 products.

The floors are kept beside the runs they are paired with, so one file says what is compared; the databases are
bench/sync_stores.py, the feeds bench/sync_feeds.py.
"""

import argparse
import io
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CID, PASSWORD = "12345", "bench-password"
STOCK_FIELDS = ("PRODUCTS_MODEL", "QUANTITY", "SHIPPING_STATUS")
PRODUCT_FIELDS = ("MODEL", "MASTER", "EAN", "NAME", "PARENT_NAME", "CATEGORY", "MANUFACTURER", "PRODUCTS_PRICE",
                  "PRODUCTS_PRICE_RECOMMENDED", "PRODUCTS_IMAGE", "PRODUCTS_MANUAL")
STOCK_GOAL, RESYNC_GOAL, MEMORY_GOAL_MB = 2.0, 0.5, 50

from sync_feeds import Feeds, payloads, serve  # noqa: E402
from sync_stores import PostgresStore, open_store  # noqa: E402


def django_env(database_url, url, api):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "backoffice.settings", "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-only", "DEBUG": "false", "SANDBOX": "false", "LOG_LEVEL": "WARNING",
            "INNOCIGS_BASE_URL": url, "INNOCIGS_CID": CID, "INNOCIGS_PASSWORD": PASSWORD, "INNOCIGS_API": api,
            "INNOCIGS_READ_TIMEOUT": "300", "REDIS_URL": "", "BACKOFFICE_ENV_FILE": ""}


# --- child processes ------------------------------------------------------------------------------------------


def _status_kb(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def start_peak():
    """Resets the peak resident set to the current one and returns it (kB). The child's getrusage peak would
    include the parent's size at fork, so /proc is read instead."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    return _status_kb("VmRSS")


def child_sync(kind):
    import django

    django.setup()
    from django.core.management import call_command

    command = {"stock": "sync_stock", "products": "sync_products"}[kind]
    out = io.StringIO()
    before = start_peak()
    started = time.perf_counter()
    call_command(command, stdout=out, stderr=io.StringIO())
    seconds = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    return {"seconds": seconds, "peak_mb": peak / 1024, "growth_mb": (peak - before) / 1024,
            "summary": out.getvalue().strip().splitlines()[0]}


def floor_rows(kind, api, url):
    """The feed downloaded and parsed in its fastest plain form: one tuple of strings per item."""
    import requests
    from lxml import etree

    fields = STOCK_FIELDS if kind == "stock" else PRODUCT_FIELDS
    if api == "rest":
        path = "quantity_all" if kind == "stock" else "products/normal"
        body = requests.get(f"{url}/restapi/{path}", headers={"Auth": f"{CID}:{PASSWORD}"}, timeout=(5, 300)).content
        items = json.loads(body)["QUANTITIES" if kind == "stock" else "PRODUCTS"]["PRODUCT"]
        return [tuple(str(item.get(f, "")) for f in fields) for item in items]
    command = "quantity_all" if kind == "stock" else "products"
    body = requests.post(f"{url}/xmlapi/apiv2.php", data={"cid": CID, "auth": PASSWORD, "command": command,
                                                           "type": "normal"}, timeout=(5, 300)).content
    rows = []
    for _, element in etree.iterparse(io.BytesIO(body), events=("end",), tag="PRODUCT"):
        values = {child.tag: child.text for child in element}  # each child once
        rows.append(tuple(values.get(f) or "" for f in fields))
        element.clear()
    return rows


def floor_write_stock(connection, postgres, rows):
    """Compares with the stored stock, updates the changed products, inserts their snapshots."""
    now = time.strftime("%Y-%m-%d %H:%M:%S+00:00", time.gmtime())
    cursor = connection.cursor()
    cursor.execute("SELECT model, id, stock_quantity, shipping_status FROM suppliers_product")
    current = {model: (pk, quantity, status) for model, pk, quantity, status in cursor.fetchall()}
    changed = []
    for model, quantity, status in rows:
        pk, *stored = current[model]
        if [int(quantity), status] != stored:
            changed.append((pk, int(quantity), status))
    if postgres:
        cursor.execute("CREATE TEMP TABLE floor (id integer, quantity integer, status text)")
        with cursor.copy("COPY floor FROM STDIN") as copy:
            for row in changed:
                copy.write_row(row)
        cursor.execute("UPDATE suppliers_product p SET stock_quantity = f.quantity, shipping_status = f.status, "
                       "stock_changed_at = %s FROM floor f WHERE p.id = f.id", [now])
        with cursor.copy("COPY suppliers_stocksnapshot (product_id, quantity, shipping_status, taken_at) "
                         "FROM STDIN") as copy:
            for row in changed:
                copy.write_row((*row, now))
    else:
        cursor.executemany("UPDATE suppliers_product SET stock_quantity = ?, shipping_status = ?, "
                           "stock_changed_at = ? WHERE id = ?", [(q, s, now, pk) for pk, q, s in changed])
        cursor.executemany("INSERT INTO suppliers_stocksnapshot (product_id, quantity, shipping_status, taken_at) "
                           "VALUES (?, ?, ?, ?)", [(*row, now) for row in changed])


def floor_write_products(connection, postgres, rows):
    cursor = connection.cursor()
    columns = ", ".join(f"c{i} text" for i in range(len(PRODUCT_FIELDS)))
    cursor.execute(f"CREATE TEMP TABLE floor ({columns})")
    if postgres:
        with cursor.copy("COPY floor FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO floor VALUES ({', '.join('?' * len(PRODUCT_FIELDS))})", rows)


def child_floor(kind, api, url, database_url):
    postgres = database_url.startswith("postgres")
    if postgres:
        import psycopg

        connection = psycopg.connect(database_url)
    else:
        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level="IMMEDIATE")
    before = start_peak()
    started = time.perf_counter()
    rows = floor_rows(kind, api, url)
    (floor_write_stock if kind == "stock" else floor_write_products)(connection, postgres, rows)
    seconds = time.perf_counter() - started
    connection.rollback()  # the floor leaves the data as it found it
    connection.close()
    peak = _status_kb("VmHWM")
    return {"seconds": seconds, "peak_mb": peak / 1024, "growth_mb": (peak - before) / 1024, "rows": len(rows)}


def run_child(env, *args):
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise SystemExit(f"child {args} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the parent -----------------------------------------------------------------------------------------------


def measure(store, url, api, feeds, kind, start, repeat):
    """`repeat` paired runs from the same start: [{label: (sync result, floor result)}]."""
    runs = []
    for _ in range(repeat):
        store.copy(start, "work")
        env = django_env(store.url("work"), url, api)
        pair = {}
        for revision, label in ((0, "first"), (1, "resync 5%")):
            Feeds.current = {"stock": feeds[("stock", revision)], "products": feeds[("products", revision)]}
            floor = run_child(env, "floor", kind, env["INNOCIGS_API"], env["INNOCIGS_BASE_URL"], env["DATABASE_URL"])
            result = run_child(env, "sync", kind, env["INNOCIGS_API"], env["INNOCIGS_BASE_URL"], env["DATABASE_URL"])
            pair[label] = (result, floor)
            print(f"  {store.name} {env['INNOCIGS_API']} {kind} {label}: {result['seconds']:.2f} s, floor "
                  f"{floor['seconds']:.2f} s ({result['summary']})", file=sys.stderr, flush=True)
        runs.append(pair)
    return runs


def migrate(store, url):
    if isinstance(store, PostgresStore):
        store.create("base")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True,
                   env=django_env(store.url("base"), url, "rest"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="sizes are 10,000 and 50,000 products times this")
    parser.add_argument("--apis", nargs="+", default=["rest", "xml"], choices=["rest", "xml"])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432",
                        help="a PostgreSQL server (no database name): the bench creates and drops PREFIX_*")
    parser.add_argument("--postgres-prefix", default="syncbench",
                        help="the names of its databases (another bench running at once needs another)")
    parser.add_argument("--repeat", type=int, default=3, help="paired runs of each scenario (medians are printed)")
    parser.add_argument("--kinds", nargs="+", default=["products", "stock"], choices=["products", "stock"])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        role, kind, api, url, database_url = options.child
        result = child_sync(kind) if role == "sync" else child_floor(kind, api, url, database_url)
        print(json.dumps(result))
        return

    sizes = [round(10_000 * options.scale), round(50_000 * options.scale)]
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    server, url = serve()
    results = []
    try:
        for api in options.apis:
            for size in sizes:
                print(f"generating {size} products for the {api} API …", file=sys.stderr, flush=True)
                feeds = payloads(size, api)
                for name in options.databases:
                    store = open_store(name, options, work)
                    try:
                        migrate(store, url)
                        store.copy("base", "catalogue")
                        Feeds.current = {"products": feeds[("products", 0)], "stock": feeds[("stock", 0)]}
                        run_child(django_env(store.url("catalogue"), url, api), "sync", "products", api, url, "")
                        for kind in options.kinds:
                            runs = measure(store, url, api, feeds, kind, "base" if kind == "products" else "catalogue",
                                           options.repeat)
                            results.append((name, api, size, kind, len(feeds[(kind, 0)]) / 1e6, runs))
                    finally:
                        store.close()
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    report(results, sizes, options.repeat)


def spread(values, digits=2):
    """ "1.23 (1.10-1.40)": the median and the range."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def report(results, sizes, repeat):
    print(f"\nmedians of {repeat} paired runs (spread min-max); 2 shared cores\n")
    print("| database | API | products | sync | run | payload MB | seconds | floor s | x floor | resync/first "
          "| peak RSS MB | summary |")
    print("|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|")
    goals = []
    peaks = {}
    for name, api, size, kind, megabytes, runs in results:
        for label in ("first", "resync 5%"):
            seconds = [run[label][0]["seconds"] for run in runs]
            floors = [run[label][1]["seconds"] for run in runs]
            ratios = [run[label][0]["seconds"] / run[label][1]["seconds"] for run in runs]
            shares = [run[label][0]["seconds"] / run["first"][0]["seconds"] for run in runs]
            peak = statistics.median(run[label][0]["peak_mb"] for run in runs)
            summary = runs[-1][label][0]["summary"]
            print(f"| {name} | {api} | {size:,} | {kind} | {label} | {megabytes:.1f} | {spread(seconds)} | "
                  f"{spread(floors)} | {spread(ratios)} | {spread(shares) if label != 'first' else ''} | "
                  f"{peak:.0f} | {summary} |")
            if kind == "stock" and size == max(sizes):
                ratio = statistics.median(ratios)
                if label == "first":
                    goals.append((f"{name} {api}: stock sync of {size:,} <= {STOCK_GOAL:g}x its floor",
                                  f"{ratio:.2f}x", ratio <= STOCK_GOAL))
                else:
                    share = statistics.median(shares)
                    goals.append((f"{name} {api}: stock resync 5% <= {RESYNC_GOAL:g}x the first", f"{share:.2f}x",
                                  share <= RESYNC_GOAL))
            if kind == "products" and label == "first":
                peaks[(name, api, size)] = peak
    for (name, api, size), peak in peaks.items():
        if size == max(sizes) and (name, api, min(sizes)) in peaks:
            growth = peak - peaks[(name, api, min(sizes))]
            goals.append((f"{name} {api}: catalogue sync memory growth {min(sizes):,} -> {size:,} < "
                          f"{MEMORY_GOAL_MB} MB", f"+{growth:.0f} MB", growth < MEMORY_GOAL_MB))
    print("\n| goal | measured | |\n|---|---:|---|")
    for goal, measured, met in goals:
        print(f"| {goal} | {measured} | {'met' if met else 'MISSED'} |")


if __name__ == "__main__":
    main()
