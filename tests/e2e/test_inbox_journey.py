"""Staff work the dashboard's inbox in a real Chromium, with JavaScript on and off: the demo's refused order
(A1008, sold out at InnoCigs) and its order held back before sending (A1002, an article InnoCigs does not have)
each appear with the reason and a button; staff follow it, fix the order line, submit it from the order's
header, and the row leaves the inbox."""

import os

import pytest
from django.core.management import call_command

from orders.models import Order, Submission
from tests.backoffice.test_demo_world import apply_first_run_settings, first_run_settings  # noqa: F401 - a fixture

from .browser import admin_login, assert_styled_page, click_and_wait, new_context, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IN_STOCK = "12M100L10-BG-0"  # sold by the sandbox's catalogue and stock feed (the demo's ready orders use it)


@pytest.fixture
def demo_world(sandbox, admin_user, settings, first_run_settings):  # noqa: F811 - the imported fixture
    apply_first_run_settings(settings, first_run_settings)
    call_command("setup_schedules", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the demo login is the test's own
    return sandbox.removesuffix("/sandbox")


def inbox_row(page, kind, number):
    return page.locator("#inbox tbody tr", has=page.locator("td.inbox-kind", has_text=kind)).filter(
        has=page.get_by_role("link", name=number, exact=True))


def fix_and_submit(page, base, kind, number, reason, name):
    page.goto(f"{base}/admin/")
    row = inbox_row(page, kind, number)
    assert row.count() == 1, (kind, number)
    assert reason in row.inner_text()
    click_and_wait(page, f"#inbox tbody tr:has(a:text-is('{number}')) a.button")
    assert_styled_page(page)
    header = page.locator("#order-header")
    assert reason in header.inner_text()
    screenshot(page, f"inbox-{name}-1-order")
    # The fix: the line's article becomes one InnoCigs has in stock.
    page.fill("input[name='lines-0-sku']", IN_STOCK)
    click_and_wait(page, "input[name='_continue']")
    assert page.locator(".errornote").count() == 0, page.inner_text("#content")
    # Submitted from the header: its button asks first, on the list's confirmation page.
    click_and_wait(page, "#order-header form button:text-is('Submit to InnoCigs')")
    screenshot(page, f"inbox-{name}-2-confirm")
    click_and_wait(page, "#content-main form input[type=submit][value^='Yes']")
    assert_styled_page(page)
    order = Order.objects.get(number=number)
    assert order.submission_state == Submission.State.ACCEPTED, page.inner_text("#content")
    assert order.hold_reason == ""
    page.goto(f"{base}/admin/")
    assert inbox_row(page, kind, number).count() == 0
    screenshot(page, f"inbox-{name}-3-gone")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_refused_and_a_held_back_order_are_fixed_and_submitted_from_the_inbox(browser, demo_world, javascript):
    context = new_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    admin_login(page, demo_world)
    suffix = "js" if javascript else "no-js"
    fix_and_submit(page, demo_world, "Refused by InnoCigs", "A1008", "Product not deliverable", f"refused-{suffix}")
    fix_and_submit(page, demo_world, "Held back before sending", "A1002", "not in the InnoCigs catalogue",
                   f"held-{suffix}")
    context.close()
