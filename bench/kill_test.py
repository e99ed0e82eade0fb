"""Kills the queue cluster while a batch is being sent to InnoCigs, restarts it, and checks the outcome.

    python bench/kill_test.py [--orders 120] [--brokers orm,redis] [--apis xml,rest]
        [--database-url postgres://postgres@127.0.0.1:5432/kill_test] [--redis-url redis://127.0.0.1:6379/15]
        [--port PORT] [--quick] [--keep] [--json PATH]

The database is dropped and created again for each run, so its name must contain "kill"; in the Redis
database only the queue's own list is emptied. The sandbox listens on PORT (default: a free one).

For each broker and InnoCigs API, on a fresh database:
1. a real sandbox web server (`runserver`, SANDBOX=true) whose InnoCigs holds every dropship reply back for a
   while after placing it, and a real `manage.py qcluster` in its own process group;
2. N orders submitted as the admin's bulk action does: a Job running orders.tasks.submit_orders_job;
3. once some orders are accepted and a dropship request is in flight, SIGKILL to the whole cluster;
4. a new cluster; the recovery schedules (requeue_stale_jobs, reconcile_submissions, retry_submissions) are
   queued every few seconds, as their schedules would queue them, until nothing is left to do;
5. the check: every order accepted exactly once, each order number placed exactly once at the sandbox,
   nothing resent blindly (a number InnoCigs already placed arriving again without a look-up first), nothing
   left unknown. Prints a table and exits non-zero when a check fails.

The queue limits are short (Q_TIMEOUT, Q_RETRY, Q_STALE_MARGIN) so that a stale claim is found in about a
minute instead of fifteen. `--quick` is the small run the test suite uses (tests/reliability/).

One run is bench/kill_run.py; the databases and processes are bench/kill_processes.py.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENDER = {
    "SHOP_SENDER_COMPANY": "Dampfwerk Versand GmbH", "SHOP_SENDER_FIRST_NAME": "Max",
    "SHOP_SENDER_LAST_NAME": "Mustermann", "SHOP_SENDER_STREET": "Musterstrasse 10",
    "SHOP_SENDER_POSTCODE": "22761", "SHOP_SENDER_CITY": "Hamburg", "SHOP_SENDER_COUNTRY": "DE",
    "SHOP_SENDER_EMAIL": "versand@example.com", "SHOP_SENDER_PHONE": "+49 40 1234567",
}
# Orders, how many are accepted before the kill, dropships per XML request, seconds each reply is held back
# per API, the queue's limits (Q_TIMEOUT, Q_RETRY, Q_STALE_MARGIN) and the seconds between recovery rounds.
FULL = {"orders": 120, "kill_after": 40, "batch": 20, "latency": {"xml": 1.5, "rest": 0.25},
        "timeout": 60, "retry": 90, "margin": 10, "sweep_every": 5}
QUICK = {"orders": 30, "kill_after": 10, "batch": 5, "latency": {"xml": 0.8, "rest": 0.2},
         "timeout": 12, "retry": 16, "margin": 2, "sweep_every": 2}

from kill_processes import _database, _drop_database, _free_port, _fresh_database, _stop  # noqa: E402
from kill_run import ROUTE_LABELS, Run  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int)
    parser.add_argument("--brokers", default="orm,redis")
    parser.add_argument("--apis", default="xml,rest", help="InnoCigs' APIs to run")
    parser.add_argument("--partners", default="innocigs,innoship,meineinkauf")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/kill_test")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--port", type=int, default=0, help="the sandbox's port (default: a free one)")
    parser.add_argument("--quick", action="store_true", help="the small run of the test suite")
    parser.add_argument("--keep", action="store_true", help="keep the last run's database for a look")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # internal: one broker:api run in a child process
    args = parser.parse_args()
    plan = dict(QUICK if args.quick else FULL)
    if args.orders:
        plan["orders"], plan["kill_after"] = args.orders, max(1, args.orders // 3)
    database = _database(args.database_url)["NAME"]
    if "kill" not in Path(database).name:
        parser.error(f"the database {database!r} would be dropped: give one whose name contains 'kill'")
    if args.run:
        broker, api = args.run.split(":")
        return run_one(broker, api, plan, args)
    args.port = args.port or _free_port()
    return run_all(plan, args)


# --- the driver: one child process per broker and API (each needs its own Django settings) ------------------------

def run_all(plan, args):
    results = []
    partners = args.partners.split(",")
    # What one run sends through: InnoCigs by each of its APIs, Innoship, MeinEinkauf.
    routes = [api for api in args.apis.split(",") if "innocigs" in partners] + [
        p for p in ("innoship", "meineinkauf") if p in partners]
    for broker in args.brokers.split(","):
        for api in routes:
            print(f"\n== {broker} broker, {ROUTE_LABELS[api]}", flush=True)
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                command = [sys.executable, __file__, "--run", f"{broker}:{api}", "--json", out.name,
                           "--database-url", args.database_url, "--redis-url", args.redis_url,
                           "--port", str(args.port)]
                command += ["--quick"] if args.quick else []
                command += ["--orders", str(args.orders)] if args.orders else []
                command += ["--keep"] if args.keep else []
                code = subprocess.call(command, cwd=ROOT, env=_base_env(broker, api, plan, args))
                text = Path(out.name).read_text()
            result = json.loads(text) if text else {"broker": broker, "api": api, "failures": [
                f"the run stopped (exit code {code}) before it had a result; see its output above"]}
            results.append(result)
    print_table(results, plan)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 1 if any(r["failures"] for r in results) else 0


def _base_env(broker, api, plan, args):
    from backoffice.sandbox import credentials

    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(SENDER)
    env.update({
        "BACKOFFICE_ENV_FILE": "", "DJANGO_SETTINGS_MODULE": "backoffice.settings",
        "SECRET_KEY": "bench-only-not-a-secret", "DEBUG": "false", "SANDBOX": "false", "LOG_LEVEL": "WARNING",
        "DATABASE_URL": args.database_url, "CONN_MAX_AGE": "0",
        "Q_WORKERS": "2", "Q_TIMEOUT": str(plan["timeout"]), "Q_RETRY": str(plan["retry"]),
        "Q_STALE_MARGIN": str(plan["margin"]),
        "INNOCIGS_API": api if api in ("xml", "rest") else "rest", "INNOCIGS_BASE_URL": f"http://127.0.0.1:{args.port}/sandbox/innocigs",
        "INNOCIGS_CID": credentials.INNOCIGS_CID, "INNOCIGS_PASSWORD": credentials.INNOCIGS_PASSWORD,
        "INNOCIGS_TEST_MODE": "false", "INNOCIGS_DROPSHIP_BATCH": str(plan["batch"]),
        # A claim lasts connect + read + Q_STALE_MARGIN past its last request, and an unknown outcome waits read +
        # PARTNER_LATE_REQUEST_MARGIN: short here, so recovery takes seconds.
        "INNOCIGS_CONNECT_TIMEOUT": "2", "INNOCIGS_READ_TIMEOUT": "10",
        "PARTNER_LATE_REQUEST_MARGIN": str(plan["margin"]),
        "INNOSHIP_BASE_URL": f"http://127.0.0.1:{args.port}/sandbox/innoship",
        "INNOSHIP_API_KEY": credentials.INNOSHIP_API_KEY, "INNOSHIP_LOCATION": "hamburg-1",
        "INNOSHIP_VALIDATE_FIRST": "false", "INNOSHIP_CONNECT_TIMEOUT": "2", "INNOSHIP_READ_TIMEOUT": "10",
        "MEINEINKAUF_BASE_URL": f"http://127.0.0.1:{args.port}/sandbox/meineinkauf/v1",
        "MEINEINKAUF_API_KEY": credentials.MEINEINKAUF_API_KEY, "MEINEINKAUF_CONNECT_TIMEOUT": "2",
        "MEINEINKAUF_READ_TIMEOUT": "10",
    })
    if broker == "redis":
        env["REDIS_URL"] = args.redis_url
    elif broker != "orm":
        raise SystemExit(f"Unknown broker {broker!r}: orm or redis.")
    if api not in ROUTE_LABELS:
        raise SystemExit(f"Unknown route {api!r}: xml, rest (InnoCigs), innoship or meineinkauf.")
    return env


def print_table(results, plan):
    print(f"\nWorker killed mid-submission: SIGKILL to the whole qcluster process group while a dropship request "
          f"was in flight, then a new cluster. Time: from queuing the job until all is settled, most of it waiting "
          f"until a claim's lease runs out (2 + 10 + Q_STALE_MARGIN {plan['margin']} s) and a late request could "
          f"no longer arrive (10 + PARTNER_LATE_REQUEST_MARGIN {plan['margin']} s).")
    head = ("broker", "API", "orders", "accepted", "placed at the partner (sum / max per order)",
            "at the kill: accepted / in flight / claimed (request left)", "unknown before / after reconcile",
            "resent blindly", "job", "time")
    rows = []
    for r in results:
        if "orders" not in r:
            rows.append((r["broker"], r["api"], "–", "–", "–", "–", "–", "–", "–", "–"))
            continue
        rows.append((
            r["broker"], r["api"], str(r["orders"]), str(r["accepted"]),
            f"{r['placed_sum']} / {r['placed_max']}",
            f"{r['kill']['accepted']} / {r['kill']['in_flight']} / {r['kill']['sending']} ({r['kill']['left']})",
            f"{r['unknown_before']} / {r['unknown_after']}", str(r["resent_blindly"]),
            f"{r['job']['status']}, requeued {r['job']['requeued']}",
            f"{r['seconds']:.0f} s",
        ))
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    for r in results:
        if r.get("job"):
            print(f"{r['broker']}/{r['api']}: the job's task ran {len(r['job']['runs'])} time(s): "
                  + " | ".join(r["job"]["runs"]))
        if r.get("settled_by"):
            settled = ", ".join(f"{count} {how}" for how, count in r["settled_by"].items())
            print(f"{r['broker']}/{r['api']}: accepted {settled}; unknown because: {'; '.join(r['reasons']) or '–'}")
        for failure in r["failures"]:
            print(f"{r['broker']}/{r['api']}: FAILED: {failure}")
    if not any(r["failures"] for r in results):
        print("Every order accepted exactly once: none placed twice, none lost, none resent blindly, none unknown.")


# --- one run, in its own process ---------------------------------------------------------------------------------

def run_one(broker, api, plan, args):
    result = {"broker": broker, "api": api, "failures": []}
    logs = Path(tempfile.mkdtemp(prefix=f"kill-{broker}-{api}-"))
    processes = []
    try:
        _fresh_database(args.database_url)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from django_q.brokers import get_broker

        get_broker().delete_queue()  # nothing queued by anyone else may run in this run's database
        run = Run(broker, api, plan, args, logs, processes)
        result.update(run.go())
    except Exception as exc:
        result["failures"].append(f"the run broke: {type(exc).__name__}: {exc}")
        raise
    finally:
        for process in processes:
            _stop(process)
        if result["failures"]:
            print(f"   logs of the servers and clusters: {logs}", flush=True)
        else:
            shutil.rmtree(logs, ignore_errors=True)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _drop_database(args.database_url)
        if args.json:
            Path(args.json).write_text(json.dumps(result))
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
