"""A Swiss order of a shop without stock travels twice: InnoCigs ships it to MeinEinkauf's hub in Germany,
then MeinEinkauf takes it to the customer. Both legs go through the one lifecycle, over HTTP, once each."""

import pytest
from django.utils import timezone

from backoffice.sandbox import state
from orders.models import Order, Submission
from orders.selectors import orders_between_legs
from orders.services.submissions import orders_submit, submissions_retry_due
from shipping.meineinkauf.models import MeinEinkaufOrder
from suppliers.innocigs.tracking import tracking_sync
from suppliers.models import Product
from tests.suppliers.innocigs.factories import SENDER, sandbox_book, ship_now

from .conftest import make_order

S = Submission.State


@pytest.fixture
def dropship_ready(settings, db):
    settings.SHOP_SENDER = dict(SENDER)
    settings.INNOCIGS_API = "rest"
    Product.objects.create(model="IC10000L10-TE-3", name="Liquid Tabak 10 ml", stock_quantity=40)


def registrations(number):
    with state.lock:
        return [o for o in state.store("meineinkauf").get("orders", {}).values() if o["orderNumber"] == number]


@pytest.mark.django_db(transaction=True)
def test_a_swiss_order_goes_to_the_hub_then_to_meineinkauf_once(sandbox, control, dropship_ready):
    order = make_order("CH1001", to_hub=False)

    [first] = orders_submit(orders=[order], partner="innocigs", actor="user:alice")
    assert first.state == S.ACCEPTED, first
    receiver = sandbox_book()["dropships"]["CH1001"]["receiver"]
    # The hub receives the parcel, labelled with the shop's order number; the customer's address stays here.
    assert (receiver["COMPANY"], receiver["COMPANY2"], receiver["COUNTRY_CODE"]) == (
        "MeinEinkauf Hub Test", "CH1001", "DE")
    assert (receiver["STREET_ADDRESS"], receiver["POSTCODE"], receiver["CITY"]) == (
        "Hafenstrasse 12", "78224", "Singen")
    assert not {"Erika", "Muster", "Zürich", "8005", "erika@example.ch"} & set(receiver.values())

    [early] = orders_submit(orders=[order], partner="meineinkauf", actor="user:alice")
    assert early.state == "skipped" and "waiting for the parcel to the hub" in early.message
    assert registrations("CH1001") == []

    ship_now(sandbox)
    tracking_sync(actor="schedule:sync_tracking_innocigs", days=1)
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED  # on its way to the hub, not yet to the customer
    queued = order.submissions.get(partner="meineinkauf")
    assert queued.state == S.READY and queued.retry_at is not None

    assert list(orders_between_legs()) == [order]  # the dashboard shows it between the legs
    tracking_sync(actor="schedule:sync_tracking_innocigs", days=1)  # a rerun queues nothing more
    assert order.submissions.filter(partner="meineinkauf").count() == 1

    [second] = submissions_retry_due(actor="schedule:retry_submissions", now=timezone.now())
    assert second.state == S.ACCEPTED, second
    parcel = order.shipments.get(partner="innocigs")
    [registered] = registrations("CH1001")
    assert MeinEinkaufOrder.objects.get(order=order).meineinkauf_id == registered["id"]
    assert not orders_between_legs().exists()

    # Neither leg is sent again, by the schedule or by hand.
    assert submissions_retry_due(actor="schedule:retry_submissions", now=timezone.now()) == []
    for partner in ("innocigs", "meineinkauf"):
        [again] = orders_submit(orders=[order], partner=partner, actor="user:bob")
        assert again.state == "skipped", again
    assert len(registrations("CH1001")) == 1
    assert len([r for r in sandbox_book()["dropship_requests"] if "CH1001" in str(r)]) == 1
    assert parcel.tracking_code


@pytest.mark.django_db(transaction=True)
def test_without_the_hub_address_a_swiss_order_waits_naming_the_setting(sandbox, control, dropship_ready, settings):
    settings.MEINEINKAUF_HUB_STREET = ""
    order = make_order("CH1002", to_hub=False)
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:alice")
    assert result.state == "skipped"
    assert "MEINEINKAUF_HUB_STREET" in result.message
    assert sandbox_book()["dropships"] == {}
