"""The one submission lifecycle, driven through a partner adapter that records what it was asked to send."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from backoffice.errors import PartnerIssue, PartnerOutcomeUnknown, PartnerUnavailable
from orders.adapters import Outcome, PartnerAdapter, Problem
from orders.models import Address, Order, OrderLine, Submission
from orders.services.submissions import (
    NotYet,
    orders_submit,
    submission_reconcile,
    submission_release,
    submissions_retry_due,
    submissions_sweep_stale,
)
from tests.support import replace_spec

S = Submission.State


class RecordingAdapter(PartnerAdapter):
    """Stands in for a partner in these lifecycle tests: it answers as told and remembers every send."""

    partner = "innocigs"
    label = "Test partner"
    batch_size = 2
    absence_is_proof = True
    sent = []
    answer = "accept"
    known = None

    def problems(self, order):
        return [Problem("lines", "no lines")] if not order.lines.exists() else []

    def send(self, submissions):
        type(self).sent.extend(s.reference for s in submissions)
        if self.answer == "unavailable":
            raise PartnerUnavailable("maintenance", partner="innocigs", code="50001")
        if self.answer == "timeout":
            raise PartnerOutcomeUnknown("no reply", partner="innocigs")
        if self.answer == "refuse":
            return {s.pk: Outcome(S.REFUSED, issues=(PartnerIssue("30001", "X nicht lieferbar"),)) for s in submissions}
        return {s.pk: Outcome(S.ACCEPTED, partner_reference=f"D-{s.reference}") for s in submissions}

    def reconcile(self, submission):
        return self.known

    def explain(self, issue, details=None):
        return ("product not deliverable", "replace or remove the line")


@pytest.fixture
def adapter(monkeypatch):
    RecordingAdapter.sent = []
    RecordingAdapter.answer = "accept"
    RecordingAdapter.known = None
    replace_spec(monkeypatch, "innocigs", adapter=f"{__name__}.RecordingAdapter")
    return RecordingAdapter


def make_order(number, *, lines=1):
    address = Address.objects.create(first_name="Jane", last_name="Doe", street="Teststr.", house_number="23",
                                     postcode="22761", city="Hamburg", country="DE")
    order = Order.objects.create(number=number, placed_at=date(2026, 11, 20), route="innocigs",
                                 shipping_address=address)
    for i in range(lines):
        OrderLine.objects.create(order=order, sku=f"SKU-{i}", quantity=1, unit_price="9.90")
    return order


@pytest.mark.django_db
def test_accepted_orders_are_sent_once_and_resubmitting_changes_nothing(adapter):
    orders = [make_order(f"A{i}") for i in range(3)]
    results = orders_submit(orders=orders, partner="innocigs", actor="user:test")
    assert [r.state for r in results] == [S.ACCEPTED] * 3
    assert adapter.sent == ["A0", "A1", "A2"]
    again = orders_submit(orders=Order.objects.all(), partner="innocigs", actor="user:test")
    assert {r.state for r in again} == {"skipped"}
    assert adapter.sent == ["A0", "A1", "A2"]
    order = Order.objects.get(number="A1")
    assert (order.status, order.submission_state, order.partner_reference) == ("submitted", "accepted", "D-A1")
    assert [(e.from_state, e.to_state) for e in order.events.all()] == [
        ("", "ready"), ("ready", "sending"), ("sending", "accepted"), ("ready", "submitted")
    ]


@pytest.mark.django_db
def test_local_problems_stop_an_order_before_any_call(adapter):
    order = make_order("A1", lines=0)
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:test")
    assert result.state == "skipped" and "lines: no lines" in result.message
    assert adapter.sent == [] and not Submission.objects.exists()


@pytest.mark.django_db
def test_refusal_keeps_explained_errors_and_a_fixed_order_is_a_new_attempt(adapter):
    order = make_order("A1")
    adapter.answer = "refuse"
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:test")
    assert result.state == S.REFUSED
    refused = order.submissions.get()
    assert refused.errors == [{"code": "30001", "message": "X nicht lieferbar", "field": "",
                               "explanation": "product not deliverable", "next_step": "replace or remove the line"}]
    adapter.answer = "accept"
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:test")
    assert result.state == S.ACCEPTED
    assert list(order.submissions.order_by("attempt").values_list("attempt", "state")) == [(1, "refused"),
                                                                                            (2, "accepted")]


@pytest.mark.django_db
def test_batch_level_failure_puts_every_claim_back_and_stops(adapter):
    orders = [make_order(f"A{i}") for i in range(5)]
    adapter.answer = "unavailable"
    results = orders_submit(orders=orders, partner="innocigs", actor="user:test")
    assert [r.state for r in results] == ["not_sent"] * 5
    assert adapter.sent == ["A0", "A1"]  # the first batch failed; the others were never tried
    assert set(Submission.objects.values_list("state", flat=True)) == {S.READY}
    adapter.answer = "accept"
    results = orders_submit(orders=Order.objects.all(), partner="innocigs", actor="user:test")
    assert [r.state for r in results] == [S.ACCEPTED] * 5
    assert Submission.objects.count() == 5  # the same submissions, not new attempts


@pytest.mark.django_db
def test_no_reply_leaves_unknown_which_is_never_resent_blindly(adapter):
    order = make_order("A1")
    adapter.answer = "timeout"
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:test")
    assert result.state == S.UNKNOWN
    adapter.answer = "accept"
    [again] = orders_submit(orders=[order], partner="innocigs", actor="user:test")
    assert again.state == "skipped" and adapter.sent == ["A1"]
    adapter.known = Outcome(S.ACCEPTED, partner_reference="D-A1", message="found in tracking")
    submission = submission_reconcile(submission=order.submissions.get(), actor="schedule:reconcile", now=LATER)
    assert submission.state == S.ACCEPTED and adapter.sent == ["A1"]


LATER = timezone.now() + timedelta(days=1)  # past any window in which a late request could still arrive


@pytest.mark.django_db
def test_an_unknown_outcome_waits_while_its_request_may_still_arrive(adapter, settings, monkeypatch):
    settings.PARTNER_LATE_REQUEST_MARGIN = 300
    order = make_order("A1")
    adapter.answer = "timeout"
    sent_at = timezone.now()
    orders_submit(orders=[order], partner="innocigs", actor="user:test")
    submission = order.submissions.get()
    read_timeout = settings.INNOCIGS_TIMEOUT[1]
    assert submission.settle_after >= sent_at + timedelta(seconds=read_timeout + 300)
    adapter.known = Outcome(S.ACCEPTED, partner_reference="D-A1")
    reconcile_calls = []
    monkeypatch.setattr(RecordingAdapter, "reconcile", lambda self, s: reconcile_calls.append(s) or adapter.known)
    assert submission_reconcile(submission=submission, actor="schedule:reconcile").state == S.UNKNOWN
    assert reconcile_calls == []  # the partner is not even asked before the window has passed
    with pytest.raises(NotYet):
        submission_release(submission=submission, actor="user:test", note="not in the portal")
    assert submission_reconcile(submission=submission, actor="schedule:reconcile", now=LATER).state == S.ACCEPTED


@pytest.mark.django_db
def test_not_found_at_a_partner_whose_lookup_proves_nothing_waits_for_a_person(adapter, monkeypatch):
    monkeypatch.setattr(RecordingAdapter, "absence_is_proof", False)
    order = make_order("A1")
    adapter.answer = "timeout"
    orders_submit(orders=[order], partner="innocigs", actor="user:test")
    for _ in range(2):  # the schedule runs again and again: still a person's decision, noted once
        submission = submission_reconcile(submission=order.submissions.get(), actor="schedule:reconcile", now=LATER)
        assert submission.state == S.UNKNOWN and submission.needs_person
    assert order.events.filter(note__contains="decide on the order page").count() == 1
    released = submission_release(submission=submission, actor="user:alice", note="not in the portal", now=LATER)
    assert released.state == S.READY and not released.needs_person
    adapter.answer = "accept"
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:alice")
    assert result.state == S.ACCEPTED and adapter.sent == ["A1", "A1"]


@pytest.mark.django_db
def test_reconcile_that_finds_nothing_makes_it_sendable_again(adapter):
    order = make_order("A1")
    adapter.answer = "timeout"
    orders_submit(orders=[order], partner="innocigs", actor="user:test")
    submission_reconcile(submission=order.submissions.get(), actor="schedule:reconcile", now=LATER)
    assert order.submissions.get().state == S.READY
    adapter.answer = "accept"
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:test")
    assert result.state == S.ACCEPTED and order.submissions.count() == 1


@pytest.mark.django_db
def test_a_claim_whose_lease_ran_out_becomes_unknown_and_a_live_one_is_left_alone(adapter):
    order, live = make_order("A1"), make_order("A2")
    now = timezone.now()
    Submission.objects.create(order=order, partner="innocigs", reference="A1", created_by="test", state=S.SENDING,
                              sending_since=now - timedelta(hours=1), lease_until=now - timedelta(seconds=1))
    Submission.objects.create(order=live, partner="innocigs", reference="A2", created_by="test", state=S.SENDING,
                              sending_since=now - timedelta(hours=1), lease_until=now + timedelta(seconds=30))
    assert submissions_sweep_stale(actor="schedule:sweep", now=now) == 1
    swept = order.submissions.get()
    assert swept.state == S.UNKNOWN and swept.settle_after > now
    assert live.submissions.get().state == S.SENDING  # claimed an hour ago, but its sender renews its lease


@pytest.mark.django_db
def test_an_order_survives_three_unavailable_replies_and_is_sent_once_when_the_partner_is_back(adapter):
    order = make_order("A1")
    adapter.answer = "unavailable"
    orders_submit(orders=[order], partner="innocigs", actor="user:test")
    later = timezone.now()
    for _ in range(2):
        later += timedelta(hours=2)
        submissions_retry_due(actor="schedule:retry", now=later)
    submission = order.submissions.get()
    assert (submission.state, submission.retries) == (S.READY, 3)
    assert "tried again automatically" in submission.message
    adapter.answer = "accept"
    later += timedelta(hours=2)
    [result] = submissions_retry_due(actor="schedule:retry", now=later)
    assert result.state == S.ACCEPTED
    assert adapter.sent == ["A1"] * 4 and order.submissions.count() == 1
    assert submissions_retry_due(actor="schedule:retry", now=later + timedelta(hours=2)) == []


@pytest.mark.django_db
def test_an_order_zonos_holds_for_fraud_review_is_not_sent(adapter):
    from orders.zonos.models import FRAUD_REVIEW, ZonosOrder

    order = make_order("Z999-1")
    Order.objects.filter(pk=order.pk).update(zonos_order_id="999-1")
    ZonosOrder.objects.create(zonos_id="999-1", short_id="1", sequence=1, status=FRAUD_REVIEW,
                              last_seen_at=timezone.now())
    [result] = orders_submit(orders=Order.objects.filter(pk=order.pk), partner="innocigs", actor="user:test")
    assert result.state == "skipped" and "zonos" in result.message.lower()
    assert adapter.sent == []
