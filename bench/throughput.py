"""Submission throughput: orders to the InnoCigs sandbox through the queue, each run beside its floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/throughput.py \\
        [--orders 2000] [--job-size 500] [--api rest xml] [--workers 1 2] [--repeat 3]

For each API and number of workers, --repeat paired runs, each a floor then the real run:
- the real run: fresh orders, a real `manage.py qcluster` subprocess with Q_WORKERS=N, and the orders queued as
  the admin's "Submit to InnoCigs" queues them: Jobs of orders.tasks.submit_orders_job of up to --job-size
  orders (the admin's CONFIRM_LIMIT, 500). The time runs from queuing the first Job to the last Job's end.
- the floor: the same requests with no database: the same bodies (built beforehand from orders of the same
  shape), the same batch size (one dropship a REST request, INNOCIGS_DROPSHIP_BATCH a XML request), sent over
  keep-alive connections by as many clients as there are workers.
The partner is the sandbox, served by its own gunicorn process; the broker is the ORM on DATABASE_URL, or Redis
when REDIS_URL is set.

Prints each pair's times and ratio, the median ratio with its spread (lowest–highest), and each goal beside its
measured figure: the time against the floor (goal 3x at 2 workers) and the SQL statements per order (goal 8),
counted in this process over a sample submit through the same job task (transaction control not counted).
Each run checks that every order was accepted exactly once.
"""

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import date

import requests
from setup import ROOT, django_setup

os.environ.setdefault("LOG_LEVEL", "WARNING")
django_setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_q.tasks import async_task, fetch  # noqa: E402
from server import gunicorn  # noqa: E402

from backoffice.jobs import job_start  # noqa: E402
from backoffice.models import Job  # noqa: E402
from backoffice.partner_http import close_sessions  # noqa: E402
from backoffice.sandbox import credentials  # noqa: E402
from backoffice.sandbox.common import CONTROL_TOKEN_HEADER  # noqa: E402
from orders.admin import CONFIRM_LIMIT  # noqa: E402
from orders.models import Address, Order, OrderLine, Submission  # noqa: E402
from orders.tasks import submit_orders_job  # noqa: E402
from suppliers.innocigs import build  # noqa: E402
from suppliers.innocigs.transport import REST_PATH, XML_PATH  # noqa: E402
from suppliers.models import Product  # noqa: E402

GOAL_RATIO, GOAL_SQL = 3.0, 8
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

ARTICLE = "12M100L10-BG-0"
SENDER = {"SHOP_SENDER_COMPANY": "Dampfwerk Versand GmbH", "SHOP_SENDER_FIRST_NAME": "Max",
          "SHOP_SENDER_LAST_NAME": "Mustermann", "SHOP_SENDER_STREET": "Musterstrasse 10",
          "SHOP_SENDER_POSTCODE": "22761", "SHOP_SENDER_CITY": "Hamburg", "SHOP_SENDER_COUNTRY": "DE",
          "SHOP_SENDER_EMAIL": "versand@example.com", "SHOP_SENDER_PHONE": "+49 40 1234567"}


def make_orders(count, prefix):
    """`count` orders ready for InnoCigs, one line each of an article both catalogues have in stock."""
    product, _ = Product.objects.update_or_create(model=ARTICLE, defaults={
        "name": "Liquid 10 ml", "stock_quantity": 10_000_000, "active": True, "shipping_status": "Sofort lieferbar"})
    with transaction.atomic():
        addresses = Address.objects.bulk_create(
            Address(first_name="Jane", last_name=f"Doe{i}", street="Teststr.", house_number=str(i % 200 + 1),
                    postcode="22761", city="Hamburg", country="DE") for i in range(count))
        orders = Order.objects.bulk_create(
            Order(number=f"{prefix}-{i:05}", placed_at=date.today(), route="innocigs", email=f"jane{i}@example.com",
                  shipping_address=address) for i, address in enumerate(addresses))
        OrderLine.objects.bulk_create(
            OrderLine(order=order, sku=ARTICLE, product=product, quantity=1, unit_price="12.50") for order in orders)
    return [order.pk for order in orders]


