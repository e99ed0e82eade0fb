"""Issue 7 in a real Chromium: reconcile with Zonos from the admin, import the missing orders, confirm our
order numbers to Zonos, and see nothing missing; then an order Zonos puts into fraud review after it went
to InnoCigs shows as a conflict on the dashboard.

The Zonos sandbox serves its demo set: seven orders over the last week, one a test order, one cancelled,
one in fraud review, one on hold.
"""

import pytest
import requests
from django.utils import timezone

from orders.models import Order
from orders.services.submissions import orders_submit
from tests.support import control_headers

from .browser import assert_in_sight, assert_styled_page, click_and_wait, messages, run_action, screenshot, select_rows
from .journeys import command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MISSING = ["999-10001", "999-10003", "999-10004", "999-10005", "999-10007"]


def summary(page):
    """The reconciliation page's counts, e.g. {"missing: not imported": 5}."""
    counts = {}
    for item in page.locator("#zonos-summary li").all_inner_texts():
        count, _, label = item.partition(" ")
        counts[label] = int(count)
    return counts


def zonos_flags(shop, zonos_id, status):
    """Zonos changes an order's status (the sandbox's control call)."""
    url = f"{shop}/sandbox/zonos/control/orders"
    orders = requests.get(url, headers=control_headers(), timeout=10).json()["orders"]
    for order in orders:
        if order["id"] == zonos_id:
            order.update(orderStatus=status, orderStatusDate=int(timezone.now().timestamp() * 1000))
    requests.post(url, json={"orders": orders}, headers=control_headers(), timeout=10).raise_for_status()


def test_reconcile_import_confirm_and_see_a_conflict(staff_page, no_js_page, shop):
    page = staff_page
    page.goto(f"{shop}/admin/")
    click_and_wait(page, "tr.model-zonosorder a:text-is('Zonos orders')")
    click_and_wait(page, "input[value='Reconcile with Zonos now']")
    assert_styled_page(page)
    [(level, text)] = messages(page)
    assert level == "success" and "7 orders listed (1 test), 7 new" in text, text
    assert summary(page)["missing: not imported"] == 5
    screenshot(page, "zonos-1-reconciled")

    # Import the missing ones: the confirmation says what will happen to each.
    click_and_wait(page, "#zonos-summary a:has-text('missing: not imported')")
    assert sorted(page.locator("#result_list tbody th a, #result_list tbody td.field-zonos_id a").all_inner_texts()) \
        == MISSING
    page.check("#action-toggle")
    run_action(page, "Import from Zonos")
    assert_styled_page(page)
    assert "5 of 5 selected Zonos orders will be acted on" in page.inner_text("#content")
    assert "fetch its details from Zonos and import it as Z999-10001" in page.inner_text("#content")
    screenshot(page, "zonos-2-import-confirm")
    click_and_wait(page, "input[value='Yes, Import from Zonos']")
    said = messages(page)
    assert len(said) == 5 and all(level == "success" for level, _ in said), said
    assert sorted(Order.objects.values_list("number", flat=True)) == [f"Z{z}" for z in MISSING]

    # Confirm our order numbers to Zonos, with JavaScript off: tick each row, run the action, confirm.
    page = no_js_page
    page.goto(f"{shop}/admin/zonos/zonosorder/?reconciliation=unconfirmed")
    select_rows(page, *MISSING)
    run_action(page, "Confirm merchant order id")
    assert_styled_page(page)
    assert "tell Zonos it became Z999-10003" in page.inner_text("#content")
    click_and_wait(page, "input[value='Yes, Confirm merchant order id']")
    said = messages(page)
    assert len(said) == 5 and all(level == "success" for level, _ in said), said

    click_and_wait(page, "input[value='Reconcile with Zonos now']")
    counts = summary(page)
    assert (counts["missing: not imported"], counts["unconfirmed: Zonos lacks our number"]) == (0, 0)
    assert counts["held by Zonos: do not submit"] == 2  # fraud review and on hold: imported, never submitted
    assert counts["status conflict: must not ship"] == 0
    screenshot(page, "zonos-3-nothing-missing")

    # Z999-10001 goes to InnoCigs; afterwards Zonos flags it for fraud review. The next reconciliation (the
    # schedule) finds it, and the dashboard says so loudly.
    [sent] = orders_submit(orders=Order.objects.filter(number="Z999-10001"), partner="innocigs", actor="user:admin")
    assert sent.state == "accepted", sent
    zonos_flags(shop, "999-10001", "IGLOBAL_FRAUD_REVIEW")
    assert "1 status conflict (must not ship)" in command("reconcile_zonos")
    page = staff_page
    page.goto(f"{shop}/admin/")
    assert_styled_page(page)
    conflict = page.locator(".figure.figure-alert", has_text="status conflict: must not ship")
    assert conflict.locator(".count").inner_text() == "1"
    screenshot(page, "zonos-4-dashboard-conflict")
    with page.expect_navigation():
        conflict.locator("a").click()
    [row] = page.locator("#result_list tbody tr").all()
    verdict = row.locator(".zonos-alert")
    assert verdict.text_content() == "STATUS CONFLICT: fraud review at Zonos but Z999-10001 was sent: stop it"
    assert_in_sight(verdict)
    assert_in_sight(row.get_by_role("link", name="Z999-10001", exact=True))
    screenshot(page, "zonos-5-conflict")
