"""Tracking: polls only what is not final, keeps every status event once, moves shipments and orders."""

import json

import pytest

from backoffice.progress import Progress
from backoffice.sandbox import state
from orders.services.submissions import orders_submit
from shipping.innoship.statuses import delivery_state
from shipping.innoship.tracking import tracking_sync
from shipping.models import DeliveryState
from shipping.tracking import TrackingSyncFailed

from .conftest import make_order

D = DeliveryState


def book(*numbers):
    orders = [make_order(number) for number in numbers]
    orders_submit(orders=orders, partner="innoship", actor="user:test")
    return [order.shipments.get() for order in orders]


def track_calls():
    return state.received("innoship", "track")


@pytest.mark.parametrize(("status_id", "expected"), [
    (1, D.RECORDED), (2, D.IN_TRANSIT), (20, D.IN_TRANSIT), (30, D.OUT_FOR_DELIVERY), (45, D.OUT_FOR_DELIVERY),
    (36, D.INCIDENT), (100, D.DELIVERED), (104, D.RETURNED), (110, D.RETURNED), (106, D.CANCELLED),
    (107, D.CANCELLED), (102, D.INCIDENT), (48, D.INCIDENT), (150, D.INCIDENT), (25, D.IN_TRANSIT),
])
def test_status_ids_map_to_one_delivery_state(status_id, expected):
    assert delivery_state(status_id) == expected


def test_tracking_moves_shipments_to_delivered_and_is_idempotent(innoship):
    first, second = book("A4001", "A4002")
    innoship.set_status(first.tracking_code, 2)
    innoship.set_status(second.tracking_code, 2)
    summary = tracking_sync(actor="schedule:test")
    assert summary == "Innoship tracking: shipments polled 2, changed state 2 (In transit 2)"
    first.refresh_from_db()
    first.order.refresh_from_db()
    assert first.delivery_state == D.IN_TRANSIT and first.order.status == "shipped"

    for status in (20, 30, 100):
        innoship.set_status(first.tracking_code, status)
    innoship.set_status(second.tracking_code, 36)
    summary = tracking_sync(actor="schedule:test")
    assert summary == "Innoship tracking: shipments polled 2, changed state 2 (Delivered 1, Incident 1)"
    first.refresh_from_db()
    first.order.refresh_from_db()
    assert first.delivery_state == D.DELIVERED and first.order.status == "delivered"
    assert list(first.events.order_by("occurred_at").values_list("status_code", flat=True)) == [
        "1", "2", "20", "30", "100"]
    assert first.events.get(status_code="30").description == "Out for Delivery"

    calls = len(track_calls())
    assert tracking_sync(actor="schedule:test") == "Innoship tracking: shipments polled 1, changed state 0"
    assert first.events.count() == 5  # nothing twice
    assert len(track_calls()) == calls + 1
    assert [json_awbs(c) for c in track_calls()[-1:]] == [[second.tracking_code]]  # the delivered one is not asked


def json_awbs(received):
    return json.loads(received.body)["awbList"]


def test_one_call_per_courier(innoship):
    home = book("A4003")[0]
    locker_order = make_order("A4004", fixed_location_id="1001")
    orders_submit(orders=[locker_order], partner="innoship", actor="user:test")
    tracking_sync(actor="schedule:test")
    calls = sorted((json.loads(c.body)["courier"], json.loads(c.body)["awbList"]) for c in track_calls())
    assert calls == [(6, [locker_order.shipments.get().tracking_code]), (47, [home.tracking_code])]


def test_a_final_incident_is_not_polled_again(innoship):
    [lost] = book("A4005")
    innoship.set_status(lost.tracking_code, 102)
    tracking_sync(actor="schedule:test")
    lost.refresh_from_db()
    assert lost.delivery_state == D.INCIDENT
    assert tracking_sync(actor="schedule:test") == "Innoship tracking: shipments polled 0, changed state 0"


def test_a_returned_parcel_moves_the_order_to_returned(innoship):
    [parcel] = book("A4006")
    for status in (2, 20, 104):
        innoship.set_status(parcel.tracking_code, status)
    tracking_sync(actor="schedule:test")
    parcel.order.refresh_from_db()
    assert parcel.order.status == "returned"


def test_progress_counts_every_shipment(innoship):
    book("A4007", "A4008")
    progress = Progress(0, "Innoship")
    tracking_sync(actor="schedule:test", progress=progress)
    assert (progress.total, progress.done) == (2, 2)


def test_tracking_says_so_when_innoship_is_not_configured(settings, db):
    settings.INNOSHIP_BASE_URL = ""
    assert "not configured" in tracking_sync(actor="schedule:test")


def test_refused_credentials_fail_the_sync_with_the_reason(innoship, settings):
    book("A4009")
    settings.INNOSHIP_API_KEY = "wrong"
    with pytest.raises(TrackingSyncFailed, match="^Innoship tracking stopped: Credentials refused"):
        tracking_sync(actor="schedule:test")
