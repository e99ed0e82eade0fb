"""Submissions in the fault matrix: two orders sent to a partner through a fault, then settled and sent again.

After the fault each order must be `unknown` (the partner may have acted) or, when the partner's status
proves it processed nothing, `ready` with "not sent" and a retry time no sooner than its Retry-After.
Then, as staff and the schedules would: an unknown submission is reconciled from the partner's own data,
and whatever is `ready` is sent again. In the end each order is accepted once, and the partner holds it once.
"""

import json
from datetime import timedelta

from django.utils import timezone

from backoffice.sandbox import state
from backoffice.sandbox.innocigs_orders import orders_state
from orders.models import Order, OrderEvent, Submission
from orders.services.submissions import orders_submit, submission_reconcile, submissions_retry_due
from shipping.meineinkauf.models import MeinEinkaufOrder
from shipping.models import Shipment

from .shop import ACTOR, ORDER_BUILDERS

S = Submission.State
NUMBERS = ("F1001", "F1002")


class Submit:
    """Sending orders to one partner through the one lifecycle."""

    # Requests with the order that may reach the partner once it holds it, by design: InnoCigs' reconcile
    # sends the same ORDERS_NUMBER again, which it refuses (20011) if it has it and places if it has not.
    checks_by_sending = 0

    def __init__(self, name, partner, **settings):
        self.name = name
        self.partner = partner
        self.settings = settings

    def sent(self, number) -> int:
        """Requests carrying the order that reached the partner."""
        raise NotImplementedError

    def held(self, number) -> int:
        """How many times the partner holds the order (placed, booked, registered)."""
        raise NotImplementedError

    def recorded(self, order) -> list[str]:
        """What must be on our side for an accepted order, beyond its submission."""
        return []

    def run(self, run):
        orders = [ORDER_BUILDERS[self.partner](number) for number in NUMBERS]
        started = timezone.now()
        run.fault_on()
        results = {r.order_number: r for r in orders_submit(orders=orders, partner=self.partner, actor=ACTOR)}
        run.fault_off()
        held_after_fault = {number: self.held(number) for number in NUMBERS}
        for order in orders:
            self.check_after_fault(run, order, results.get(order.number), started)
        words = {order.number: self.settle(run, order, held_after_fault[order.number]) for order in orders}
        self.send_what_is_ready(run)
        for order in orders:
            self.check_final(run, order, held_after_fault[order.number])
        placed = {self.held(number) for number in NUMBERS}
        times = f"{placed.pop()}×" if len(placed) == 1 else "/".join(str(self.held(n)) for n in NUMBERS) + "×"
        return f"{' / '.join(sorted(set(words.values())))}, {times}"

    def check_after_fault(self, run, order, result, started):
        fault = run.fault
        submission = order.submissions.order_by("-attempt").first()
        order.refresh_from_db()
        name = order.number
        if submission is None:
            run.problem(f"{name}: no submission was recorded")
            return
        run.cell.reason = run.cell.reason or submission.message
        expected = S.READY if fault.nothing_processed else S.UNKNOWN
        if submission.state != expected:
            run.problem(f"{name}: {submission.state} after the fault, expected {expected}: {submission.message}")
        if order.submission_state != submission.state:
            run.problem(f"{name}: the order shows {order.submission_state!r}, its submission {submission.state!r}")
        if order.status != Order.Status.READY or order.partner_reference:
            run.problem(f"{name}: half-written: order {order.status}, reference {order.partner_reference!r}")
        if result is None or not result.message:
            run.problem(f"{name}: the run reported no reason for it")
        if not submission.message or not OrderEvent.objects.filter(
                submission=submission, to_state=submission.state).exclude(note="").exists():
            run.problem(f"{name}: no reason shown in its history")
        if submission.state == S.READY:
            if not submission.message.startswith("not sent") or submission.retry_at is None:
                run.problem(f"{name}: ready without 'not sent' and a retry time: {submission.message}")
            elif fault.retry_after and submission.retry_at < started + timedelta(seconds=fault.retry_after):
                at = timezone.localtime(submission.retry_at)
                run.problem(f"{name}: tried again at {at:%H:%M:%S}, before the partner's Retry-After of "
                            f"{fault.retry_after:g} s")
        reached = self.sent(name)
        if reached != (1 if fault.forwards else 0):
            run.problem(f"{name}: {reached} request(s) reached the partner through the fault")

    def settle(self, run, order, held_after_fault) -> str:
        """Reconciles an unknown submission as the schedule would; the words say how the order ended up."""
        submission = order.submissions.order_by("-attempt").first()
        if submission is None:
            return "not submitted"
        if submission.state == S.READY:
            return "not sent → retried"
        if submission.state != S.UNKNOWN:
            return submission.state
        settled = submission_reconcile(submission=submission, actor=ACTOR)
        if settled.state == S.ACCEPTED:
            return "unknown → found" if held_after_fault else "unknown → check placed it"
        if settled.state == S.READY:
            if held_after_fault:
                run.problem(f"{order.number}: reconcile missed the order the partner holds")
            return "unknown → not there, resent"
        run.problem(f"{order.number}: reconcile left it {settled.state}: {settled.message}")
        return f"unknown → {settled.state}"

    def send_what_is_ready(self, run):
        """What is due goes through the retry schedule; what reconcile freed, staff send again."""
        due = Submission.objects.filter(state=S.READY, retry_at__isnull=False)
        latest = due.order_by("-retry_at").values_list("retry_at", flat=True).first()
        if latest:
            submissions_retry_due(actor=ACTOR, now=latest + timedelta(seconds=1))
        freed = Order.objects.filter(submissions__state=S.READY, submissions__retry_at__isnull=True)
        if freed.exists():
            orders_submit(orders=list(freed.distinct()), partner=self.partner, actor=ACTOR)

    def check_final(self, run, order, held_after_fault):
        name = order.number
        order.refresh_from_db()
        states = list(order.submissions.values_list("state", flat=True))
        if states.count(S.ACCEPTED) != 1 or any(s in (S.SENDING, S.UNKNOWN, S.READY) for s in states):
            run.problem(f"{name}: submissions end {states}, expected exactly one accepted")
        if order.status != Order.Status.SUBMITTED:
            run.problem(f"{name}: the order ends {order.status}, expected submitted")
        for text in self.recorded(order):
            run.problem(f"{name}: {text}")
        held = self.held(name)
        if held != 1:
            run.problem(f"{name}: the partner holds it {held} times")
            run.cell.lost += held == 0
            run.cell.doubled += held > 1
        sent = self.sent(name)
        allowed = 1 + (self.checks_by_sending if held_after_fault else 0)
        if sent > allowed:
            run.problem(f"{name}: {sent} requests carrying it reached the partner, at most {allowed} may")
            run.cell.doubled += held <= 1


