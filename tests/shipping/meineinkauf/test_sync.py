"""Following registered orders: states, history, Swiss tracking and files, synced from the sandbox over HTTP."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from backoffice.errors import PartnerAuthError
from backoffice.sandbox import credentials, state
from orders.models import Order, OrderEvent, Submission
from orders.services.submissions import orders_submit
from shipping.meineinkauf import selectors
from shipping.meineinkauf.client import MeinEinkaufClient
from shipping.meineinkauf.mapping import order_payload
from shipping.meineinkauf.models import MeinEinkaufOrder, MeinEinkaufStateChange, MeinEinkaufSyncCursor
from shipping.meineinkauf.panels import TEMPLATE, order_panel
from shipping.meineinkauf.tracking import NOT_CONFIGURED, order_refresh, tracking_sync
from shipping.models import DeliveryState, Shipment, TrackingEvent

from .conftest import make_order

pytestmark = pytest.mark.django_db
ACTOR = "command:sync_tracking"


def register(*numbers):
    orders = [make_order(number) for number in numbers]
    results = orders_submit(orders=orders, partner="meineinkauf", actor="user:test")
    assert {r.state for r in results} == {Submission.State.ACCEPTED}
    return orders


def list_requests():
    return len(state.received("meineinkauf", "orders_list"))


def test_an_exported_order_gets_its_states_history_swiss_tracking_and_files(control):
    [order] = register("CH2001")
    control("advance", orderNumber="CH2001", steps=4)
    assert tracking_sync(actor=ACTOR) == ("MeinEinkauf orders: 1 read, 1 updated; cancelled orders: 0 read.")
    record = MeinEinkaufOrder.objects.get(order=order)
    assert record.processing_state == "exported" and record.synced_at
    assert list(record.history.values_list("state", flat=True)) == [
        "open", "arrival_assumed", "arrived", "verified", "exported"]
    [consignment] = record.consignments.all()
    assert consignment.carrier == "swisspost" and consignment.tracking_number.startswith("99.60.")
    shipment = consignment.shipment
    assert shipment.tracking_url == ("https://service.post.ch/ekp-web/ui/entry/search/"
                                     + quote(consignment.tracking_number, safe=""))
    assert (shipment.partner, shipment.delivery_state) == ("meineinkauf", DeliveryState.IN_TRANSIT)
    assert shipment.submission == order.submissions.get()
    assert sorted(consignment.documents.values_list("kind", flat=True)) == ["invoice", "label"]
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED


def test_syncing_again_changes_nothing(control):
    [order] = register("CH2002")
    control("advance", orderNumber="CH2002", steps=4)
    tracking_sync(actor=ACTOR)
    counts = (MeinEinkaufStateChange.objects.count(), TrackingEvent.objects.count(), Shipment.objects.count(),
              OrderEvent.objects.filter(order=order).count())
    assert tracking_sync(actor=ACTOR) == "MeinEinkauf orders: 1 read, 1 unchanged; cancelled orders: 0 read."
    assert tracking_sync(actor=ACTOR, days=2).endswith("1 read, 1 unchanged; cancelled orders: 0 read.")
    assert counts == (MeinEinkaufStateChange.objects.count(), TrackingEvent.objects.count(), Shipment.objects.count(),
                      OrderEvent.objects.filter(order=order).count())


def test_problem_cancellation_and_undocumented_states_are_kept_and_shown_as_they_came(control):
    register("CH2101", "CH2102", "CH2103", "CH2104")
    control("advance", orderNumber="CH2101", to="problem")
    control("advance", orderNumber="CH2102", to="cancellation")
    control("advance", orderNumber="CH2103", to="customs_hold")
    summary = tracking_sync(actor=ACTOR)
    assert summary == "MeinEinkauf orders: 3 read, 3 updated; cancelled orders: 1 read, 1 updated."
    found = dict(MeinEinkaufOrder.objects.values_list("order__number", "processing_state"))
    assert found == {"CH2101": "problem", "CH2102": "cancellation", "CH2103": "customs_hold", "CH2104": "open"}
    undocumented = MeinEinkaufOrder.objects.get(order__number="CH2103").state
    assert (undocumented.known, undocumented.label) == (False, "customs_hold")
    figures = {f.label: f.count for f in selectors.dashboard_figures()}
    assert (figures["orders stuck in problem"], figures["orders cancelled by MeinEinkauf"]) == (1, 1)
    assert set(Order.objects.values_list("status", flat=True)) == {Order.Status.SUBMITTED}


def test_more_than_one_page_is_read_and_later_runs_read_only_what_changed(control):
    register(*[f"CH3{n:03d}" for n in range(60)])
    assert tracking_sync(actor=ACTOR) == "MeinEinkauf orders: 60 read, 60 updated; cancelled orders: 0 read."
    assert list_requests() == 3  # two pages of orders, one (empty) of cancelled orders
    assert MeinEinkaufOrder.objects.filter(history__state="open").distinct().count() == 60
    control("advance", orderNumber="CH3007")
    # The changed order, then the one the cursor points at (applied again, unchanged), then older: stop.
    assert tracking_sync(actor=ACTOR) == ("MeinEinkauf orders: 2 read, 1 updated, 1 unchanged; "
                                          "cancelled orders: 0 read.")
    assert list_requests() == 5
    assert MeinEinkaufOrder.objects.get(order__number="CH3007").processing_state == "arrival_assumed"


def test_a_window_reads_again_without_moving_the_cursor(control):
    register("CH4001")
    tracking_sync(actor=ACTOR)
    cursor = MeinEinkaufSyncCursor.objects.get(feed="orders").changed_until
    assert "(last 3 days)" in tracking_sync(actor=ACTOR, days=3)
    earlier = timezone.localdate() - timedelta(days=5)
    assert tracking_sync(actor=ACTOR, day=earlier.isoformat()) == (
        f"MeinEinkauf orders (on {earlier.isoformat()}): 0 read; cancelled orders: 0 read.")
    assert MeinEinkaufSyncCursor.objects.get(feed="orders").changed_until == cursor


def test_orders_the_shop_does_not_know_are_counted_not_stored(control):
    elsewhere = make_order("CH4101")
    MeinEinkaufClient.from_settings().register_order(order_payload(elsewhere))  # e.g. from MeinEinkauf's portal
    elsewhere.delete()
    assert tracking_sync(actor=ACTOR) == "MeinEinkauf orders: 1 read, 1 not in the shop; cancelled orders: 0 read."


def test_a_refused_key_stops_the_sync_and_shows_on_the_dashboard(control, settings):
    settings.MEINEINKAUF_API_KEY = "not-the-key"
    with pytest.raises(PartnerAuthError):
        tracking_sync(actor=ACTOR)
    assert selectors.credentials_refused()
    settings.MEINEINKAUF_API_KEY = credentials.MEINEINKAUF_API_KEY
    tracking_sync(actor=ACTOR)
    assert not selectors.credentials_refused()


def test_an_unconfigured_partner_is_reported_not_failed(settings):
    settings.MEINEINKAUF_BASE_URL = ""
    assert tracking_sync(actor=ACTOR) == NOT_CONFIGURED


def test_one_order_can_be_refreshed_on_request(control):
    [order] = register("CH5001")
    control("advance", orderNumber="CH5001", steps=2)
    assert order_refresh(order=order, actor="user:test") == "CH5001: Arrived at the hub (updated)."
    assert order.meineinkauf.history.count() == 3


def test_the_order_page_panel_explains_each_state_and_links_the_swiss_tracking(control):
    [order] = register("CH6001")
    control("advance", orderNumber="CH6001", steps=4)
    control("advance", orderNumber="CH6001", to="customs_hold")
    tracking_sync(actor=ACTOR)
    context = order_panel(order)
    assert context["meineinkauf_state"].label == "customs_hold"
    html = render_to_string(TEMPLATE, context)
    number = order.meineinkauf.consignments.get().tracking_number
    assert f'href="https://service.post.ch/ekp-web/ui/entry/search/{quote(number, safe="")}"' in html
    assert "The parcel arrived at the MeinEinkauf hub in Germany." in html
    assert "A processing state MeinEinkauf has not documented; shown as it came." in html
    assert "Customer invoice: invoice-" in html and "Swiss parcel label: label-" in html
    assert str(order.meineinkauf.meineinkauf_id) in html


def test_the_panel_says_when_an_order_is_not_registered_yet(db):
    order = make_order("CH6002")
    html = render_to_string(TEMPLATE, order_panel(order))
    assert "Not registered with MeinEinkauf yet." in html
    order.route = "innocigs"
    assert order_panel(order) is None  # the order page shows no MeinEinkauf panel at all
