"""One run of the kill test (bench/kill_test.py), in its own process: the sandbox and the clusters, the orders,
the kill, the recovery and the check."""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Two articles the sandbox stocks plenty of; each order takes one piece of one of them.
ARTICLES = ("12M100L10-BG-0", "IC10000AIO-10")
RECOVERY = ("requeue_stale_jobs", "reconcile_submissions", "retry_submissions")
ROUTE_LABELS = {"xml": "InnoCigs XML API", "rest": "InnoCigs REST API", "innoship": "Innoship bookings",
                "meineinkauf": "MeinEinkauf registrations"}
ACTOR = "user:kill-bench"


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
                 f"request in flight, {kill['sending']} claimed `sending` ({kill['left']} with their request left)")
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
                # Of the claims, those whose request left (the rest go back to `ready` when swept).
                left = Submission.objects.filter(state=S.SENDING, request_left=True).count()
                return {"accepted": states[S.ACCEPTED], "sending": states[S.SENDING], "left": left,
                        "in_flight": in_flight}
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
