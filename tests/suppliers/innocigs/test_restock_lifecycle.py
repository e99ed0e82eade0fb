"""A restock goes through the one submission lifecycle: claimed once, unknown until reconciled, swept when its
sender died. The sandbox runs in the careless-partner mode, where InnoCigs would place a repeated number again,
so only the lifecycle can keep it to one placement."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from backoffice.errors import PartnerOutcomeUnknown
from backoffice.sandbox import state
from orders.models import Order, OrderEvent, Submission
from orders.services.reconciling import submissions_reconcile
from orders.services.submissions import submission_prepare, submissions_send
from suppliers.innocigs.client import InnocigsClient
from suppliers.innocigs.deliveries import delivery_notes_sync
from suppliers.innocigs.late_tracking import late_dropships
from suppliers.innocigs.models import Restock
from suppliers.innocigs.standard_orders import standard_order_create, standard_order_send

from .factories import sandbox_book, ship_now

S = Submission.State
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def careless_innocigs(monkeypatch):
    monkeypatch.setattr(state, "_accept_repeats", True)


def placements(number):
    return sandbox_book()["placements"].get(number, 0)


def ready_restock(number):
    restock = standard_order_create(lines=[("IC10000AIO-10", 2)], number=number, actor="user:alice")
    return restock, submission_prepare(order=restock.order, actor="user:alice")


def around_the_call(monkeypatch, during=None, after=None):
    """Runs `during()` while the request to InnoCigs is on its way (before it leaves), and `after()` once it has
    arrived, in place of the reply."""
    original = InnocigsClient.standard_order

    def call(client, *args, **kwargs):
        if during:
            during()
        result = original(client, *args, **kwargs)
        if after:
            after()
        return result

    monkeypatch.setattr(InnocigsClient, "standard_order", call)


def test_a_restock_claimed_twice_is_sent_once(sandbox, products, monkeypatch):
    restock, submission = ready_restock("R-TWICE")
    second = []

    def second_sender():
        # A second sender (a retried task, a double click) comes while the first one's request is on its way: the
        # first claim was committed before the call, so it finds nothing to send.
        second.extend(submissions_send(submission_ids=[submission.pk], actor="user:bob"))
        second.append(standard_order_send(standard_order=restock, actor="user:bob").submission.state)

    around_the_call(monkeypatch, during=second_sender)
    [result] = submissions_send(submission_ids=[submission.pk], actor="user:alice")
    assert result.state == S.ACCEPTED
    assert second == [S.SENDING]
    assert submissions_send(submission_ids=[submission.pk], actor="user:carol") == []
    assert placements("R-TWICE") == 1
    submission.refresh_from_db()
    assert submission.partner_reference == sandbox_book()["standard_orders"]["R-TWICE"]["orders_id"]
    assert list(OrderEvent.objects.filter(submission=submission).values_list("from_state", "to_state", "actor")) == [
        ("", S.READY, "user:alice"), (S.READY, S.SENDING, "user:alice"), (S.SENDING, S.ACCEPTED, "user:alice")]
    assert Order.objects.get(pk=restock.order_id).status == Order.Status.SUBMITTED
    # Accepted without a parcel for days, it is still no late dropship: its delivery note says when it ships.
    days = django_settings.INNOCIGS_TRACKING_DAYS + 1
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(days=days))
    assert not late_dropships().filter(pk=submission.pk).exists()


def test_an_unknown_restock_is_reconciled_from_its_delivery_note_never_resent(sandbox, products, monkeypatch):
    restock, submission = ready_restock("R-LOST")

    def reply_lost():
        raise PartnerOutcomeUnknown("no reply", partner="innocigs")

    around_the_call(monkeypatch, after=reply_lost)
    [result] = submissions_send(submission_ids=[submission.pk], actor="user:alice")
    assert result.state == S.UNKNOWN and placements("R-LOST") == 1
    submission.refresh_from_db()
    # Nothing resends it: not the restock's own entry point, not the order's, not the reconcile schedule.
    assert standard_order_send(standard_order=restock, actor="user:alice").submission.state == S.UNKNOWN
    [waiting] = submissions_reconcile(actor="schedule:reconcile_submissions")
    assert waiting.state == S.UNKNOWN and "waiting until" in waiting.message
    [no_note] = submissions_reconcile(actor="schedule:reconcile_submissions",
                                      now=submission.settle_after + timedelta(seconds=1))
    assert no_note.state == S.UNKNOWN and Submission.objects.get(pk=submission.pk).needs_person
    assert placements("R-LOST") == 1

    ship_now(sandbox)
    assert "unknown standard orders settled 1" in delivery_notes_sync(actor="command:sync_delivery_notes", days=1)
    submission.refresh_from_db()
    placed = sandbox_book()["standard_orders"]["R-LOST"]
    assert (submission.state, submission.partner_reference, submission.needs_person) == (
        S.ACCEPTED, placed["orders_id"], False)
    assert placed["shipped"]["delivery_number"] in submission.message
    assert placements("R-LOST") == 1


def test_a_claim_left_in_sending_is_swept_and_reconciled_like_any_submission(sandbox, products, monkeypatch):
    restock, submission = ready_restock("R-DEAD")

    def worker_killed():
        raise SystemExit("the worker was killed after its request arrived")

    around_the_call(monkeypatch, after=worker_killed)
    with pytest.raises(SystemExit):
        submissions_send(submission_ids=[submission.pk], actor="schedule:retry_submissions")
    submission.refresh_from_db()
    assert submission.state == S.SENDING and placements("R-DEAD") == 1
    # The note arrives while the claim is still the dead sender's: linked, but only the lifecycle settles it.
    ship_now(sandbox)
    assert "standard orders linked 1, unknown standard orders settled 0" in delivery_notes_sync(
        actor="command:sync_delivery_notes", days=1)
    assert Restock.objects.get(pk=restock.pk).delivery_items.count() == 1

    assert submissions_reconcile(actor="schedule:reconcile_submissions", now=timezone.now()) == []  # lease holds
    swept_at = submission.lease_until + timedelta(seconds=1)
    [swept] = submissions_reconcile(actor="schedule:reconcile_submissions", now=swept_at)
    assert swept.state == S.UNKNOWN
    submission.refresh_from_db()
    [settled] = submissions_reconcile(actor="schedule:reconcile_submissions",
                                      now=submission.settle_after + timedelta(seconds=1))
    assert settled.state == S.ACCEPTED
    submission.refresh_from_db()
    assert submission.partner_reference == sandbox_book()["standard_orders"]["R-DEAD"]["orders_id"]
    assert placements("R-DEAD") == 1