class Cluster:
    """`manage.py qcluster` in its own process group, configured for the sandbox."""

    def __init__(self, workers, api, sandbox):
        env = {**os.environ, **SENDER, "DJANGO_SETTINGS_MODULE": "backoffice.settings", "BACKOFFICE_ENV_FILE": "",
               "SECRET_KEY": "bench-only-not-a-secret", "DEBUG": "false", "SANDBOX": "false", "LOG_LEVEL": "WARNING",
               "Q_WORKERS": str(workers), "INNOCIGS_API": api, "INNOCIGS_BASE_URL": f"{sandbox}/innocigs",
               "INNOCIGS_CID": credentials.INNOCIGS_CID, "INNOCIGS_PASSWORD": credentials.INNOCIGS_PASSWORD}
        self.process = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                                        start_new_session=True)
        ready = async_task("math.sqrt", 4)  # answered once a worker runs: the cluster is up
        stop = time.monotonic() + 60
        while fetch(ready) is None:
            if self.process.poll() is not None or time.monotonic() > stop:
                raise SystemExit("The queue cluster did not start.")
            time.sleep(0.1)

    def stop(self):
        # The cluster stops its own processes in order; signalling them all at once leaves it waiting forever.
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def submit(order_ids, job_size):
    """Queues the orders as the admin does, in Jobs of up to `job_size`, and waits for them; returns the seconds
    from the first queued to the last done."""
    started = timezone.now()
    job_ids = [job_start(kind="Submit to InnoCigs", total=len(chunk), actor="command:bench",
                         task="orders.tasks.submit_orders_job", order_ids=chunk, partner="innocigs").pk
               for chunk in (order_ids[i:i + job_size] for i in range(0, len(order_ids), job_size))]
    while Job.objects.filter(pk__in=job_ids, finished_at__isnull=True).exists():
        time.sleep(0.1)
    if Job.objects.filter(pk__in=job_ids, status=Job.Status.FAILED).exists():
        raise SystemExit("A job failed; see the queue's failed tasks.")
    finished = max(Job.objects.filter(pk__in=job_ids).values_list("finished_at", flat=True))
    return (finished - started).total_seconds()


def partner_settings(api, sandbox):
    """This process's settings for talking to the sandbox as the cluster does."""
    sender = {key.removeprefix("SHOP_SENDER_").lower(): value for key, value in SENDER.items()}
    return override_settings(
        INNOCIGS_API=api, INNOCIGS_BASE_URL=f"{sandbox}/innocigs", INNOCIGS_CID=credentials.INNOCIGS_CID,
        INNOCIGS_PASSWORD=credentials.INNOCIGS_PASSWORD, INNOCIGS_TEST_MODE=False, SHOP_SENDER=sender)


def check_each_accepted_once(order_ids):
    submissions = Submission.objects.filter(order_id__in=order_ids)
    accepted = submissions.filter(state=Submission.State.ACCEPTED).count()
    if accepted != len(order_ids) or submissions.count() != len(order_ids):
        raise SystemExit(f"{accepted} of {len(order_ids)} orders accepted, in {submissions.count()} submissions.")


def floor_requests(order_ids, api, sandbox):
    """The requests the real run sends for orders like these, built beforehand: (url, keyword arguments)."""
    with partner_settings(api, sandbox):
        from django.conf import settings

        orders = Order.objects.filter(pk__in=order_ids).order_by("pk").prefetch_related("lines")
        dropships = [build.dropship_request(order, reference=order.number)
                     for order in orders.select_related("shipping_address", "billing_address")]
        if api == "rest":
            headers = {"Auth": f"{credentials.INNOCIGS_CID}:{credentials.INNOCIGS_PASSWORD}",
                       "Accept": "application/json"}
            return [(f"{sandbox}/innocigs/{REST_PATH}/dropship", {"json": build.dropship_json(d), "headers": headers})
                    for d in dropships]
        size = settings.INNOCIGS_DROPSHIP_BATCH
        form = {"cid": credentials.INNOCIGS_CID, "auth": credentials.INNOCIGS_PASSWORD, "command": "dropship"}
        batches = [dropships[i:i + size] for i in range(0, len(dropships), size)]
        return [(f"{sandbox}/innocigs/{XML_PATH}", {"data": {**form, "xml": build.dropships_xml(batch)}})
                for batch in batches]


