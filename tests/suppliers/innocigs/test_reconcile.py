"""Unknown outcomes settled from InnoCigs' own data (tracking by order), or by a person; never by sending again."""

import pytest
import responses

from backoffice.sandbox import state
from orders.models import Order, OrderEvent, Submission
from orders.services.submissions import orders_submit, submission_reconcile, submission_release
from shipping.models import Shipment
from tests.support import control_headers

from .factories import dropship_requests, make_order, sandbox_book, sandbox_holds, ship_now, unknown_submission

S = Submission.State
pytestmark = pytest.mark.django_db(transaction=True)


def reconcile(submission):
    return submission_reconcile(submission=submission, actor="user:alice")


def test_found_in_tracking_is_accepted_with_its_parcel_and_nothing_is_sent(sandbox, products, api):
    order = make_order("A1")
    sandbox_holds("A1", dropship_id=501)
    ship_now(sandbox)
    submission = reconcile(unknown_submission(order))
    assert (submission.state, submission.partner_reference) == (S.ACCEPTED, "501")
    assert dropship_requests() == []
    shipment = Shipment.objects.get(order=order)
    assert shipment.carrier == "DHL" and shipment.tracking_code == sandbox_book()["dropships"]["A1"]["shipped"]["code"]
    assert shipment.tracking_url.endswith(f"piececode={shipment.tracking_code}")
    order.refresh_from_db()
    assert (order.status, order.partner_reference) == (Order.Status.SHIPPED, "501")


def test_known_but_not_shipped_waits_for_tracking_and_nothing_is_sent(sandbox, products, api):
    order = make_order("A1")
    sandbox_holds("A1", dropship_id=502)
    submission = reconcile(unknown_submission(order))
    # Tracking names a dropship only once shipped; a resend of the number is never used to find out.
    assert (submission.state, submission.needs_person) == (S.UNKNOWN, True)
    assert dropship_requests() == []
    ship_now(sandbox)
    submission = reconcile(Submission.objects.get())
    assert (submission.state, submission.partner_reference) == (S.ACCEPTED, "502")
    assert dropship_requests() == [] and len(sandbox_book()["dropships"]) == 1


def test_no_record_at_innocigs_is_a_persons_decision_and_then_placed_once(sandbox, products, api):
    order = make_order("A1")
    submission = reconcile(unknown_submission(order))
    assert (submission.state, submission.needs_person) == (S.UNKNOWN, True)
    assert dropship_requests() == [] and sandbox_book()["dropships"] == {}
    submission_release(submission=submission, actor="user:alice", note="not in the InnoCigs account")
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:alice")
    assert result.state == S.ACCEPTED
    assert [r["numbers"] for r in dropship_requests()] == [["A1"]]


def test_cancelled_by_innocigs_is_refused_with_an_explanation(sandbox, products, api):
    import requests

    order = make_order("A1")
    sandbox_holds("A1", dropship_id=503)
    requests.post(f"{sandbox}/innocigs/_control/cancel", data={"orders_number": "A1"}, headers=control_headers(),
                  timeout=10).raise_for_status()
    submission = reconcile(unknown_submission(order))
    assert submission.state == S.REFUSED
    [error] = submission.errors
    assert error["code"] == "cancelled" and "cannot be used there again" in error["explanation"]
    assert dropship_requests() == []


def test_test_mode_never_placed_anything_so_it_is_sendable_again(sandbox, products, api):
    order = make_order("A1")
    submission = reconcile(unknown_submission(order, test_mode=True))
    assert submission.state == S.READY
    assert dropship_requests() == []


def test_when_innocigs_cannot_tell_the_submission_stays_unknown_with_a_note(sandbox, products, api):
    order = make_order("A1")
    with state.lock:
        sandbox_book()["fault"] = "50001"
    submission = reconcile(unknown_submission(order))
    assert Submission.objects.get(pk=submission.pk).state == S.UNKNOWN
    assert "could not tell" in OrderEvent.objects.filter(order=order).last().note


def test_reconcile_only_reads_tracking(settings, products):
    settings.INNOCIGS_BASE_URL = "https://innocigs.test"
    settings.INNOCIGS_API = "xml"
    order = make_order("A1")
    submission = unknown_submission(order)
    url = "https://innocigs.test/xmlapi/apiv2.php"
    with responses.RequestsMock() as mock:
        mock.post(url, body="<INNOCIGS_API_RESPONSE><TRACKING/></INNOCIGS_API_RESPONSE>")
        reconcile(submission)
        [call] = mock.calls
    assert "command=tracking" in call.request.body
    assert Submission.objects.get().state == S.UNKNOWN
