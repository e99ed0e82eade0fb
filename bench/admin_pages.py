"""Times every admin list staff use over a real gunicorn server, on the data bench/fill.py made.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/admin_pages.py [--requests 40] [--repeat 3]
        [--only "product,shipment filter"]

Pages: the dashboard, and the lists of orders, products, shipments, returns, stock snapshots, partner exchanges
and jobs, each plain, filtered and searched the ways staff do, and one order and exchange page. Each round asks
each page `--requests` times; over `--repeat` rounds the median of the round medians is printed with its
spread (min-max), and the p95 the same way. `queries` is the SQL statements the page ran (the X-Queries header
of bench/querycount.py): it must be one number per page, whatever the data's size. `cpu ms` is the server's
CPU per request (gunicorn's processes: Python, and on SQLite the SQL too; PostgreSQL's own CPU is not in it),
the median over the rounds: beside the median it shows what waiting (for the database or the CPUs) takes.
A page whose list is empty is refused (it would time nothing); fill.py dates its data relative to now, so
"past 7 days" has rows.

Goal (issue 16): median < 150 ms and p95 < 500 ms for every page.
"""

import argparse
import re
import statistics
import time
from datetime import date, timedelta

from setup import django_setup

django_setup()

from django.db import connection  # noqa: E402
from server import SERVER_PIDS, ensure_staff_user, group_cpu_seconds, gunicorn, logged_in_session  # noqa: E402

from backoffice.models import Job, PartnerExchange  # noqa: E402
from orders.models import Order  # noqa: E402
from shipping.models import Shipment  # noqa: E402
from suppliers.models import Product, StockSnapshot  # noqa: E402

MEDIAN_GOAL_MS, P95_GOAL_MS = 150, 500
# Pages that show one object or figures, not a list: nothing to check for emptiness.
NOT_LISTS = ("dashboard", "order page", "exchange page")


