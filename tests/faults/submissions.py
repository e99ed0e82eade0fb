"""Submissions in the fault matrix: two orders sent to a partner through a fault, then settled and sent again.

After the fault each order must be `unknown` (the partner may have acted) or, when the partner's status
proves it processed nothing, `ready` with "not sent" and a retry time no sooner than its Retry-After.
Then, as staff and the schedules would: an unknown submission is reconciled from the partner's own data,
and whatever is `ready` is sent again. In the end each order is accepted once, and the partner holds it once.
"""

import json
from datetime import timedelta

import requests
from django.utils import timezone

from backoffice.sandbox import state
from orders.models import Order, OrderEvent, Submission
from orders.services.submissions import (
    orders_submit,
    submission_reconcile,
    submission_release,
    submissions_retry_due,
)
from shipping.meineinkauf.models import MeinEinkaufOrder
from shipping.models import Shipment
from suppliers.innocigs.sandbox.dropship import orders_state
from tests.support import control_headers

from .shop import ACTOR, ORDER_BUILDERS

S = Submission.State
NUMBERS = ("F1001", "F1002")


class Submit:
    """Sending orders to one partner through the one lifecycle."""

    def __init__(self, name, partner, *, orders=None, **settings):
        self.name = name
        self.partner = partner
        self.build_order = ORDER_BUILDERS[orders or partner]
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
        orders = [self.build_order(number) for number in NUMBERS]
        started = timezone.now()
        run.fault_on()
        results = {r.order_number: r for r in orders_submit(orders=orders, partner=self.partner, actor=ACTOR)}
        run.fault_off()
        # Staff reconcile at once: within the window in which a request may still arrive, nothing is settled.
        for submission in Submission.objects.filter(order__in=orders, state=S.UNKNOWN):
            if submission_reconcile(submission=submission, actor=ACTOR).state != S.UNKNOWN:
                run.problem(f"{submission.order.number}: settled before a late request could no longer arrive")
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
        if fault.partial and submission.state == S.ACCEPTED:
            if self.sent(name) != 1:
                run.problem(f"{name}: accepted before the fault, but {self.sent(name)} requests reached the partner")
            return  # its request came before the one the fault broke
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
        if submission.state == S.ACCEPTED and run.fault.partial:
            return "accepted"
        if submission.state != S.UNKNOWN:
            return submission.state
        later = submission.settle_after + timedelta(seconds=1)
        settled = submission_reconcile(submission=submission, actor=ACTOR, now=later)
        if settled.state == S.UNKNOWN and settled.needs_person:
            self.a_day_passes(run)  # the partner ships what it holds, so its own data may name it now
            settled = submission_reconcile(submission=settled, actor=ACTOR, now=later)
        if settled.state == S.ACCEPTED:
            if not held_after_fault:
                run.problem(f"{order.number}: reconcile accepted an order the partner does not hold")
            return "unknown → found"
        if settled.state == S.READY:
            if held_after_fault:
                run.problem(f"{order.number}: reconcile freed an order the partner holds")
            return "unknown → not there, resent"
        if settled.state == S.UNKNOWN and settled.needs_person:
            if held_after_fault:
                run.problem(f"{order.number}: the partner holds it, but its data did not show it")
                return "unknown → missed"
            # The person looks into the partner's portal, finds nothing, and lets it be sent again.
            submission_release(submission=settled, actor=ACTOR, note="not in the partner's portal", now=later)
            return "unknown → person: not there, resent"
        run.problem(f"{order.number}: reconcile left it {settled.state}: {settled.message}")
        return f"unknown → {settled.state}"

    def a_day_passes(self, run):
        """What the partner does by itself in a day, e.g. shipping what it holds."""

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
        if order.status not in (Order.Status.SUBMITTED, Order.Status.SHIPPED):  # shipped: the partner's day passed
            run.problem(f"{name}: the order ends {order.status}, expected submitted")
        for text in self.recorded(order):
            run.problem(f"{name}: {text}")
        held = self.held(name)
        if held != 1:
            run.problem(f"{name}: the partner holds it {held} times")
            run.cell.lost += held == 0
            run.cell.doubled += held > 1
        sent = self.sent(name)
        allowed = 1
        if sent > allowed:
            run.problem(f"{name}: {sent} requests carrying it reached the partner, at most {allowed} may")
            run.cell.doubled += held <= 1


class SubmitInnocigs(Submit):
    def a_day_passes(self, run):
        requests.post(run.sandbox_url("innocigs/_control/ship"), headers=control_headers(),
                      timeout=10).raise_for_status()

    def sent(self, number):
        with state.lock:
            requests = list(orders_state()["dropship_requests"])
        return sum(number in r["numbers"] for r in requests if not r["test"])

    def held(self, number):
        with state.lock:
            return orders_state()["placements"].get(number, 0)


class SubmitSwissFirstLeg(SubmitInnocigs):
    """A Swiss order's dropship to MeinEinkauf's hub: placed once, addressed to the hub, the customer unnamed."""

    def recorded(self, order):
        with state.lock:
            placed = orders_state()["dropships"].get(order.number)
        receiver = placed["receiver"] if placed else {}
        if receiver.get("COMPANY2") != order.number or receiver.get("COUNTRY_CODE") != "DE":
            return [f"the dropship is not addressed to the hub with the order number: {receiver}"]
        if "Erika" in str(receiver) or "Zürich" in str(receiver):
            return ["the customer's address went to InnoCigs"]
        if order.submissions.filter(partner="meineinkauf").exists():
            return ["the registration with MeinEinkauf went before the parcel to the hub"]
        return []


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
    SubmitSwissFirstLeg("Swiss order to the hub (InnoCigs REST)", "innocigs", orders="swiss first leg",
                        INNOCIGS_API="rest"),
    SubmitSwissFirstLeg("Swiss order to the hub (InnoCigs XML)", "innocigs", orders="swiss first leg",
                        INNOCIGS_API="xml"),
    BookInnoship("Innoship booking", "innoship"),
    RegisterMeinEinkauf("MeinEinkauf registration", "meineinkauf"),
)
