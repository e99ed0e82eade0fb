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
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENDER = {
    "SHOP_SENDER_COMPANY": "Dampfwerk Versand GmbH", "SHOP_SENDER_FIRST_NAME": "Max",
    "SHOP_SENDER_LAST_NAME": "Mustermann", "SHOP_SENDER_STREET": "Musterstrasse 10",
    "SHOP_SENDER_POSTCODE": "22761", "SHOP_SENDER_CITY": "Hamburg", "SHOP_SENDER_COUNTRY": "DE",
    "SHOP_SENDER_EMAIL": "versand@example.com", "SHOP_SENDER_PHONE": "+49 40 1234567",
}
# Two articles the sandbox stocks plenty of; each order takes one piece of one of them.
ARTICLES = ("12M100L10-BG-0", "IC10000AIO-10")
# Orders, how many are accepted before the kill, dropships per XML request, seconds each reply is held back
# per API, the queue's limits (Q_TIMEOUT, Q_RETRY, Q_STALE_MARGIN) and the seconds between recovery rounds.
FULL = {"orders": 120, "kill_after": 40, "batch": 20, "latency": {"xml": 1.5, "rest": 0.25},
        "timeout": 60, "retry": 90, "margin": 10, "sweep_every": 5}
QUICK = {"orders": 30, "kill_after": 10, "batch": 5, "latency": {"xml": 0.8, "rest": 0.2},
         "timeout": 12, "retry": 16, "margin": 2, "sweep_every": 2}
RECOVERY = ("requeue_stale_jobs", "reconcile_submissions", "retry_submissions")
ROUTE_LABELS = {"xml": "InnoCigs XML API", "rest": "InnoCigs REST API", "innoship": "Innoship bookings",
                "meineinkauf": "MeinEinkauf registrations"}