class SubmitInnocigs(Submit):
    checks_by_sending = 1

    def sent(self, number):
        with state.lock:
            requests = list(orders_state()["dropship_requests"])
        return sum(number in r["numbers"] for r in requests if not r["test"])

    def held(self, number):
        with state.lock:
            return int(number in orders_state()["dropships"])


class BookInnoship(Submit):
    def sent(self, number):
        return sum(json.loads(r.body).get("externalOrderId") == number for r in state.received("innoship", "book"))

    def held(self, number):
        with state.lock:
            bookings = list(state.store("innoship").get("bookings", {}).values())
        return sum(b["external_order_id"] == number for b in bookings)

    def recorded(self, order):
        awbs = list(Shipment.objects.filter(order=order, partner="innoship").values_list("tracking_code", flat=True))
        return [] if awbs == [order.partner_reference] else [f"shipments {awbs} for AWB {order.partner_reference}"]


class RegisterMeinEinkauf(Submit):
    def sent(self, number):
        return sum(json.loads(r.body).get("orderNumber") == number
                   for r in state.received("meineinkauf", "orders_create"))

    def held(self, number):
        with state.lock:
            stored = list(state.store("meineinkauf").get("orders", {}).values())
        return sum(o["orderNumber"] == number for o in stored)

    def recorded(self, order):
        record = MeinEinkaufOrder.objects.filter(order=order).first()
        if record is None or str(record.meineinkauf_id) != order.partner_reference:
            return [f"no MeinEinkauf record with id {order.partner_reference}"]
        return []


SUBMISSIONS = (
    SubmitInnocigs("InnoCigs dropship (REST)", "innocigs", INNOCIGS_API="rest"),
    SubmitInnocigs("InnoCigs dropship (XML)", "innocigs", INNOCIGS_API="xml"),
    BookInnoship("Innoship booking", "innoship"),
    RegisterMeinEinkauf("MeinEinkauf registration", "meineinkauf"),
)
