"""Issue 6 in a real Chromium: register a Swiss order with MeinEinkauf, follow it through its processing
states to the Swiss carrier, and handle the return the customer sends back.
"""

import re

import pytest

from shipping.meineinkauf.models import MeinEinkaufOrder
from suppliers.innocigs.sandbox.dropship import orders_state

from .browser import assert_styled_page, click_and_wait, messages, run_action, screenshot, select_rows
from .journeys import command, control, import_orders, order_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SWISS = "C4001"
ITEMS = [{"articleNumber": "IC10000L10-TE-3", "reason": "damaged", "state": "unused"},
         {"articleNumber": "12M100L10-BG-0", "reason": "not_as_described", "state": "used"}]


@pytest.fixture
def meineinkauf(shop):
    """MeinEinkauf's control calls; its orders move on only when the test says so."""
    base = f"{shop}/sandbox/meineinkauf/v1/_control"

    def call(name, **data):
        return control(f"{base}/{name}", **data)

    call("clock", stepSeconds=0)
    return call


def test_register_follow_to_the_swiss_carrier_and_handle_the_return(staff_page, no_js_page, shop, meineinkauf):
    import_orders(order_data(SWISS, route="meineinkauf", country="CH",
                             lines=[("IC10000L10-TE-3", 1), ("12M100L10-BG-0", 2)]))
    page = staff_page
    # First leg: InnoCigs ships the goods to MeinEinkauf's hub.
    page.goto(f"{shop}/admin/orders/order/?route__exact=meineinkauf")
    select_rows(page, SWISS)
    run_action(page, "Submit to InnoCigs")
    assert page.locator("#will-send h2").inner_text() == "Will be sent: 1"
    click_and_wait(page, "#content-main form input[type=submit]")
    said = messages(page)
    assert any(level == "success" and text.startswith(SWISS) for level, text in said), said
    hub = dict(orders_state()["dropships"][SWISS]["receiver"])
    assert (hub["COMPANY2"], hub["COUNTRY_CODE"]) == (SWISS, "DE")
    assert control(f"{shop}/sandbox/innocigs/_control/ship")["shipped"] == [SWISS]
    assert "new parcels 1 (orders 1)" in command("sync_tracking", "--partner", "innocigs")
    to_hub = orders_state()["dropships"][SWISS]["shipped"]["code"]

    # Second leg: the registration with MeinEinkauf, queued by the tracking sync, sent here by staff.
    page.goto(f"{shop}/admin/orders/order/?route__exact=meineinkauf")
    select_rows(page, SWISS)
    run_action(page, "Register with MeinEinkauf")
    assert_styled_page(page)
    assert page.locator("#will-send h2").inner_text() == "Will be sent: 1"
    screenshot(page, "swiss-1-confirm")
    click_and_wait(page, "#content-main form input[type=submit]")
    said = messages(page)
    assert any(level == "success" and text.startswith(SWISS) for level, text in said), said

    # The order page shows MeinEinkauf's id and state.
    click_and_wait(page, f"#result_list a:text-is('{SWISS}')")
    assert_styled_page(page)
    panel = page.locator("#meineinkauf-panel")
    facts = panel.locator("table").first.inner_text()
    record = MeinEinkaufOrder.objects.get(order__number=SWISS)
    assert re.search(rf"MeinEinkauf id\s+{record.meineinkauf_id}\n", facts), facts
    assert re.search(r"Processing state\s+Registered: MeinEinkauf has the order", facts), facts
    order_url = page.url
    # Both legs on one page: the parcel to the hub with its DHL tracking, and MeinEinkauf's registration.
    legs = page.locator("#tracking-panel").inner_text()
    assert to_hub in legs and "to MeinEinkauf's hub" in legs, legs
    screenshot(page, "swiss-2-registered")

    # MeinEinkauf receives, checks and exports the parcel; the tracking schedule picks it up.
    meineinkauf("advance", orderNumber=SWISS, steps=4)
    assert command("sync_tracking", "--partner", "meineinkauf").startswith("MeinEinkauf orders: 1 read, 1 updated")
    page.goto(order_url)
    assert_styled_page(page)
    panel = page.locator("#meineinkauf-panel")
    assert "Exported" in panel.locator("table").first.inner_text()
    history = panel.locator("h3:text-is('State history') + table tbody tr")
    assert [row.locator("td").nth(1).inner_text() for row in history.all()] == [
        "Exported", "Checked", "Arrived at the hub", "Parcel expected", "Registered"]
    swiss = panel.locator("h3:text-is('Consignments') + table tbody tr").first
    link = swiss.locator("a").first
    assert link.get_attribute("href").startswith("https://service.post.ch/ekp-web/ui/entry/search/")
    assert "swisspost" in swiss.inner_text() and link.inner_text().startswith("99.60.")
    screenshot(page, "swiss-3-exported")

    # The customer sends two items back; the returns sync brings them in.
    reference = meineinkauf("returns", orderNumber=SWISS, items=ITEMS)["reference"]
    assert command("sync_returns") == "MeinEinkauf returns: 1 read, 1 updated."

    # The Returns list and page, with JavaScript off: filter by reason, open it, see the items in words.
    page = no_js_page
    page.goto(f"{shop}/admin/")
    click_and_wait(page, "a:text-is('MeinEinkauf returns')")
    assert_styled_page(page)
    click_and_wait(page, "#changelist-filter a:text-is('Arrived damaged')")
    [row] = page.locator("#result_list tbody tr").all()
    assert SWISS in row.inner_text()
    screenshot(page, "swiss-4-returns")
    click_and_wait(page, f"#result_list a:text-is('{reference}')")
    assert_styled_page(page)
    items = page.locator("#items-group tbody tr.has_original")
    rows = [[cell.strip() for cell in row.locator("td").all_inner_texts()][2:6] for row in items.all()]
    assert rows == [["IC10000L10-TE-3", "Article IC10000L10-TE-3", "Arrived damaged", "Unused"],
                    ["12M100L10-BG-0", "Article 12M100L10-BG-0", "Not as described", "Used"]], rows
    assert page.locator(".field-shop_order a").inner_text() == SWISS
    screenshot(page, "swiss-5-return")
