"""The dashboard's shipping figures and the shipping schedules."""

import pytest

from backoffice.schedules import all_schedules
from orders.models import Order, Submission
from shipping.models import DeliveryState, Shipment
from shipping.selectors import dashboard_figures, hub_parcels, with_hub_parcels

from .innoship.conftest import make_order


@pytest.mark.django_db
def test_dashboard_counts_incidents_unknown_bookings_and_waiting_parcels():
    order = make_order("A5001")
    for code, state in [("1", DeliveryState.INCIDENT), ("2", DeliveryState.RECORDED), ("3", DeliveryState.RECORDED),
                        ("4", DeliveryState.IN_TRANSIT), ("5", DeliveryState.DELIVERED)]:
        Shipment.objects.create(order=order, partner="innoship", carrier="DPD", tracking_code=code,
                                delivery_state=state)
    unknown = make_order("A5002")
    Submission.objects.create(order=unknown, partner="innoship", reference="A5002", created_by="t",
                              state=Submission.State.UNKNOWN)
    Order.objects.filter(pk=unknown.pk).update(submission_state=Submission.State.UNKNOWN)
    figures = {f.label: f for f in dashboard_figures()}
    assert figures["shipments with an incident"].count == 1 and figures["shipments with an incident"].tone == "alert"
    assert figures["Innoship bookings unknown: reconcile"].count == 1
    assert figures["booked, waiting for the courier"].count == 2
    assert figures["on the way"].count == 1
    assert figures["shipments with an incident"].url.endswith("?delivery_state__exact=incident")


def test_the_innoship_tracking_schedule_is_registered():
    [spec] = [s for s in all_schedules() if s.name == "innoship_tracking"]
    assert spec.func == "shipping.innoship.tasks.tracking_sync_task" and spec.minutes == 30


@pytest.mark.django_db
def test_hub_parcels_are_the_tracked_parcels_of_others_oldest_first():
    order, other = make_order("A5101"), make_order("A5102")
    first = Shipment.objects.create(order=order, partner="innocigs", carrier="DHL", tracking_code="D1")
    Shipment.objects.create(order=order, partner="innocigs", carrier="DHL", tracking_code="")  # not tracked yet
    Shipment.objects.create(order=order, partner="meineinkauf", carrier="swisspost", tracking_code="99.1")
    second = Shipment.objects.create(order=order, partner="innocigs", carrier="UPS", tracking_code="U2")
    Shipment.objects.create(order=other, partner="meineinkauf", carrier="swisspost", tracking_code="99.2")
    assert hub_parcels(order, "meineinkauf") == [first, second]
    assert hub_parcels(other, "meineinkauf") == []
    assert list(with_hub_parcels(Order.objects.all(), "meineinkauf")) == [order]
