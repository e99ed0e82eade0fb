"""Unknown outcomes settled from InnoCigs' own data: tracking by order, then the deliberate 20011 check."""

import pytest
import responses

from backoffice.sandbox import state
from orders.models import Order, OrderEvent, Submission
from orders.services.submissions import submission_reconcile
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


def test_known_but_not_shipped_is_proven_by_20011_on_the_deliberate_check(sandbox, products, api):
    order = make_order("A1")
    sandbox_holds("A1", dropship_id=502)
    submission = reconcile(unknown_submission(order))
    assert submission.state == S.ACCEPTED
    assert "20011" in submission.message
    assert [r["numbers"] for r in dropship_requests()] == [["A1"]]
    assert len(sandbox_book()["dropships"]) == 1  # still the one InnoCigs had
    assert Order.objects.get().status == Order.Status.SUBMITTED


def test_no_record_at_innocigs_means_the_check_places_it_exactly_once(sandbox, products, api):
    order = make_order("A1")
    submission = reconcile(unknown_submission(order))
    placed = sandbox_book()["dropships"]["A1"]
    assert (submission.state, submission.partner_reference) == (S.ACCEPTED, str(placed["dropship_id"]))
    assert "placed it now" in submission.message
    assert [r["numbers"] for r in dropship_requests()] == [["A1"]]
    assert reconcile(Submission.objects.get()).state == S.ACCEPTED  # a second reconcile does nothing
    assert len(dropship_requests()) == 1


def test_no_record_and_refused_now_is_a_refusal_that_can_be_fixed(sandbox, products, api):
    order = make_order("A1", lines=[("AS100AMZ", 1)])
    submission = reconcile(unknown_submission(order))
    assert submission.state == S.REFUSED
    assert [e["code"] for e in submission.errors] == ["30001"]
    assert sandbox_book()["dropships"] == {}


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


def test_20000_on_the_check_cannot_tell_either(settings, products):
    settings.INNOCIGS_BASE_URL = "https://innocigs.test"
    settings.INNOCIGS_API = "xml"
    order = make_order("A1")
    submission = unknown_submission(order)
    url = "https://innocigs.test/xmlapi/apiv2.php"
    with responses.RequestsMock() as mock:
        mock.post(url, body="<INNOCIGS_API_RESPONSE><TRACKING/></INNOCIGS_API_RESPONSE>")
        mock.post(url, body=(
            "<INNOCIGS_API_RESPONSE><DROPSHIPPING><DROPSHIP><ORDERS_NUMBER>A1</ORDERS_NUMBER><STATUS>NOK</STATUS>"
            "<ERRORS><ERROR><CODE>20000</CODE><MESSAGE>XML bereits hochgeladen</MESSAGE></ERROR></ERRORS>"
            "</DROPSHIP></DROPSHIPPING></INNOCIGS_API_RESPONSE>"))
        reconcile(submission)
    assert Submission.objects.get().state == S.UNKNOWN
    assert "Check the order in the InnoCigs account" in OrderEvent.objects.filter(order=order).last().note
