"""Catalogue sync benchmark: sync_products and sync_stock at 10,000 and 50,000 products, over both APIs.

    python bench/sync_bench.py [--sizes 10000 50000] [--apis rest xml]

The sandbox's generator builds full catalogues in the documented shapes (decimal commas and all); a small
HTTP server on loopback serves them. Each sync runs in a fresh child process against a SQLite database (the
project's default), end to end through the management command: download, parse, write, run record, audit.
For each scenario it runs the first sync and a second one with about 5% of the products changed.

Next to each time stands its floor, measured in a child process the same way: downloading the same payload
and parsing it alone (json.loads, or lxml iterparse), plus a raw executemany of the same rows into SQLite.
Peak memory is the growth of the child's resident set during the sync.

Targets: the 50,000-product stock sync within 2x its floor; a resync with 5% changes at most half the time of
the first sync; the XML stock sync's peak memory growing by less than 50 MB from 10,000 to 50,000 products.
"""

import argparse
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CID, PASSWORD = "12345", "bench-password"
STOCK_FIELDS = ("PRODUCTS_MODEL", "QUANTITY", "SHIPPING_STATUS")
PRODUCT_FIELDS = ("MODEL", "MASTER", "EAN", "NAME", "PARENT_NAME", "CATEGORY", "MANUFACTURER", "PRODUCTS_PRICE",
                  "PRODUCTS_PRICE_RECOMMENDED", "PRODUCTS_IMAGE", "PRODUCTS_MANUAL")


def django_env(db_path, url, api):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "backoffice.settings", "DATABASE_URL": f"sqlite:///{db_path}",
            "SECRET_KEY": "bench-only", "DEBUG": "false", "SANDBOX": "false", "LOG_LEVEL": "WARNING",
            "INNOCIGS_BASE_URL": url, "INNOCIGS_CID": CID, "INNOCIGS_PASSWORD": PASSWORD, "INNOCIGS_API": api,
            "INNOCIGS_READ_TIMEOUT": "300", "REDIS_URL": ""}


# --- payloads and the loopback server -------------------------------------------------------------------------


