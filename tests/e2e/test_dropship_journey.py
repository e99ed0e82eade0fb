"""Issue 4 in a real Chromium: import a file of orders, submit them to InnoCigs in bulk, see one accepted and
one refused with its explanation, sync tracking as the schedule would, and see the tracking link.

Through the REST API with JavaScript on, and through the XML API with JavaScript off (the admin must work
without it).
"""

import re

import pytest

from .browser import assert_styled_page, click_and_wait, messages, run_action, screenshot, select_rows
from .journeys import command, control, order_data, orders_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACCEPTED, REFUSED = "A2001", "A2002"


def sandbox_dropships():
    from backoffice.sandbox import state
    from suppliers.innocigs.sandbox.dropship import orders_state

    with state.lock:
        return {number: dict(placed) for number, placed in orders_state()["dropships"].items()}


@pytest.mark.parametrize(("api", "page_fixture"), [("rest", "staff_page"), ("xml", "no_js_page")],
                         ids=["rest-javascript", "xml-no-javascript"])
def test_import_submit_see_outcomes_and_tracking(request, shop, settings, tmp_path, api, page_fixture):
    settings.INNOCIGS_API = api
    page = request.getfixturevalue(page_fixture)
    shot = f"dropship-{api}"
    path = orders_file(tmp_path, order_data(ACCEPTED),
                       order_data(REFUSED, lines=[("AS100AMZ", 1)], email="max@example.com"))

    # Import the file through the upload page.
    page.goto(f"{shop}/admin/orders/order/")
    click_and_wait(page, "text=Import orders")
    page.set_input_files("#id_file", str(path))
    click_and_wait(page, ".submit-row input[type=submit]")
    assert_styled_page(page)
    report = page.locator("#import-report")
    assert "2 to import" in report.locator("h2").inner_text() and "Nothing is saved yet" in report.inner_text()
    assert report.locator("tr.import-ok").count() == 2
    screenshot(page, f"{shot}-1-checked")
    click_and_wait(page, "input[name=import]")  # the same upload, without choosing the file again
    assert "2 imported" in report.locator("h2").inner_text()
    assert report.locator("tr.import-created a").count() == 2
    screenshot(page, f"{shot}-1-imported")

    # Select both orders in the list and ask to submit them: the confirmation lists both.
    click_and_wait(page, ".breadcrumbs a[href$='/admin/orders/order/']")
    select_rows(page, ACCEPTED, REFUSED)
    run_action(page, "Submit to InnoCigs")
    assert_styled_page(page)
    assert page.locator("#will-send h2").inner_text() == "Will be sent: 2"
    assert page.locator("#will-send tbody tr").all_inner_texts()[0].startswith(ACCEPTED)
    assert "1 × AS100AMZ" in page.locator("#will-send").inner_text()
    api_words = ("REST, one dropship per request" if api == "rest"
                 else f"XML, up to {settings.INNOCIGS_DROPSHIP_BATCH} dropships per request")
    assert api_words in page.locator("#will-send").inner_text()
    assert sandbox_dropships() == {}  # nothing sent before staff confirm
    screenshot(page, f"{shot}-2-confirm")

    click_and_wait(page, "#content-main form input[type=submit]")
    assert_styled_page(page)
    said = messages(page)
    assert any(level == "success" and text.startswith(ACCEPTED) for level, text in said), said
    assert any(level == "error" and text.startswith(REFUSED) and "30001" in text for level, text in said), said
    assert "Submit to InnoCigs: 1 accepted, 1 refused." in page.locator("ul.messagelist").inner_text()
    screenshot(page, f"{shot}-3-submitted")

    # The accepted order: InnoCigs' references on the partner panel.
    placed = sandbox_dropships()[ACCEPTED]
    click_and_wait(page, f"#result_list a:text-is('{ACCEPTED}')")
    assert_styled_page(page)
    panel = page.locator("#partner-panel")
    assert panel.locator(".submission-state").inner_text() == "Accepted"
    facts = panel.locator(".submission-facts").inner_text()
    assert re.search(rf"DROPSHIP_ID\s+{placed['dropship_id']}\b", facts), facts
    assert re.search(rf"ORDERS_ID\s+{placed['orders_id']}\b", facts), facts
    assert "No parcel yet" in page.locator("#tracking-panel").inner_text()
    # The panels sit below the admin's floated form, not painted behind it.
    assert page.evaluate("document.querySelector('#order-panels').getBoundingClientRect().top"
                         " >= document.querySelector('#content-main').getBoundingClientRect().bottom")
    accepted_url = page.url
    screenshot(page, f"{shot}-4-accepted")

    # The refused order: code, InnoCigs' own message, what it means and what to do.
    page.goto(f"{shop}/admin/orders/order/?q={REFUSED}")
    click_and_wait(page, f"#result_list a:text-is('{REFUSED}')")
    assert_styled_page(page)
    panel = page.locator("#partner-panel")
    assert panel.locator(".submission-state").inner_text() == "Refused"
    [error] = panel.locator(".partner-errors tbody tr").all()
    cells = [cell.inner_text() for cell in error.locator("td").all()]
    assert cells[0] == "30001" and cells[1] == "AS100AMZ nicht lieferbar"
    assert cells[3] == "Product not deliverable."
    assert cells[4].startswith("Replace or remove the line")
    assert REFUSED not in sandbox_dropships()
    screenshot(page, f"{shot}-5-refused")

    # InnoCigs ships; the hourly tracking sync runs; the order page shows the parcel with its link.
    assert control(f"{shop}/sandbox/innocigs/_control/ship")["shipped"] == [ACCEPTED]
    assert "new parcels 1 (orders 1)" in command("sync_tracking", "--partner", "innocigs")
    page.goto(accepted_url)
    assert_styled_page(page)
    code = sandbox_dropships()[ACCEPTED]["shipped"]["code"]
    row = page.locator("#tracking-panel tbody tr").first
    assert row.locator("td").first.inner_text() == "DHL"
    link = row.get_by_role("link", name=code, exact=True)
    assert link.get_attribute("href") == (
        f"https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={code}")
    assert page.locator("#content-main .field-status .readonly").inner_text() == "Shipped"
    screenshot(page, f"{shot}-6-tracking")
