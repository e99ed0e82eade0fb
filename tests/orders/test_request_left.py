"""The sweep's "request left" rule: a claim whose request never left goes back to `ready` and is sent once later;
one whose request left becomes `unknown`, as before, and is never sent again without the partner's own data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.adapters import Outcome, PartnerAdapter
from orders.models import Order, OrderEvent, Submission
from orders.services.claiming import RunLease, submissions_claim
from orders.services.settling import UNSENT
from orders.services.submissions import (
    orders_submit,
    submission_reconcile,
    submissions_prepare,
    submissions_retry_due,
    submissions_sweep_stale,
)
from tests.orders.test_lifecycle import make_order
from tests.support import replace_spec

S = Submission.State
LATER = timezone.now() + timedelta(days=1)  # every lease has run out
SETTLED = LATER + timedelta(days=1)  # and no request of them can still arrive


class Killed(BaseException):
    """The worker dies in the middle of a request (nothing below the sender catches it)."""


class OneByOneAdapter(PartnerAdapter):
    """One order a request, as InnoCigs' REST API and the couriers take them; remembers every send."""

    partner = "innocigs"
    label = "Test partner"
    absence_is_proof = False  # like Innoship: "not found" proves nothing, so a blind resend would be a double
    sent = []
    during = None  # called with the submission, inside its request

    def send(self, submissions):
        [submission] = submissions
        type(self).sent.append(submission.reference)
        if self.during:
            type(self).during(submission)
        return {submission.pk: Outcome(S.ACCEPTED, partner_reference=f"D-{submission.reference}")}

    def reconcile(self, submission):
        return Outcome(S.ACCEPTED, partner_reference=f"D-{submission.reference}", message="found at the partner")


@pytest.fixture
def adapter(monkeypatch):
    OneByOneAdapter.sent, OneByOneAdapter.during = [], None
    replace_spec(monkeypatch, "innocigs", adapter=f"{__name__}.OneByOneAdapter")
    return OneByOneAdapter


def prepared(*numbers, adapter):
    orders = [make_order(number) for number in numbers]
    ids, refused = submissions_prepare(orders=orders, actor="user:test", adapter=adapter())
    assert refused == []
    return ids


@pytest.mark.django_db
def test_a_claim_whose_request_never_left_goes_back_to_ready_and_its_stale_sender_cannot_send_it(adapter):
    [pk] = prepared("A1", adapter=adapter)
    token, claimed = submissions_claim(submission_ids=[pk], actor="user:test", adapter=adapter())
    assert submissions_sweep_stale(actor="schedule:sweep", now=LATER) == 1
    swept = Submission.objects.get(pk=pk)
    assert (swept.state, swept.message, swept.retry_at, swept.settle_after) == (S.READY, UNSENT, LATER, None)
    assert swept.order.submission_state == S.READY
    assert OrderEvent.objects.filter(submission=swept, from_state=S.SENDING, to_state=S.READY).count() == 1
    # The sender that claimed it wakes up: its mark fails, so its request never goes.
    assert RunLease(adapter(), token, claimed).mark_left(claimed) is False
    assert Submission.objects.get(pk=pk).state == S.READY
    # Due at once: the retry schedule sends it, once.
    [result] = submissions_retry_due(actor="schedule:retry", now=LATER)
    assert result.state == S.ACCEPTED and adapter.sent == ["A1"]
    assert submissions_retry_due(actor="schedule:retry", now=LATER) == []


@pytest.mark.django_db
def test_a_claim_whose_request_left_becomes_unknown_as_before_and_is_never_resent(adapter):
    [pk] = prepared("A1", adapter=adapter)
    token, claimed = submissions_claim(submission_ids=[pk], actor="user:test", adapter=adapter())
    assert RunLease(adapter(), token, claimed).mark_left(claimed) is True
    assert Submission.objects.get(pk=pk).request_left is True
    assert submissions_sweep_stale(actor="schedule:sweep", now=LATER) == 1
    swept = Submission.objects.get(pk=pk)
    assert swept.state == S.UNKNOWN and swept.settle_after is not None
    assert swept.message == "the sender stopped before recording an outcome; reconcile"
    assert submissions_retry_due(actor="schedule:retry", now=LATER) == []
    assert adapter.sent == []
    assert submission_reconcile(submission=swept, actor="schedule:reconcile", now=SETTLED).state == S.ACCEPTED
    assert adapter.sent == []  # settled from the partner's own data, never by sending again