ACTOR = "user:kill-bench"


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
            "at the kill: accepted / in flight / claimed", "unknown before / after reconcile", "resent blindly",
            "job", "time")
    rows = []
    for r in results:
        if "orders" not in r:
            rows.append((r["broker"], r["api"], "–", "–", "–", "–", "–", "–", "–", "–"))
            continue
        rows.append((
            r["broker"], r["api"], str(r["orders"]), str(r["accepted"]),
            f"{r['placed_sum']} / {r['placed_max']}",
            f"{r['kill']['accepted']} / {r['kill']['in_flight']} / {r['kill']['sending']}",
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


class Run:
    def __init__(self, broker, api, plan, args, logs, processes):
        self.broker, self.api, self.plan, self.args, self.logs = broker, api, plan, args, logs
        self.processes = processes  # every process started, stopped by run_one's finally
        self.partner = "innocigs" if api in ("xml", "rest") else api
        self.sandbox = f"http://127.0.0.1:{args.port}/sandbox/innocigs/_control"
        self.partner_sandbox = {"innocigs": self.sandbox,
                                "innoship": f"http://127.0.0.1:{args.port}/sandbox/innoship/_control",
                                "meineinkauf": f"http://127.0.0.1:{args.port}/sandbox/meineinkauf/v1/_control",
                                }[self.partner]
        self.control_token = secrets.token_urlsafe(32)  # lets this run, and only it, use the sandbox's controls
        self.started = time.monotonic()

    def say(self, text):
        print(f"   t+{time.monotonic() - self.started:5.1f}s  {text}", flush=True)

    def go(self):
        from django.db import transaction

        from backoffice.jobs import job_start

        self.start_sandbox()
        self.partner_control("latency", seconds=self.latency())
        order_ids = self.make_orders()
        cluster = self.start_cluster("qcluster-1")
        with transaction.atomic():
            job = job_start(kind=f"Submit to {self.partner}", total=len(order_ids), actor=ACTOR,
                            task="orders.tasks.submit_orders_job", order_ids=order_ids, partner=self.partner)
        self.started = time.monotonic()
        how = (f" in batches of {self.plan['batch']}" if self.api == "xml" else ", one per request")
        self.say(f"job #{job.pk} queued: {len(order_ids)} orders, {ROUTE_LABELS[self.api]}{how}, "
                 f"each reply held back {self.latency()} s")
        kill = self.kill_mid_batch(cluster)
        self.say(f"SIGKILL to the qcluster process group: {kill['accepted']} accepted, {kill['in_flight']} in a "
                 f"request in flight, {kill['sending']} claimed `sending`")
        self.wait_for_held_replies()
        self.partner_control("latency", seconds=0)
        self.start_cluster("qcluster-2")
        self.say("a new qcluster started")
        self.recover(job.pk)
        seconds = time.monotonic() - self.started
        found = self.check(job.pk)
        found.update(kill=kill, seconds=seconds)
        self.say(f"settled: {found['accepted']} of {found['orders']} accepted; "
                 f"{len(found['failures'])} check(s) failed")
        return found

    # --- processes ------------------------------------------------------------------------------------------

    def spawn(self, name, *argv, env=None):
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - kept open for the process's life
        env = {**(env or os.environ), "LOG_LEVEL": "INFO"}
        process = subprocess.Popen([sys.executable, "manage.py", *argv], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        process.log = log
        self.processes.append(process)
        return process

    def start_sandbox(self):
        import requests

        # The careless partner: InnoCigs places a repeated order number again, so only the back-office can
        # keep an order from being placed twice.
        env = {**os.environ, "SANDBOX": "true", "DEBUG": "true", "SANDBOX_ACCEPT_REPEATS": "true",
               "SANDBOX_CONTROL_TOKEN": self.control_token}
        process = self.spawn("sandbox", "runserver", f"127.0.0.1:{self.args.port}", "--noreload", env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the sandbox server stopped (exit code {process.returncode})")
            try:
                requests.get(f"{self.sandbox}/dropships", headers=self.control_headers(), timeout=2).raise_for_status()
                return process
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("the sandbox server did not answer within 60 s")

    def control_headers(self):
        from backoffice.sandbox.common import CONTROL_TOKEN_HEADER

        return {CONTROL_TOKEN_HEADER: self.control_token}

    def start_cluster(self, name):
        return self.spawn(name, "qcluster")

    def latency(self):
        return self.plan["latency"]["xml" if self.api == "xml" else "rest"]

    def partner_control(self, name, **data):
        import requests

        response = requests.post(f"{self.partner_sandbox}/{name}", data=data, headers=self.control_headers(),
                                 timeout=10)
        response.raise_for_status()
        return response.json()

    def read_out(self):
        import requests

        response = requests.get(f"{self.partner_sandbox}/placements", headers=self.control_headers(), timeout=10)
        response.raise_for_status()
        return response.json()

    def in_flight(self):
        """Orders in a request whose reply the sandbox holds back (the partner has acted on them)."""
        if self.partner == "innocigs":
            return sum(len(numbers) for numbers in self.control("dropships")["in_flight"])
        return self.read_out()["in_flight"]  # one order per request

    def placements(self):
        """How often the partner placed, booked or registered each order number."""
        if self.partner == "innocigs":
            return {n: c["placed"] for n, c in self.control("dropships")["orders"].items()}
        return self.read_out()["placements"]

    def control(self, name, **data):
        import requests

        headers = self.control_headers()
        response = (requests.post(f"{self.sandbox}/{name}", data=data, headers=headers, timeout=10) if data
                    else requests.get(f"{self.sandbox}/{name}", headers=headers, timeout=10))
        response.raise_for_status()
        return response.json()

    # --- the orders -------------------------------------------------------------------------------------------

    def make_orders(self):
        from datetime import date

        from orders.models import Address, Order, OrderLine
        from suppliers.models import Product

        if self.partner != "innocigs":
            # The partners' own test orders: a German home delivery by courier, or a Swiss customer.
            if self.partner == "innoship":
                from tests.shipping.innoship.conftest import make_order
            else:
                from tests.shipping.meineinkauf.conftest import make_order
            return [make_order(f"KILL-{i + 1:04d}").pk for i in range(self.plan["orders"])]
        for model in ARTICLES:
            Product.objects.create(model=model, name=model, stock_quantity=1000)
        ids = []
        for i in range(self.plan["orders"]):
            address = Address.objects.create(first_name="Jane", last_name=f"Doe{i}", street="Teststr.",
                                             house_number=str(i + 1), postcode="22761", city="Hamburg",
                                             country="DE")
            order = Order.objects.create(number=f"KILL-{i + 1:04d}", placed_at=date.today(), route="innocigs",
                                         shipping_address=address)
            OrderLine.objects.create(order=order, sku=ARTICLES[i % len(ARTICLES)], quantity=1, unit_price="12.50")
            ids.append(order.pk)
        return ids

    # --- the kill ----------------------------------------------------------------------------------------------

    def kill_mid_batch(self, cluster):
        from orders.models import Submission

        S = Submission.State
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            accepted = Submission.objects.filter(state=S.ACCEPTED).count()
            in_flight = self.in_flight()
            if accepted >= self.plan["kill_after"] and in_flight:
                os.killpg(cluster.pid, signal.SIGKILL)
                cluster.wait(timeout=30)
                states = dict.fromkeys(S.values, 0) | {
                    state: Submission.objects.filter(state=state).count() for state in (S.ACCEPTED, S.SENDING)}
                return {"accepted": states[S.ACCEPTED], "sending": states[S.SENDING], "in_flight": in_flight}
            if cluster.poll() is not None:
                raise RuntimeError(f"the first qcluster stopped by itself (exit code {cluster.returncode})")
            time.sleep(0.05)
        raise RuntimeError(f"no request was in flight after {self.plan['kill_after']} accepted orders within "
                           "60 s: the batch finished before it could be killed")

    def wait_for_held_replies(self):
        """The sandbox finishes the request it held back (its reply goes nowhere): InnoCigs has placed it."""
        deadline = time.monotonic() + 30
        while self.in_flight() and time.monotonic() < deadline:
            time.sleep(0.1)

    # --- the recovery -------------------------------------------------------------------------------------------

    def recover(self, job_id):
        """Queues the recovery schedules' tasks every few seconds (each round once the last has finished) until
        the job is finished, no submission is open and the broker holds nothing; bounded."""
        from django_q.tasks import async_task, fetch

        from backoffice.schedules import ScheduleSpec
        from backoffice.schedules import all_schedules as schedules

        specs: dict[str, ScheduleSpec] = {s.name: s for s in schedules() if s.name in RECOVERY}
        stale = 2 + 10 + self.plan["margin"]  # the lease, then the late-request window (read timeout + margin)
        deadline = time.monotonic() + 2 * stale + 240
        pending, next_round, quiet_rounds = [], 0.0, 0
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if any(fetch(task_id) is None for _, task_id in pending):
                continue
            for name, task_id in pending:
                task = fetch(task_id)
                text = str(task.result)
                if not task.success or not text.startswith(("no ", "nothing")):
                    self.say(f"{name}: {'FAILED ' if not task.success else ''}{text[:160]}")
            pending = []
            quiet_rounds = quiet_rounds + 1 if self.settled(job_id) else 0
            if quiet_rounds >= 2:
                return
            if time.monotonic() >= next_round:
                if self.partner == "innocigs":  # InnoCigs ships what it placed: its tracking names it from now on
                    self.control("ship", now="1")
                pending = [(name, async_task(spec.func, **spec.kwargs, task_name=f"{name} (kill bench)"))
                           for name, spec in specs.items()]
                next_round = time.monotonic() + self.plan["sweep_every"]
        self.say("recovery did not settle in time")

    def settled(self, job_id):
        from django_q.brokers import get_broker
        from django_q.models import OrmQ

        from backoffice.models import Job
        from orders.models import Submission

        S = Submission.State
        if not Job.objects.get(pk=job_id).finished:
            return False
        if Submission.objects.filter(state__in=(S.READY, S.SENDING, S.UNKNOWN)).exists():
            return False
        waiting = OrmQ.objects.count() if self.broker == "orm" else get_broker().queue_size()
        return not waiting and not self.in_flight()

    # --- the check ---------------------------------------------------------------------------------------------

    def check(self, job_id):
        from django.db.models import Count, Q
        from django_q.models import Task

        from backoffice.models import Job
        from orders.models import Order, OrderEvent, Submission

        S = Submission.State
        failures = []
        orders = Order.objects.annotate(
            accepted=Count("submissions", filter=Q(submissions__state=S.ACCEPTED)),
            open=Count("submissions", filter=Q(submissions__state__in=(S.READY, S.SENDING, S.UNKNOWN))),
        )
        numbers = {o.number: o for o in orders}
        not_once = sorted(n for n, o in numbers.items() if o.accepted != 1)
        if not_once:
            failures.append(f"{len(not_once)} orders not accepted exactly once, e.g. {not_once[:5]}")
        still_open = Submission.objects.filter(state__in=(S.READY, S.SENDING, S.UNKNOWN))
        unknown_after = still_open.filter(state=S.UNKNOWN).count()
        for submission in still_open.select_related("order")[:5]:
            failures.append(f"{submission.order.number} is still {submission.state}: {submission.message}")
        held = self.placements()
        placed = {n: held.get(n, 0) for n in numbers}
        not_placed_once = sorted(n for n, count in placed.items() if count != 1)
        if not_placed_once:
            failures.append(f"{len(not_placed_once)} order numbers not placed exactly once at {self.partner}, "
                            f"e.g. {[(n, placed[n]) for n in not_placed_once[:5]]}")
        strangers = sorted(set(held) - set(numbers))
        if strangers:
            failures.append(f"{self.partner} got numbers that are no order: {strangers[:5]}")
        partner = self.control("dropships")["orders"] if self.partner == "innocigs" else {}
        blind = sum(c["resent_blindly"] for c in partner.values())
        if blind:
            failures.append(f"{blind} dropships were resent blindly (already placed, no look-up first)")
        went_unknown = OrderEvent.objects.filter(to_state=S.UNKNOWN)
        reasons = sorted(set(went_unknown.values_list("note", flat=True)))
        job = Job.objects.get(pk=job_id)
        runs = [str(t.result) for t in Task.objects.filter(func=job.task).order_by("started")]
        if job.status != Job.Status.DONE:
            failures.append(f"job #{job.pk} ended {job.status}: {job.message}")
        return {
            "orders": len(numbers), "accepted": sum(o.accepted == 1 for o in numbers.values()),
            "placed_sum": sum(placed.values()), "placed_max": max(placed.values(), default=0),
            "arrived_sum": sum(c["arrived"] for c in partner.values()),
            "looked_up_sum": sum(c["looked_up"] for c in partner.values()),
            "resent_blindly": blind,
            "unknown_before": went_unknown.values("submission").distinct().count(), "unknown_after": unknown_after,
            "reasons": reasons, "settled_by": self.settled_by(),
            "job": {"status": job.status, "requeued": job.requeued, "message": job.message,
                    "done": job.done, "total": job.total, "runs": runs},
            "failures": failures,
        }

    @staticmethod
    def settled_by():
        from orders.models import Submission

        kinds = {"by the job's own request": 0, "by reconcile, from the partner's own data": 0}
        for submission in Submission.objects.filter(state=Submission.State.ACCEPTED):
            if submission.message.startswith(("found in InnoCigs' tracking", "found at Innoship",
                                              "MeinEinkauf has the order")):
                kinds["by reconcile, from the partner's own data"] += 1
            else:
                kinds["by the job's own request"] += 1
        return {kind: count for kind, count in kinds.items() if count}


# --- databases and processes --------------------------------------------------------------------------------------

def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database(url):
    import environ

    return environ.Env.db_url_config(url)


def _fresh_database(url):
    _drop_database(url)
    config = _database(url)
    if "postgresql" in config["ENGINE"]:
        with _postgres_admin(config) as admin:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def _drop_database(url):
    config = _database(url)
    if "postgresql" in config["ENGINE"]:
        with _postgres_admin(config) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
    elif config["NAME"] and config["NAME"] != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{config['NAME']}{suffix}").unlink(missing_ok=True)


def _postgres_admin(config):
    import psycopg

    return psycopg.connect(dbname="postgres", user=config.get("USER") or None,
                           password=config.get("PASSWORD") or None, host=config.get("HOST") or None,
                           port=config.get("PORT") or None, autocommit=True)


def _stop(process):
    """Stops a process this run started: the leader first (a qcluster whose whole group gets SIGTERM never
    finishes stopping), then its whole group for sure after a bounded wait."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    process.log.close()


if __name__ == "__main__":
    sys.exit(main())
