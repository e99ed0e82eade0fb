"""Times the staff's busiest admin pages over a real gunicorn server, on the data bench/fill.py made.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/admin_pages.py [--requests 40]

Prints, per page, the median and 95th percentile over many requests, and the SQL queries the page ran
(which must not grow with the data). Targets: median < 300 ms, p95 < 1 s.
"""

import argparse
import statistics
import time
from datetime import date, timedelta

from setup import django_setup

django_setup()

from server import ensure_staff_user, gunicorn, logged_in_session  # noqa: E402

from backoffice.models import PartnerExchange  # noqa: E402
from orders.models import Order  # noqa: E402


def pages():
    order = Order.objects.order_by("-id").first()
    sample = Order.objects.order_by("id")[Order.objects.count() // 2]
    exchange = PartnerExchange.objects.order_by("-id").first()
    today = date.today()
    week = f"placed_at__gte={today - timedelta(days=7)}&placed_at__lt={today + timedelta(days=1)}"
    yield "dashboard", "/admin/"
    yield "order list", "/admin/orders/order/"
    yield "order list, page 50", "/admin/orders/order/?p=50"
    yield "order search by number", f"/admin/orders/order/?q={sample.number}"
    yield "order search by name", "/admin/orders/order/?q=Muster42"
    yield "order search by email", f"/admin/orders/order/?q={sample.email}"
    yield "order filter status", "/admin/orders/order/?status__exact=ready"
    yield "order filter rare status", "/admin/orders/order/?status__exact=returned"
    yield "order filter route", "/admin/orders/order/?route__exact=meineinkauf"
    yield "order filter outcome", "/admin/orders/order/?submission_state__exact=refused"
    yield "order filter never sent", "/admin/orders/order/?submission_state__exact=none"
    yield "order filter submittable", "/admin/orders/order/?submittable=1"
    yield "order filter past 7 days", f"/admin/orders/order/?{week}"
    yield "order filter date range", "/admin/orders/order/?placed_at__gte=2026-01-01&placed_at__lt=2026-02-01"
    yield "order filters combined", "/admin/orders/order/?status__exact=ready&route__exact=innocigs&submittable=1"
    yield "order page", f"/admin/orders/order/{order.pk}/change/"
    yield "exchange list", "/admin/backoffice/partnerexchange/"
    yield "exchange filter partner", "/admin/backoffice/partnerexchange/?partner__exact=innoship"
    yield "exchange filter status", "/admin/backoffice/partnerexchange/?status=server"
    yield "exchange filter operation", "/admin/backoffice/partnerexchange/?operation__exact=dropship"
    yield "exchange filter month", "/admin/backoffice/partnerexchange/?month=2025-03"
    yield "exchange filters combined", "/admin/backoffice/partnerexchange/?partner__exact=zonos&status=server"
    yield "exchange search by order", f"/admin/backoffice/partnerexchange/?q={sample.number}"
    yield "exchange search by actor", "/admin/backoffice/partnerexchange/?q=user%3Anobody"
    if exchange:
        yield "exchange page", f"/admin/backoffice/partnerexchange/{exchange.pk}/change/"


def measure(session, url, path, count):
    timings, queries = [], set()
    session.get(url + path, timeout=(2, 60))  # warm the worker's caches once
    for _ in range(count):
        started = time.perf_counter()
        response = session.get(url + path, timeout=(2, 60))
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        queries.add(response.headers.get("X-Queries", "?"))
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], ",".join(sorted(queries))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    ensure_staff_user()
    print(f"{Order.objects.count():,} orders, {PartnerExchange.objects.count():,} exchanges")
    print(f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  target")
    with gunicorn() as url:
        session = logged_in_session(url)
        for label, path in pages():
            median, p95, queries = measure(session, url, path, args.requests)
            verdict = "ok" if median < 300 and p95 < 1000 else "MISSED"
            print(f"{label:<28} {median:>10.1f} {p95:>8.1f} {queries:>8}  {verdict}", flush=True)


if __name__ == "__main__":
    main()
