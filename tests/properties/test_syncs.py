"""No partner reply crashes a submission or a sync, and nothing it stores breaks the database.

Each property runs the real service (the submission lifecycle, a tracking or returns sync, the Zonos
reconciliation) against a mutated reply, then checks every row the run left: it must fit its column (on
SQLite too, where nothing enforces lengths, so both databases find the same bugs). Each example runs in a
transaction that is rolled back afterwards, so examples do not see each other's rows.
InnoCigs's properties are in test_syncs_innocigs.py, the checks of the rows in stored_rows.py.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from orders.models import Submission
from orders.services.submissions import orders_submit, submission_reconcile
from orders.zonos.client import ZonosClient
from orders.zonos.services import zonos_reconcile
from shipping.innoship.models import CourierBooking
from shipping.innoship.tracking import tracking_sync as innoship_tracking_sync
from shipping.meineinkauf.models import MeinEinkaufSyncCursor
from shipping.meineinkauf.returns import returns_sync
from shipping.meineinkauf.tracking import tracking_sync as meineinkauf_tracking_sync
from shipping.models import Shipment
from shipping.tracking import TrackingSyncFailed
from tests.shipping.innoship.conftest import make_order as innoship_order
from tests.shipping.meineinkauf.conftest import make_order as meineinkauf_order

from . import examples as ex
from .replies import serving
from .stored_rows import (
    STATUS,
    SYNC,
    S,
    assert_rows_fit,
    assert_submissions_settled,
    documented_or_mutated,
    said,
    undone,
)
from .strategies import json_bytes

pytestmark = pytest.mark.django_db

# --- Innoship ---------------------------------------------------------------------------------------------

def _booking(**fields):
    return json_bytes({**ex.INNOSHIP_BOOKING, **fields})


@example(body=_booking(CourierShipmentId="9" * 300), status=200)
@example(body=_booking(Courier=2**40), status=200)
@example(body=_booking(Price={"Amount": "1e30", "TotalAmount": 1e30, "Currency": "RONRON"}), status=200)
@example(body=_booking(TrackPageUrl="https://t.example/" + "x" * 600), status=200)
@SYNC
@given(body=documented_or_mutated(ex.INNOSHIP_BOOKING, ex.INNOSHIP_LOOKUP, *ex.INNOSHIP_ERRORS), status=STATUS)
def test_innoship_booking_and_reconcile(partners, body, status):
    with undone():
        order = innoship_order("A1001")
        with serving("innoship", body, status=status):
            orders_submit(orders=[order], partner="innoship", actor="test")
            for submission in Submission.objects.filter(state=S.UNKNOWN):
                submission_reconcile(submission=submission, actor="test")
        assert_submissions_settled([order])
        assert_rows_fit()


@example(body=json_bytes([{**ex.INNOSHIP_TRACKING[0], "currentStatusId": 10**50,
                           "history": [{"clientStatusId": 10**50, "eventDate": "2026-11-20T10:00:00"}]}]), status=200)
@SYNC
@given(body=documented_or_mutated(ex.INNOSHIP_TRACKING, *ex.INNOSHIP_ERRORS), status=STATUS)
def test_innoship_tracking_sync(partners, body, status):
    with undone():
        order = innoship_order("A1001", status="submitted")
        shipment = Shipment.objects.create(order=order, partner="innoship", carrier="Cargus",
                                           tracking_code="905230966")
        CourierBooking.objects.create(shipment=shipment, courier_id=1)
        with serving("innoship", body, status=status):
            try:
                assert innoship_tracking_sync(actor="test")
            except TrackingSyncFailed as exc:  # a failed batch fails the run, with what was not reached
                # A 404 without Innoship's error body is a wrong INNOSHIP_BASE_URL: the run stops at once, naming it.
                assert "not reached" in str(exc) or "check INNOSHIP_BASE_URL" in str(exc)
        assert_rows_fit()


# --- MeinEinkauf ------------------------------------------------------------------------------------------

@example(body=json_bytes({"id": 2**40, "success": True}), status=201)
@SYNC
@given(body=documented_or_mutated(ex.MEINEINKAUF_REPLIES["created"], ex.MEINEINKAUF_REPLIES["refused"],
                                  ex.MEINEINKAUF_REPLIES["order"], ex.MEINEINKAUF_REPLIES["not_found"]),
       status=STATUS)
def test_meineinkauf_registration_and_reconcile(partners, body, status):
    with undone():
        order = meineinkauf_order("CH1001")
        with serving("meineinkauf", body, status=status):
            orders_submit(orders=[order], partner="meineinkauf", actor="test")
            for submission in Submission.objects.filter(state=S.UNKNOWN):
                submission_reconcile(submission=submission, actor="test")
        assert_submissions_settled([order])
        assert_rows_fit()


def _listed(key, entry, **page):
    return json_bytes({key: [entry], "success": True, "count": 1, "limit": 50, "offset": 0, **page})


# A count far beyond the entries sent, with a partner that ignores the offset: once an endless read
@example(body=_listed("orders", {**ex.MEINEINKAUF_ORDER, "orderNumber": "CH1001"}, count=10**9), status=200, days=None)
@example(body=_listed("orders", {**ex.MEINEINKAUF_ORDER, "orderNumber": "CH1001", "id": 2**40}), status=200, days=3)
@SYNC
@given(body=documented_or_mutated(ex.MEINEINKAUF_REPLIES["orders"], ex.MEINEINKAUF_REPLIES["refused"]),
       status=STATUS, days=st.sampled_from([None, 3]))
def test_meineinkauf_tracking_sync(partners, body, status, days):
    with undone():
        meineinkauf_order("CH1001", status="submitted")
        with serving("meineinkauf", body, status=status):
            assert said(lambda: meineinkauf_tracking_sync(actor="test", days=days))
        assert_rows_fit()


def test_a_partner_sending_the_same_page_forever_stops_the_read_and_keeps_the_cursor(partners):
    body = _listed("orders", {**ex.MEINEINKAUF_ORDER, "orderNumber": "CH1001"}, count=10**9)
    meineinkauf_order("CH1001", status="submitted")
    with serving("meineinkauf", body) as mock:
        summary = meineinkauf_tracking_sync(actor="test")
        assert len(mock.calls) == 4  # two pages of each feed, not a billion
    assert "sent the same entries again" in summary
    assert list(MeinEinkaufSyncCursor.objects.values_list("changed_until", flat=True)) == [None, None]


@example(body=_listed("returns", ex.MEINEINKAUF_RETURN, count=10**9), status=200, days=None)
@example(body=json_bytes({"errors": [{}]}), status=422, days=None)  # once a refusal without a word
@SYNC
@given(body=documented_or_mutated(ex.MEINEINKAUF_REPLIES["returns"], ex.MEINEINKAUF_REPLIES["refused"]),
       status=STATUS, days=st.sampled_from([None, 3]))
def test_meineinkauf_returns_sync(partners, body, status, days):
    with undone():
        meineinkauf_order("1518180120", status="delivered")
        with serving("meineinkauf", body, status=status):
            assert said(lambda: returns_sync(actor="test", days=days))
        assert_rows_fit()


# --- Zonos --------------------------------------------------------------------------------------------------

def _numbers(**row):
    return json_bytes({"orders": [{"id": "999-99991", "timestamp": "2015-01-01 00:33:14.0", "orderStatus": "X",
                                   **row}]})


@example(body=_numbers(orderStatus="IGLOBAL_" * 20), status=200)
@example(body=_numbers(merchantOrderId="Z" * 300), status=200)
@SYNC
@given(body=documented_or_mutated(ex.ZONOS_ORDER_NUMBERS, *ex.ZONOS_ERRORS), status=STATUS)
def test_zonos_reconciliation(partners, body, status):
    with undone():
        with serving("zonos", body, status=status):
            assert said(lambda: zonos_reconcile(actor="test", since_date=timezone.localdate() - timedelta(days=3),
                                                client=ZonosClient.from_settings()).summary())
        assert_rows_fit()