@pytest.mark.django_db
def test_a_worker_killed_mid_run_leaves_one_request_to_reconcile_and_the_unsent_claims_ready(adapter):
    numbers = [f"A{i}" for i in range(1, 6)]
    for number in numbers:
        make_order(number)

    def die_on_the_second(submission):
        if submission.reference == "A2":
            raise Killed

    adapter.during = die_on_the_second
    with pytest.raises(Killed):
        orders_submit(orders=Order.objects.filter(number__in=numbers).order_by("number"),
                      partner="innocigs", actor="user:test")
    states = dict(Submission.objects.values_list("order__number", "state"))
    assert states == {"A1": S.ACCEPTED, "A2": S.SENDING, "A3": S.SENDING, "A4": S.SENDING, "A5": S.SENDING}
    left = dict(Submission.objects.values_list("order__number", "request_left"))
    assert left == {"A1": True, "A2": True, "A3": False, "A4": False, "A5": False}

    adapter.during = None
    assert submissions_sweep_stale(actor="schedule:sweep", now=LATER) == 4
    states = dict(Submission.objects.values_list("order__number", "state"))
    assert states == {"A1": S.ACCEPTED, "A2": S.UNKNOWN, "A3": S.READY, "A4": S.READY, "A5": S.READY}
    results = submissions_retry_due(actor="schedule:retry", now=LATER)
    assert sorted(r.order_number for r in results if r.ok) == ["A3", "A4", "A5"]
    unknown = Submission.objects.get(order__number="A2")
    assert submission_reconcile(submission=unknown, actor="schedule:reconcile", now=SETTLED).state == S.ACCEPTED
    assert sorted(adapter.sent) == numbers  # each order sent once
    assert Submission.objects.filter(state=S.ACCEPTED).count() == len(numbers) == Submission.objects.count()


@pytest.mark.django_db
def test_claims_the_sweep_gave_back_while_a_request_was_slow_are_not_sent_by_their_old_sender(adapter):
    numbers = ["A1", "A2", "A3"]
    for number in numbers:
        make_order(number)

    def sweep_during_the_first(submission):
        if submission.reference == "A1":  # the request is so slow that every lease of the run runs out
            submissions_sweep_stale(actor="schedule:sweep", now=LATER)

    adapter.during = sweep_during_the_first
    results = orders_submit(orders=Order.objects.filter(number__in=numbers).order_by("number"),
                            partner="innocigs", actor="user:test")
    assert adapter.sent == ["A1"]  # the others' claims were given back before their requests left
    assert [(r.order_number, r.state) for r in results] == [
        ("A1", S.ACCEPTED), ("A2", "not_sent"), ("A3", "not_sent")]
    # A1's reply arrived after the sweep made it unknown: recorded all the same.
    assert Submission.objects.get(order__number="A1").state == S.ACCEPTED
    adapter.during = None
    retried = submissions_retry_due(actor="schedule:retry", now=LATER)
    assert sorted(r.order_number for r in retried if r.ok) == ["A2", "A3"]
    assert sorted(adapter.sent) == numbers


@pytest.mark.django_db(transaction=True)
def test_the_next_request_is_marked_left_with_the_reply_before_it_or_not_at_all(adapter, monkeypatch):
    for number in ("A1", "A2", "A3"):
        make_order(number)

    def record_fails(self, submission, outcome, actor):
        if submission.reference == "A2":
            raise RuntimeError("the database went away while A2's reply was recorded")

    monkeypatch.setattr(OneByOneAdapter, "accepted", record_fails)
    with pytest.raises(RuntimeError):
        orders_submit(orders=Order.objects.filter(number__in=["A1", "A2", "A3"]).order_by("number"),
                      partner="innocigs", actor="user:test")
    # A1's record marked A2 left (one commit); A2's failed record took A3's mark with it: A3 never left.
    rows = {n: (state, left) for n, state, left in Submission.objects.values_list(
        "order__number", "state", "request_left")}
    assert rows == {"A1": (S.ACCEPTED, True), "A2": (S.SENDING, True), "A3": (S.SENDING, False)}
    assert submissions_sweep_stale(actor="schedule:sweep", now=LATER) == 2
    states = dict(Submission.objects.values_list("order__number", "state"))
    assert states == {"A1": S.ACCEPTED, "A2": S.UNKNOWN, "A3": S.READY}
    assert adapter.sent == ["A1", "A2"]
