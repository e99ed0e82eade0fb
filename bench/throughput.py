"""Submission throughput: orders to the InnoCigs sandbox through the queue, with 1 and with 2 workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/throughput.py \\
        [--orders 2000] [--jobs 20] [--api rest xml] [--workers 1 2] [--repeat 3]

For each API and number of workers: fresh orders are made, a real `manage.py qcluster` subprocess starts with
Q_WORKERS=N, and the orders are queued as the admin's "Submit to InnoCigs" queues them (Jobs of
orders.tasks.submit_orders_job), split into --jobs Jobs so every worker has work. The time runs from queuing
the first Job to the last Job's end. The partner is the sandbox, served by its own gunicorn process; the broker
is the ORM on DATABASE_URL, or Redis when REDIS_URL is set.

The floor is the same number of bare HTTP round trips to the sandbox (a REST stock query, keep-alive), made by
as many clients as there are workers: what the partner's HTTP costs with no back-office work at all. The REST
API takes one order per request, so its floor is the round trips it really makes; the XML API sends
INNOCIGS_DROPSHIP_BATCH orders per request, so it can beat that floor.

Prints orders per second, the ratio of 2 workers to 1, and the time as a multiple of the floor (medians over
--repeat runs). Each run checks that every order was accepted exactly once.
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

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_q.tasks import async_task, fetch  # noqa: E402
from server import gunicorn  # noqa: E402

from backoffice.jobs import job_start  # noqa: E402
from backoffice.models import Job  # noqa: E402
from backoffice.sandbox import credentials  # noqa: E402
from backoffice.sandbox.common import CONTROL_TOKEN_HEADER  # noqa: E402
from orders.models import Address, Order, OrderLine, Submission  # noqa: E402
from suppliers.models import Product  # noqa: E402

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


def submit(order_ids, jobs):
    """Queues the orders as Jobs and waits for them; returns the seconds from the first queued to the last done."""
    size = -(-len(order_ids) // jobs)
    started = timezone.now()
    job_ids = [job_start(kind="Submit to InnoCigs", total=len(chunk), actor="command:bench",
                         task="orders.tasks.submit_orders_job", order_ids=chunk, partner="innocigs").pk
               for chunk in (order_ids[i:i + size] for i in range(0, len(order_ids), size))]
    while Job.objects.filter(pk__in=job_ids, finished_at__isnull=True).exists():
        time.sleep(0.1)
    if Job.objects.filter(pk__in=job_ids, status=Job.Status.FAILED).exists():
        raise SystemExit("A job failed; see the queue's failed tasks.")
    finished = max(Job.objects.filter(pk__in=job_ids).values_list("finished_at", flat=True))
    return (finished - started).total_seconds()


def check_each_accepted_once(order_ids):
    submissions = Submission.objects.filter(order_id__in=order_ids)
    accepted = submissions.filter(state=Submission.State.ACCEPTED).count()
    if accepted != len(order_ids) or submissions.count() != len(order_ids):
        raise SystemExit(f"{accepted} of {len(order_ids)} orders accepted, in {submissions.count()} submissions.")


def floor(sandbox, trips, clients):
    """Seconds for `trips` bare round trips to the sandbox, shared by `clients` keep-alive connections."""
    url = f"{sandbox}/innocigs/restapi/quantity/{ARTICLE}"
    headers = {"Auth": f"{credentials.INNOCIGS_CID}:{credentials.INNOCIGS_PASSWORD}"}

    def client(count):
        with requests.Session() as session:
            for _ in range(count):
                session.get(url, headers=headers, timeout=(5, 30)).raise_for_status()

    threads = [threading.Thread(target=client, args=(trips // clients + (n < trips % clients),))
               for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=20, help="Jobs the orders are split into (default 20)")
    parser.add_argument("--api", nargs="+", choices=["rest", "xml"], default=["rest", "xml"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each case; medians are printed")
    args = parser.parse_args()
    broker = "Redis" if os.environ.get("REDIS_URL") else "ORM (database)"
    print(f"{args.orders:,} orders in {args.jobs} jobs, broker {broker}, {os.cpu_count()} CPUs, "
          f"median of {args.repeat} run{'s' if args.repeat > 1 else ''}", flush=True)
    run = int(time.time())
    token = secrets.token_urlsafe(32)  # lets this script, and only it, use the sandbox's control calls
    with gunicorn(workers=1, threads=8, SANDBOX="true", SANDBOX_FORCE="true", SANDBOX_CONTROL_TOKEN=token) as server:
        sandbox = f"{server}/sandbox"
        requests.post(f"{sandbox}/innocigs/_control/stock", data={ARTICLE: 10_000_000},
                      headers={CONTROL_TOKEN_HEADER: token}, timeout=10).raise_for_status()
        floors = {w: statistics.median(floor(sandbox, args.orders, w) for _ in range(args.repeat))
                  for w in args.workers}
        rows = []
        for api in args.api:
            for workers in args.workers:
                times = []
                for n in range(args.repeat):
                    order_ids = make_orders(args.orders, f"TP{run}{api[0]}{workers}{n}")
                    cluster = Cluster(workers, api, sandbox)
                    try:
                        times.append(submit(order_ids, args.jobs))
                    finally:
                        cluster.stop()
                    check_each_accepted_once(order_ids)
                rows.append((api, workers, statistics.median(times)))
                print(f"  {api} with {workers} worker{'s' if workers > 1 else ''}: "
                      + ", ".join(f"{t:.1f} s" for t in times), flush=True)
    print()
    print(f"{'API':<5} {'workers':>7} {'seconds':>8} {'orders/s':>9} {'vs 1 worker':>12} {'floor s':>8} "
          f"{'x floor':>8}")
    one = {api: seconds for api, workers, seconds in rows if workers == 1}
    for api, workers, seconds in rows:
        ratio = f"{one[api] / seconds:.2f}x" if api in one else "–"
        print(f"{api:<5} {workers:>7} {seconds:>8.1f} {args.orders / seconds:>9.1f} {ratio:>12} "
              f"{floors[workers]:>8.1f} {seconds / floors[workers]:>8.2f}")
    print(f"floor: {args.orders:,} bare round trips to the sandbox by as many clients as workers "
          + ", ".join(f"{w}: {floors[w]:.1f} s ({args.orders / floors[w]:.0f}/s)" for w in args.workers))


if __name__ == "__main__":
    main()