def pages():
    order = Order.objects.order_by("-id").first()
    sample = Order.objects.order_by("id")[Order.objects.count() // 2]
    exchange = PartnerExchange.objects.order_by("-id").first()
    product = Product.objects.order_by("id")[Product.objects.count() // 2]
    shipment = Shipment.objects.order_by("id")[Shipment.objects.count() // 2]
    today = date.today()
    week = f"placed_at__gte={today - timedelta(days=7)}&placed_at__lt={today + timedelta(days=1)}"
    month = f"placed_at__gte={today.replace(day=1)}&placed_at__lt={today + timedelta(days=1)}"
    yield "dashboard", "/admin/"
    yield "order list", "/admin/orders/order/"
    yield "order list, page 50", "/admin/orders/order/?p=50"
    yield "order search by number", f"/admin/orders/order/?q={sample.number}"
    yield "order search by number start", f"/admin/orders/order/?q={sample.number[:-2]}"
    yield "order search by name", "/admin/orders/order/?q=Muster42"
    yield "order search by email", f"/admin/orders/order/?q={sample.email}"
    yield "order filter status", "/admin/orders/order/?status__exact=ready"
    yield "order filter rare status", "/admin/orders/order/?status__exact=returned"
    yield "order filter route", "/admin/orders/order/?route__exact=meineinkauf"
    yield "order filter outcome", "/admin/orders/order/?submission_state__exact=refused"
    yield "order filter never sent", "/admin/orders/order/?submission_state__exact=none"
    yield "order filter submittable", "/admin/orders/order/?submittable=1"
    yield "order filter past 7 days", f"/admin/orders/order/?{week}"
    yield "order filter this month", f"/admin/orders/order/?{month}"
    yield "order filters combined", "/admin/orders/order/?status__exact=ready&route__exact=innocigs&submittable=1"
    yield "order page", f"/admin/orders/order/{order.pk}/change/"
    yield "product list", "/admin/suppliers/product/"
    yield "product search model start", f"/admin/suppliers/product/?q={product.model[:-2]}"
    yield "product search EAN", f"/admin/suppliers/product/?q={product.ean}"
    yield "product search name", "/admin/suppliers/product/?q=Liquid+4711"
    yield "product filter manufacturer", "/admin/suppliers/product/?manufacturer=Maker+7"
    yield "product filter category", "/admin/suppliers/product/?category_path=Liquids+%3E+Brand+3&stock=in"
    yield "product filter out of stock", "/admin/suppliers/product/?stock=out&active=active"
    yield "shipment list", "/admin/shipping/shipment/"
    yield "shipment filter carrier", "/admin/shipping/shipment/?carrier=GLS"
    yield "shipment filter partner", "/admin/shipping/shipment/?partner=innoship&delivery_state__exact=delivered"
    yield "shipment search tracking", f"/admin/shipping/shipment/?q={shipment.tracking_code}"
    yield "shipment search order", f"/admin/shipping/shipment/?q={shipment.order.number}"
    yield "return list", "/admin/meineinkauf/meineinkaufreturn/"
    yield "return filter open", "/admin/meineinkauf/meineinkaufreturn/?handled=open"
    yield "snapshot list", "/admin/suppliers/stocksnapshot/"
    yield "snapshot list, page 50", "/admin/suppliers/stocksnapshot/?p=50"
    yield "snapshot one product", f"/admin/suppliers/stocksnapshot/?product__id__exact={product.pk}"
    yield "snapshot search model", f"/admin/suppliers/stocksnapshot/?q={product.model}"
    yield "exchange list", "/admin/backoffice/partnerexchange/"
    yield "exchange filter partner", "/admin/backoffice/partnerexchange/?partner__exact=innoship"
    yield "exchange filter status", "/admin/backoffice/partnerexchange/?status=server"
    yield "exchange filter operation", "/admin/backoffice/partnerexchange/?operation__exact=dropship"
    yield "exchange filter month", f"/admin/backoffice/partnerexchange/?month={today:%Y-%m}"
    yield "exchange filters combined", "/admin/backoffice/partnerexchange/?partner__exact=innocigs&status=server"
    yield "exchange search by order", f"/admin/backoffice/partnerexchange/?q={sample.number}"
    yield "exchange page", f"/admin/backoffice/partnerexchange/{exchange.pk}/change/"
    yield "job list", "/admin/backoffice/job/"
    yield "job filter kind", "/admin/backoffice/job/?kind=Submit+to+InnoCigs&status__exact=failed"


EMPTY = re.compile(r'<p class="paginator">\s*0 ', re.IGNORECASE)


def measure(session, url, label, path, count):
    timings, queries = [], set()
    for _ in range(2):  # warm both workers' caches
        first = session.get(url + path, timeout=(2, 60))
    if first.status_code != 200:
        raise SystemExit(f"{label} ({path}): HTTP {first.status_code}")
    if label not in NOT_LISTS and ('id="result_list"' not in first.text or EMPTY.search(first.text)):
        raise SystemExit(f"{label} ({path}) lists nothing: fill the database with bench/fill.py")
    cpu_before = group_cpu_seconds(SERVER_PIDS[url])
    for _ in range(count):
        started = time.perf_counter()
        response = session.get(url + path, timeout=(2, 60))
        timings.append((time.perf_counter() - started) * 1000)
        queries.add(response.headers.get("X-Queries", "?"))
    cpu_ms = (group_cpu_seconds(SERVER_PIDS[url]) - cpu_before) * 1000 / count
    timings.sort()
    return (statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)], ",".join(sorted(queries)),
            cpu_ms)


def spread(values):
    return f"{statistics.median(values):7.1f} ({min(values):6.1f}-{max(values):6.1f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=40, help="requests per page and round")
    parser.add_argument("--repeat", type=int, default=3, help="rounds over every page")
    parser.add_argument("--only", default="", help="comma-separated parts of page names: time only those pages")
    args = parser.parse_args()
    ensure_staff_user()
    print(f"{connection.vendor}: {Order.objects.count():,} orders"
          f", {Shipment.objects.count():,} shipments, {Product.objects.count():,} "
          f"products, {StockSnapshot.objects.order_by().count():,} snapshots, "
          f"{PartnerExchange.objects.count():,} exchanges, {Job.objects.count():,} jobs; "
          f"{args.repeat} rounds of {args.requests} requests; gunicorn 2 workers x 4 threads; 2 shared CPUs")
    wanted = [part.strip() for part in args.only.split(",") if part.strip()]
    listed = [(label, path) for label, path in pages() if not wanted or any(part in label for part in wanted)]
    results = {label: [] for label, _ in listed}
    with gunicorn() as url:
        session = logged_in_session(url)
        for _ in range(args.repeat):
            for label, path in listed:
                results[label].append(measure(session, url, label, path, args.requests))
    print(f"\n{'page':<30} {'median ms (spread)':>24} {'p95 ms (spread)':>24} {'cpu ms':>7} {'queries':>8}  goal")
    missed = 0
    for label, rounds in results.items():
        medians, p95s = [r[0] for r in rounds], [r[1] for r in rounds]
        queries = ",".join(sorted({r[2] for r in rounds}))
        cpu = statistics.median(r[3] for r in rounds)
        met = statistics.median(medians) < MEDIAN_GOAL_MS and statistics.median(p95s) < P95_GOAL_MS
        missed += not met
        print(f"{label:<30} {spread(medians):>24} {spread(p95s):>24} {cpu:7.1f} {queries:>8}  "
              f"{'met' if met else 'MISSED'}")
    print(f"\ngoal: median < {MEDIAN_GOAL_MS} ms and p95 < {P95_GOAL_MS} ms on every page: "
          f"{'met' if not missed else f'MISSED on {missed} of {len(results)} pages'}")


if __name__ == "__main__":
    main()
