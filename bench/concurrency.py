"""20 staff sessions browsing and filtering the admin at once, under gunicorn, driven by wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/concurrency.py \\
        [--sessions 20] [--seconds 60] [--workers 3] [--threads 4]

Needs wrk (Debian: `apt-get install wrk`) and the data of bench/fill.py. Each of --sessions staff users logs
in, and wrk holds one connection per session (its own session cookie, bench/concurrency.lua), rotating over
the pages of bench/admin_pages.py and many different order pages. Two scenarios:

- browsing: a pause of 0.5 to 2 s between clicks, as a person reading the page;
- no pause: every session clicks again the moment a page arrives (the server's limit, not a realistic load).

Prints requests per second, latency percentiles, and errors (a failed connection, a timeout, or any answer
other than 200, e.g. a redirect to the login page). Target: p95 under 1 s and no errors.
"""

import argparse
import os
import re
import shutil
import subprocess
from pathlib import Path

from setup import django_setup

django_setup()

from admin_pages import pages  # noqa: E402
from server import BENCH_PASSWORD, gunicorn, logged_in_session  # noqa: E402

from orders.models import Order  # noqa: E402

SCRIPT = Path(__file__).resolve().parent / "concurrency.lua"
SCENARIOS = [("browsing", 500, 2000), ("no pause", 0, 0)]


def staff_users(count):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    names = [f"bench-staff-{n:02}" for n in range(1, count + 1)]
    for name in names:
        user, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True, "is_superuser": True})
        user.set_password(BENCH_PASSWORD)
        user.save()
    return names


def browsed_paths():
    paths = [path for _, path in pages()]
    step = max(1, Order.objects.count() // 40)
    paths += [f"/admin/orders/order/{pk}/change/" for pk in Order.objects.values_list("pk", flat=True)[::step][:40]]
    return paths


def run_wrk(url, cookies, paths, *, seconds, think):
    env = {**os.environ, "BENCH_PATHS": "\n".join(paths), "BENCH_COOKIES": ",".join(cookies),
           "BENCH_THINK_MIN_MS": str(think[0]), "BENCH_THINK_MAX_MS": str(think[1])}
    sessions = len(cookies)
    done = subprocess.run(["wrk", f"-t{sessions}", f"-c{sessions}", f"-d{seconds}s", "--timeout", "10s",
                           "-s", str(SCRIPT), url], env=env, capture_output=True, text=True, check=True)
    found = dict(re.findall(r"(\w+)=([\d.]+)", " ".join(line for line in done.stdout.splitlines()
                                                       if line.startswith("RESULT"))))
    return {key: float(value) for key, value in found.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (production: 3)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker (default 4; 1: gunicorn's sync workers, for behind a buffering proxy)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    names = staff_users(args.sessions)
    paths = browsed_paths()
    print(f"{Order.objects.count():,} orders; {args.sessions} sessions over {len(paths)} pages; gunicorn "
          f"{args.workers} workers x {args.threads} threads; {os.cpu_count()} CPUs; {args.seconds} s per scenario",
          flush=True)
    print(f"{'scenario':<10} {'requests':>8} {'req/s':>6} {'p50 ms':>7} {'p90 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'max ms':>7} {'errors':>6}  target")
    with gunicorn(workers=args.workers, threads=args.threads) as url:
        cookies = [logged_in_session(url, username=name).cookies["sessionid"] for name in names]
        run_wrk(url, cookies, paths, seconds=10, think=(0, 0))  # warm every worker up on every page; not counted
        for label, *think in SCENARIOS:
            r = run_wrk(url, cookies, paths, seconds=args.seconds, think=think)
            statuses = {key: value for key, value in r.items() if key.startswith("status")}
            errors = int(r["connect"] + r["read"] + r["write"] + r["timeout"]
                         + sum(count for key, count in statuses.items() if key != "status200"))
            verdict = "ok" if r["p95"] < 1000 and not errors else "MISSED"
            print(f"{label:<10} {int(r['requests']):>8} {r['requests'] / r['seconds']:>6.1f} {r['p50']:>7.0f} "
                  f"{r['p90']:>7.0f} {r['p95']:>7.0f} {r['p99']:>7.0f} {r['max']:>7.0f} {errors:>6}  {verdict}",
                  flush=True)


if __name__ == "__main__":
    main()
