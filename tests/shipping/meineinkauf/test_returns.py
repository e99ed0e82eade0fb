"""Returns: synced from the sandbox with items, history, tour and tracking, and handled in the admin."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from orders.models import OrderEvent, Submission
from orders.services.submissions import orders_submit
from shipping.meineinkauf import selectors
from shipping.meineinkauf.models import MeinEinkaufOrder, MeinEinkaufReturn
from shipping.meineinkauf.returns import returns_sync
from shipping.meineinkauf.tracking import tracking_sync

from .conftest import LINE, make_order

pytestmark = pytest.mark.django_db
ITEMS = [{"articleNumber": "IC10000L10-TE-3", "reason": "not_as_described", "state": "used"},
         {"articleNumber": "IC20000", "reason": "damaged", "state": "unused"}]


def exported(control, number):
    order = make_order(number, lines=[LINE, {**LINE, "sku": "IC20000", "name": "Coil 0.8 Ohm"}])
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == Submission.State.ACCEPTED
    control("advance", orderNumber=number, steps=4)
    return order


def sync_returns(*args):
    out = StringIO()
    call_command("sync_returns", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_a_return_appears_with_its_items_order_tour_and_history(control):
    order = exported(control, "CH7001")
    reference = control("returns", orderNumber="CH7001", items=ITEMS)["reference"]
    assert sync_returns() == "MeinEinkauf returns: 1 read, 1 updated."
    found = MeinEinkaufReturn.objects.get(reference=reference)
    assert (found.order, found.order_number, found.processing_state) == (order, "CH7001", "open")
    assert (found.carrier, found.tracking_number[:6], found.label["name"]) == (
        "swisspost", "99.00.", f"return-{found.meineinkauf_id}.pdf")
    assert [(i.article_number, i.article_name, i.reason_words, i.state_words) for i in found.items.all()] == [
        ("IC10000L10-TE-3", "Liquid Tabak 10 ml", "Not as described", "Used"),
        ("IC20000", "Coil 0.8 Ohm", "Arrived damaged", "Unused")]
    assert OrderEvent.objects.filter(order=order, note__startswith=f"MeinEinkauf return {reference}").exists()

    control("advance-return", reference=reference)
    control("advance-return", reference=reference)
    assert sync_returns() == "MeinEinkauf returns: 1 read, 1 updated."
    found.refresh_from_db()
    assert found.processing_state == "transferred"
    assert (found.mrn_de[:4], found.mrn_ch[:4], found.transfer_date) == ("26DE", "26CH", timezone.localdate())
    assert list(found.history.values_list("state", flat=True)) == ["open", "ready_for_transfer", "transferred"]
    assert sync_returns() == "MeinEinkauf returns: 1 read, 1 unchanged."
    assert found.items.count() == 2


def test_only_returns_changed_since_the_last_sync_are_read(control):
    exported(control, "CH7101")
    exported(control, "CH7102")
    first = control("returns", orderNumber="CH7101")["reference"]
    control("returns", orderNumber="CH7102")
    assert returns_sync(actor="command:test") == "MeinEinkauf returns: 2 read, 2 updated."
    control("advance-return", reference=first, to="inspected_by_customs")
    # The changed return, and the one the cursor points at (unchanged); the other is not read again.
    assert returns_sync(actor="command:test") == "MeinEinkauf returns: 2 read, 1 updated, 1 unchanged."
    changed = MeinEinkaufReturn.objects.get(reference=first)
    assert (changed.processing_state, changed.state.known) == ("inspected_by_customs", False)
    assert "(last 7 days)" in sync_returns("--days", "7")


def test_returns_admin_lists_filters_and_shows_a_return_in_words(control, admin_client):
    exported(control, "CH7201")
    reference = control("returns", orderNumber="CH7201", items=ITEMS)["reference"]
    control("advance-return", reference=reference, to="transferred")
    tracking_sync(actor="command:test")
    returns_sync(actor="command:test")
    found = MeinEinkaufReturn.objects.get()
    listing = "/admin/meineinkauf/meineinkaufreturn/"
    for query, shown in [("", True), ("?reason=damaged", True), ("?reason=wrong_size", False),
                         ("?state=transferred", True), ("?state=open", False), ("?handled=no", True)]:
        page = admin_client.get(listing + query)
        assert page.status_code == 200
        assert (reference in page.content.decode()) is shown, query
    page = admin_client.get(f"{listing}{found.pk}/change/").content.decode()
    for text in ("Arrived damaged", "Not as described", "On its way back", found.mrn_de, found.mrn_ch,
                 "CH7201", "service.post.ch"):
        assert text in page
    response = admin_client.post(listing, {"action": "mark_handled", "_selected_action": [found.pk], "post": "yes",
                                           "note": "refund done"}, follow=True)
    assert "1 return marked as handled; its order is now returned." in response.content.decode()
    found.refresh_from_db()
    assert (found.handled_by, found.handled_note) == ("user:admin", "refund done") and found.handled_at
    assert {f.label: f.count for f in selectors.dashboard_figures()}["returns to handle"] == 0


def test_meineinkauf_orders_admin_filters_by_state_and_shows_the_history(control, admin_client):
    exported(control, "CH7301")
    control("advance", orderNumber="CH7301", to="problem")
    tracking_sync(actor="command:test")
    record = MeinEinkaufOrder.objects.get()
    listing = admin_client.get("/admin/meineinkauf/meineinkauforder/?state=problem").content.decode()
    assert "CH7301" in listing and "Problem" in listing
    assert "CH7301" not in admin_client.get("/admin/meineinkauf/meineinkauforder/?state=exported").content.decode()
    page = admin_client.get(f"/admin/meineinkauf/meineinkauforder/{record.pk}/change/").content.decode()
    assert "The parcel was exported to Switzerland and handed to the Swiss carrier." in page
    assert "contact MeinEinkauf to clear it" in page
    problem = next(f for f in selectors.dashboard_figures() if f.label == "orders stuck in problem")
    assert (problem.count, problem.tone) == (1, "alert")
    assert "CH7301" in admin_client.get(problem.url).content.decode()
