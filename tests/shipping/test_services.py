"""Recording shipments and their tracking, shared by every partner."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from orders.models import Address, Order
from shipping.models import DeliveryState
from shipping.services import TrackingUpdate, shipment_apply_tracking, shipment_record


def submitted_order(number="A1"):
    address = Address.objects.create(first_name="Jane", last_name="Doe", street="Teststr.", house_number="23",
                                     postcode="22761", city="Hamburg", country="DE")
    return Order.objects.create(number=number, placed_at=date(2026, 11, 20), route="innocigs", status="submitted",
                                shipping_address=address)


@pytest.mark.django_db
def test_a_parcel_handed_to_a_carrier_is_in_transit_and_recording_it_again_changes_nothing():
    order = submitted_order()
    shipment, created = shipment_record(order=order, partner="innocigs", carrier="DHL", tracking_code="0034",
                                        actor="schedule:sync_tracking_innocigs")
    again, created_again = shipment_record(order=order, partner="innocigs", carrier="DHL", tracking_code="0034",
                                           actor="schedule:sync_tracking_innocigs")
    order.refresh_from_db()
    assert (created, created_again, again.pk) == (True, False, shipment.pk)
    assert shipment.delivery_state == DeliveryState.IN_TRANSIT and order.status == "shipped"
    assert order.events.filter(to_state="shipped").count() == 1


@pytest.mark.django_db
def test_a_booked_label_is_only_recorded_until_the_carrier_reports_it():
    order = submitted_order()
    shipment, _ = shipment_record(order=order, partner="innoship", carrier="Cargus", tracking_code="905230964",
                                  actor="user:alice", shipped=False)
    order.refresh_from_db()
    assert (shipment.delivery_state, order.status) == (DeliveryState.RECORDED, "submitted")
    now = timezone.now()
    updates = [TrackingUpdate(now - timedelta(hours=5), DeliveryState.IN_TRANSIT, "2", "picked up"),
               TrackingUpdate(now, DeliveryState.DELIVERED, "100", "delivered")]
    assert shipment_apply_tracking(shipment=shipment, updates=updates, actor="schedule:innoship_tracking")
    assert not shipment_apply_tracking(shipment=shipment, updates=updates, actor="schedule:innoship_tracking")
    order.refresh_from_db()
    shipment.refresh_from_db()
    assert (shipment.delivery_state, order.status, shipment.events.count()) == ("delivered", "delivered", 2)