def payloads(size, api):
    """{(command, revision): bytes}: stock at ticks 0 and 1, the catalogue at revisions 0 and 1 (5% changed)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    django.setup()
    from suppliers.innocigs.sandbox import catalogue as sandbox
    from suppliers.innocigs.sandbox.api import render

    def encode(content):
        if api == "rest":
            return json.dumps(content, ensure_ascii=False).encode()
        return render("xml", content).content

    return {
        ("stock", 0): encode(sandbox.stock_reply(size, 0, api)),
        ("stock", 1): encode(sandbox.stock_reply(size, 1, api)),
        ("products", 0): encode(sandbox.products_reply(size, api, extended=False, revision=0)),
        ("products", 1): encode(sandbox.products_reply(size, api, extended=False, revision=1)),
    }


class Feeds:
    """What the server answers right now: the parent switches revisions between runs."""

    current = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if body[:1] == b"{" else "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        command = self.path.split("/restapi/", 1)[-1]
        self._send(Feeds.current["stock" if command.startswith("quantity") else "products"])

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self._send(Feeds.current["stock" if form["command"][0].startswith("quantity") else "products"])


def serve():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


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


def peak_kb():
    return _status_kb("VmHWM")


def child_sync(kind):
    import django

    django.setup()
    from django.core.management import call_command

    command = {"stock": "sync_stock", "products": "sync_products"}[kind]
    out = io.StringIO()
    profile = os.environ.get("BENCH_PROFILE")  # a file name: where to write the sync's profile
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    before = start_peak()
    started = time.perf_counter()
    call_command(command, stdout=out, stderr=io.StringIO())
    seconds = time.perf_counter() - started
    if profile:
        import pstats

        profiler.disable()
        with open(profile, "a") as stats:
            pstats.Stats(profiler, stream=stats).sort_stats("cumulative").print_stats(40)
    peak = peak_kb()
    return {"seconds": seconds, "peak_mb": peak / 1024, "growth_mb": (peak - before) / 1024,
            "summary": out.getvalue().strip().splitlines()[0]}


def child_floor(kind, api, url):
    import requests
    from lxml import etree

    fields = STOCK_FIELDS if kind == "stock" else PRODUCT_FIELDS
    before = start_peak()
    started = time.perf_counter()
    if api == "rest":
        path = "quantity_all" if kind == "stock" else "products/normal"
        body = requests.get(f"{url}/restapi/{path}", headers={"Auth": f"{CID}:{PASSWORD}"}, timeout=(5, 300)).content
        items = json.loads(body)["QUANTITIES" if kind == "stock" else "PRODUCTS"]["PRODUCT"]
        rows = [tuple(str(item.get(f, "")) for f in fields) for item in items]
    else:
        command = "quantity_all" if kind == "stock" else "products"
        body = requests.post(f"{url}/xmlapi/apiv2.php", data={"cid": CID, "auth": PASSWORD, "command": command,
                                                               "type": "normal"}, timeout=(5, 300)).content
        rows = []
        for _, element in etree.iterparse(io.BytesIO(body), events=("end",), tag="PRODUCT"):
            rows.append(tuple(element.findtext(f) or "" for f in fields))
            element.clear()
    db = Path(tempfile.mkdtemp()) / "floor.sqlite3"
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(f"CREATE TABLE floor ({', '.join(f'c{i}' for i in range(len(fields)))})")
    connection.executemany(f"INSERT INTO floor VALUES ({', '.join('?' * len(fields))})", rows)
    connection.commit()
    seconds = time.perf_counter() - started
    peak = peak_kb()
    return {"seconds": seconds, "peak_mb": peak / 1024, "growth_mb": (peak - before) / 1024, "rows": len(rows)}


def run_child(env, *args):
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise SystemExit(f"child {args} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the parent -----------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--apis", nargs="+", default=["rest", "xml"], choices=["rest", "xml"])
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each measurement on the same starting data; the fastest counts (2 shared cores "
                             "are noisy)")
    parser.add_argument("--kinds", nargs="+", default=["products", "stock"], choices=["products", "stock"],
                        help="stock alone needs the products: it creates them (untimed) when run without them")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        role, kind, api, url = options.child
        result = child_sync(kind) if role == "sync" else child_floor(kind, api, url)
        print(json.dumps(result))
        return

    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    template = work / "template.sqlite3"
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True,
                   env=django_env(template, "", "rest"))
    server, url = serve()
    rows = []
    try:
        for api in options.apis:
            for size in options.sizes:
                print(f"generating {size} products for the {api} API …", file=sys.stderr, flush=True)
                feeds = payloads(size, api)
                db = work / f"{api}-{size}.sqlite3"
                shutil.copy(template, db)
                env = django_env(db, url, api)
                if "products" not in options.kinds:  # the stock sync updates a catalogue that exists
                    Feeds.current = {"products": feeds[("products", 0)], "stock": feeds[("stock", 0)]}
                    run_child(env, "sync", "products", api, url)
                for kind in options.kinds:
                    Feeds.current = {"stock": feeds[("stock", 0)], "products": feeds[("products", 0)]}
                    floor = min((run_child(env, "floor", kind, api, url) for _ in range(options.repeat)),
                                key=lambda r: r["seconds"])
                    megabytes = len(feeds[(kind, 0)]) / 1e6
                    start = work / "start.sqlite3"
                    shutil.copy(db, start)
                    best = {}
                    for _ in range(options.repeat):  # each repeat starts from the same data
                        shutil.copy(start, db)
                        for revision, label in ((0, "first"), (1, "resync 5%")):
                            Feeds.current = {"stock": feeds[("stock", revision)],
                                             "products": feeds[("products", revision)]}
                            result = run_child(env, "sync", kind, api, url)
                            if label not in best or result["seconds"] < best[label]["seconds"]:
                                best[label] = result
                            print(f"  {api} {size} {kind} {label}: {result['seconds']:.2f} s ({result['summary']})",
                                  file=sys.stderr, flush=True)
                    rows.extend((api, size, kind, label, megabytes, best[label], floor) for label in best)
                db.unlink()
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    report(rows, options.sizes)


def report(rows, sizes):
    print("| API | products | sync | run | payload MB | seconds | floor s | ratio | resync/first | peak RSS MB "
          "| growth MB | summary |")
    print("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    first = {}
    for api, size, kind, label, megabytes, result, floor in rows:
        key = (api, size, kind)
        if label == "first":
            first[key] = result["seconds"]
            share = ""
        else:
            share = f"{result['seconds'] / first[key]:.2f}"
        print(f"| {api} | {size:,} | {kind} | {label} | {megabytes:.1f} | {result['seconds']:.2f} | "
              f"{floor['seconds']:.2f} | {result['seconds'] / floor['seconds']:.2f} | {share} | "
              f"{result['peak_mb']:.0f} | {result['growth_mb']:.0f} | {result['summary']} |")
    xml = {size: result for api, size, kind, label, _, result, _ in rows
           if (api, kind, label) == ("xml", "stock", "first")}
    if len(sizes) >= 2 and min(sizes) in xml and max(sizes) in xml:
        growth = xml[max(sizes)]["peak_mb"] - xml[min(sizes)]["peak_mb"]
        print(f"\nXML stock sync peak RSS, {max(sizes):,} vs {min(sizes):,} products: +{growth:.0f} MB "
              f"(target < 50 MB)")


if __name__ == "__main__":
    main()