def floor(requests_to_send, clients):
    """Seconds for sending `requests_to_send` with no database, shared by `clients` keep-alive connections."""

    def client(share):
        with requests.Session() as session:
            for url, kwargs in share:
                session.post(url, timeout=(5, 30), **kwargs).raise_for_status()

    threads = [threading.Thread(target=client, args=(requests_to_send[n::clients],)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def sql_per_order(api, sandbox, prefix, count=100):
    """SQL statements per order of a submit of `count` orders through the job task, in this process."""
    order_ids = make_orders(count, prefix)
    job = Job.objects.create(kind="Submit to InnoCigs", total=count, created_by="command:bench",
                             task="orders.tasks.submit_orders_job")
    with partner_settings(api, sandbox), CaptureQueriesContext(connection) as queries:
        submit_orders_job(job.pk, order_ids=order_ids, partner="innocigs")
    close_sessions()
    check_each_accepted_once(order_ids)
    return sum(not q["sql"].upper().startswith(CONTROL) for q in queries.captured_queries) / count


def spread(values):
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--job-size", type=int, default=CONFIRM_LIMIT,
                        help=f"orders per Job, as the admin queues them (default {CONFIRM_LIMIT})")
    parser.add_argument("--api", nargs="+", choices=["rest", "xml"], default=["rest", "xml"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3, help="paired runs of each case; medians are printed")
    args = parser.parse_args()
    broker = "Redis" if os.environ.get("REDIS_URL") else "ORM (database)"
    print(f"{args.orders:,} orders in jobs of up to {args.job_size}, {connection.vendor}, broker {broker}, "
          f"{os.cpu_count()} CPUs, {args.repeat} paired run{'s' if args.repeat > 1 else ''} each", flush=True)
    run = int(time.time())
    token = secrets.token_urlsafe(32)  # lets this script, and only it, use the sandbox's control calls
    rows, sql = [], {}
    with gunicorn(workers=1, threads=8, SANDBOX="true", SANDBOX_FORCE="true", SANDBOX_CONTROL_TOKEN=token) as server:
        sandbox = f"{server}/sandbox"
        requests.post(f"{sandbox}/innocigs/_control/stock", data={ARTICLE: 10_000_000},
                      headers={CONTROL_TOKEN_HEADER: token}, timeout=10).raise_for_status()
        for api in args.api:
            sql[api] = sql_per_order(api, sandbox, f"SQ{run}{api[0]}")
            for workers in args.workers:
                floors, times = [], []
                for n in range(args.repeat):
                    floor_ids = make_orders(args.orders, f"FL{run}{api[0]}{workers}{n}")
                    floors.append(floor(floor_requests(floor_ids, api, sandbox), workers))
                    order_ids = make_orders(args.orders, f"TP{run}{api[0]}{workers}{n}")
                    cluster = Cluster(workers, api, sandbox)
                    try:
                        times.append(submit(order_ids, args.job_size))
                    finally:
                        cluster.stop()
                    check_each_accepted_once(order_ids)
                rows.append((api, workers, times, floors))
                print(f"  {api} with {workers} worker{'s' if workers > 1 else ''}: "
                      + ", ".join(f"{t:.1f} s / floor {f:.1f} s" for t, f in zip(times, floors, strict=True)),
                      flush=True)
    print()
    print(f"{'API':<5} {'workers':>7} {'seconds':>8} {'orders/s':>9} {'floor s':>8} "
          f"{'x floor, median (range)':>24} {'goal':>6} {'SQL/order':>10} {'goal':>5}")
    for api, workers, times, floors in rows:
        seconds = statistics.median(times)
        ratios = [t / f for t, f in zip(times, floors, strict=True)]
        goal = f"<= {GOAL_RATIO:g}x" if workers == 2 else "–"
        print(f"{api:<5} {workers:>7} {seconds:>8.1f} {args.orders / seconds:>9.1f} {statistics.median(floors):>8.1f} "
              f"{spread(ratios):>24} {goal:>6} {sql[api]:>10.1f} {'<= ' + str(GOAL_SQL):>5}")
    print("floor: the same requests (same bodies, same batch size) by as many keep-alive clients as workers, "
          "no database; SQL/order: a 100-order submit through the job task, transaction control not counted")


if __name__ == "__main__":
    main()
