"""A parcel incident in words with a next step: on the shipment page, the order's tracking panel and the inbox;
and an order whose parcel has one is not counted as waiting for tracking."""

from datetime import UTC, datetime

import pytest

from orders.models import Order
from orders.selectors import dashboard_figures as order_figures
from shipping.inbox import inbox_rows
from shipping.incidents import incident_words, shipment_incident
from shipping.models import DeliveryState, Shipment, TrackingEvent

from .innoship.conftest import make_order


@pytest.mark.parametrize("said, words, step", [
    ("Bad Address", "Bad address", "Correct the address with the courier"),
    ("Refused", "Refused by the customer", "plan the refund or a new delivery"),
    ("Lost", "Lost", "Open a claim with the courier"),
    ("Damaged", "Damaged", "Open a claim with the courier"),
    ("Scan Error / Missing Info", "Missing information", "Give the courier the missing information"),
    ("Something new", "Problem with the parcel", "Ask the courier what happened"),
])
def test_a_carriers_incident_words_become_ours_with_a_next_step(said, words, step):
    ours, next_step = incident_words(said)
    assert ours == words and step in next_step


def incident_parcel(number, said="Bad Address"):
    order = make_order(number)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.SUBMITTED)
    shipment = Shipment.objects.create(order=order, partner="innoship", carrier="DPD", tracking_code=number,
                                       delivery_state=DeliveryState.INCIDENT)
    TrackingEvent.objects.create(shipment=shipment, occurred_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
                                 status_code="20", description="In Transit", delivery_state=DeliveryState.IN_TRANSIT)
    TrackingEvent.objects.create(shipment=shipment, occurred_at=datetime(2026, 12, 2, 9, tzinfo=UTC),
                                 status_code="31", description=said, delivery_state=DeliveryState.INCIDENT)
    return order, shipment


@pytest.mark.django_db
def test_the_latest_event_names_the_incident_and_the_carriers_words_stay():
    _order, shipment = incident_parcel("A5201")
    incident = shipment_incident(shipment)
    assert (incident.words, incident.said) == ("Bad address", "Bad Address")
    Shipment.objects.filter(pk=shipment.pk).update(delivery_state=DeliveryState.IN_TRANSIT)
    shipment.refresh_from_db()
    assert shipment_incident(shipment) is None


@pytest.mark.django_db
def test_the_inbox_row_says_the_incident_and_its_next_step():
    incident_parcel("A5202", said="Refused")
    [row] = inbox_rows()
    assert "Refused by the customer" in row.reason and "plan the refund" in row.next_step
    assert row.partner_text == "Refused"


@pytest.mark.django_db
def test_the_shipment_page_and_the_order_page_show_the_incident(admin_client):
    order, shipment = incident_parcel("A5203")
    page = admin_client.get(f"/admin/shipping/shipment/{shipment.pk}/change/").content.decode()
    assert "Bad address" in page and "Correct the address with the courier" in page and "Bad Address" in page
    assert "| View shipment |" in page  # read-only: Django titles it "View …"
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Correct the address with the courier" in page


@pytest.mark.django_db
def test_an_order_whose_parcel_has_an_incident_is_not_waiting_for_tracking():
    incident_parcel("A5204")
    waiting = make_order("A5205")
    Order.objects.filter(pk=waiting.pk).update(status=Order.Status.SUBMITTED)
    figures = {f.label: f for f in order_figures()}
    assert figures["waiting for tracking"].count == 1
