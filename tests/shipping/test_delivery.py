"""Orders no carrier reports delivered still close: assumed after DELIVERY_ASSUMED_DAYS quiet days, or marked by
staff with a note; and once closed, their customer's data is purged after the retention period."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from orders.models import Order
from shipping.delivery import orders_assume_delivered
from shipping.models import DeliveryState, Shipment
from tests.orders.conftest import staff  # noqa: F401 (a fixture)
from tests.orders.factories import order as make_order
from tests.orders.factories import shipment

pytestmark = pytest.mark.django_db
DAYS = 14


@pytest.fixture(autouse=True)
def days(settings):
    settings.DELIVERY_ASSUMED_DAYS = DAYS


def shipped(number, *, quiet_days, state=DeliveryState.IN_TRANSIT, **fields):
    order = make_order(number, status=Order.Status.SHIPPED, **fields)
    parcel = shipment(order, f"00340434{number}", delivery_state=state)
    moment = timezone.now() - timedelta(days=quiet_days)
    Shipment.objects.filter(pk=parcel.pk).update(created_at=moment, state_changed_at=moment)
    return order


def test_a_quiet_shipped_order_is_delivered_assumed_once_and_says_so():
    quiet = shipped("D1", quiet_days=DAYS + 1)
    recent = shipped("D2", quiet_days=DAYS - 1)
    troubled = shipped("D3", quiet_days=DAYS + 30, state=DeliveryState.INCIDENT)

    assert orders_assume_delivered(actor="schedule:assume_delivered") == 1
    assert orders_assume_delivered(actor="schedule:assume_delivered") == 0  # a rerun changes nothing

    quiet.refresh_from_db(), recent.refresh_from_db(), troubled.refresh_from_db()
    assert (quiet.status, quiet.delivered_by) == (Order.Status.DELIVERED, "assumed")
    assert quiet.get_delivered_by_display() == "assumed: no parcel problem reported"
    assert quiet.events.filter(to_state="delivered", note__contains=f"no parcel reported a problem for {DAYS} days",
                               actor="schedule:assume_delivered").count() == 1
    assert recent.status == troubled.status == Order.Status.SHIPPED


def test_the_latest_parcel_news_counts_not_the_first():
    order = shipped("D4", quiet_days=DAYS + 5)
    later = shipment(order, "LATER-1")  # a second parcel, news today
    assert later.state_changed_at > timezone.now() - timedelta(days=1)
    assert orders_assume_delivered(actor="test") == 0


def test_the_command_closes_the_same_orders_and_prints_how_many():
    shipped("D5", quiet_days=DAYS + 2)
    out = StringIO()
    call_command("assume_delivered", stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == f"1 orders delivered (assumed): no parcel problem for {DAYS} days."
    assert Order.objects.get(number="D5").status == Order.Status.DELIVERED


def test_a_dropship_customer_is_anonymised_after_the_retention_period(settings):
    order = shipped("D6", quiet_days=DAYS + 1, email="jane@example.com")
    orders_assume_delivered(actor="schedule:assume_delivered")
    call_command("purge_personal_data", stdout=StringIO())
    order.refresh_from_db()
    assert order.anonymised_at is None and order.email == "jane@example.com"  # closed today: kept for now

    Order.objects.filter(pk=order.pk).update(
        updated_at=timezone.now() - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS + 1))
    call_command("purge_personal_data", stdout=StringIO())
    order.refresh_from_db()
    assert order.anonymised_at is not None and order.email == ""
    assert order.shipping_address.last_name == "[removed]"


def test_staff_mark_an_order_delivered_with_a_note_without_javascript(client, staff):  # noqa: F811
    order = shipped("D7", quiet_days=1)
    client.force_login(staff("change_order"))
    page = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    url = reverse("admin:orders_order_mark_delivered", args=[order.pk])
    assert url in page.content.decode()

    refused = client.post(url, {"note": "  "})
    assert "Say how you know it was delivered" in refused.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED

    done = client.post(url, {"note": "customer confirmed by phone"})
    assert done.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.delivered_by) == (Order.Status.DELIVERED, "staff")
    assert order.events.get(to_state="delivered").note == "marked delivered by hand: customer confirmed by phone"
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "Delivered (marked by staff)" in page and url not in page


def test_only_staff_who_may_change_orders_mark_them_delivered(client, staff):  # noqa: F811
    order = shipped("D8", quiet_days=1)
    client.force_login(staff())
    url = reverse("admin:orders_order_mark_delivered", args=[order.pk])
    assert url not in client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert client.post(url, {"note": "sure"}).status_code == 403
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED


def test_a_ready_order_cannot_be_marked_delivered(client, staff):  # noqa: F811
    order = make_order("D9")
    client.force_login(staff("change_order"))
    page = client.post(reverse("admin:orders_order_mark_delivered", args=[order.pk]), {"note": "sure"})
    assert "only a submitted or shipped order can be marked delivered" in page.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.READY
