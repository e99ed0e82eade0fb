"""Cancel booking: a confirmation step, only before pick-up, through the lifecycle's states."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from backoffice.sandbox import state
from orders.models import Submission
from orders.services.submissions import orders_submit
from shipping.innoship.tracking import tracking_sync
from shipping.models import DeliveryState

from .conftest import make_order

S = Submission.State


@pytest.fixture
def booked(innoship):
    order = make_order("A3001")
    orders_submit(orders=[order], partner="innoship", actor="user:test")
    return order.shipments.get()


def cancel_url(shipment):
    return reverse("admin:shipping_shipment_cancel_booking", args=[shipment.pk])


def test_cancel_asks_first_then_cancels_through_the_lifecycle(booked, admin_client, innoship):
    confirm = admin_client.get(cancel_url(booked))
    assert confirm.status_code == 200 and "Yes, cancel the booking" in confirm.text
    assert state.received("innoship", "cancel") == []  # asking cancels nothing

    response = admin_client.post(cancel_url(booked), {"post": "yes"}, follow=True)
    assert "Booking DHL Paket Germany 905230001 cancelled; order A3001 is ready to be booked again." in response.text
    booked.refresh_from_db()
    order, submission = booked.order, booked.submission
    order.refresh_from_db()
    submission.refresh_from_db()
    assert booked.delivery_state == DeliveryState.CANCELLED
    assert booked.events.get().status_code == "106"
    assert submission.state == S.CANCELLED
    assert (order.status, order.submission_state, order.partner_reference) == ("ready", "cancelled", "")
    assert order.events.filter(to_state="ready", actor="user:admin").exists()
    assert innoship.bookings()[0]["cancelled"]

    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.ACCEPTED and len(state.received("innoship", "book")) == 2


def test_cancel_is_refused_once_tracking_shows_the_pickup(booked, admin_client, innoship):
    innoship.set_status(booked.tracking_code, 2)
    tracking_sync(actor="schedule:test")
    booked.refresh_from_db()
    assert booked.delivery_state == DeliveryState.IN_TRANSIT
    page = admin_client.get(reverse("admin:shipping_shipment_change", args=[booked.pk]))
    assert "Cancel booking" not in page.text
    response = admin_client.post(cancel_url(booked), {"post": "yes"}, follow=True)
    assert "cannot be cancelled: the courier has it already (in transit)" in response.text
    assert state.received("innoship", "cancel") == []


def test_innoship_refusing_a_cancel_changes_nothing_here(booked, admin_client, innoship):
    innoship.set_status(booked.tracking_code, 2)  # picked up, but not yet seen by our tracking
    response = admin_client.post(cancel_url(booked), {"post": "yes"}, follow=True)
    assert "Innoship did not cancel DHL Paket Germany 905230001: awb: The courier has already picked" in response.text
    booked.refresh_from_db()
    booked.submission.refresh_from_db()
    assert booked.delivery_state == DeliveryState.RECORDED and booked.submission.state == S.ACCEPTED
    assert booked.order.status == "submitted"


def test_cancel_needs_its_permission(booked, client):
    staff = User.objects.create_user("clerk", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_shipment"))
    client.force_login(staff)
    page = client.get(reverse("admin:shipping_shipment_change", args=[booked.pk]))
    assert page.status_code == 200 and "Cancel booking" not in page.text
    assert client.post(cancel_url(booked), {"post": "yes"}).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="cancel_innoship"))
    client.force_login(User.objects.get(pk=staff.pk))
    assert client.get(cancel_url(booked)).status_code == 200
