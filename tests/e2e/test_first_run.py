"""In a real Chromium, after the same setup `make run` does (schedules, demo data): the first dashboard shows
each demo state with its next step, and its button leads to where the step is done; with JavaScript off too."""

import pytest
from django.core.management import call_command

from tests.backoffice.test_demo_world import DEMO_STATES

from .browser import admin_login, new_context, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def first_run(sandbox, admin_user):
    call_command("setup_schedules", verbosity=0)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the demo login is the test's own
    return sandbox.removesuffix("/sandbox")


def see_every_state(page):
    inbox = page.locator("#inbox")
    for kind, subject, step in DEMO_STATES:
        row = inbox.locator("tbody tr", has=page.locator("td.inbox-kind", has_text=kind))
        assert row.count() == 1, kind
        assert subject in row.inner_text() and step in row.inner_text(), (kind, row.inner_text())
        assert row.locator("a.button").count() == 1, kind


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_first_dashboard_shows_each_demo_state_with_its_step(browser, first_run, javascript):
    context = new_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    admin_login(page, first_run)
    see_every_state(page)
    screenshot(page, f"first-dashboard-{'js' if javascript else 'no-js'}")
    # The refused order's button opens its page, where it is fixed and sent again.
    refused = page.locator("#inbox tbody tr", has=page.locator("td.inbox-kind", has_text="Refused by InnoCigs"))
    with page.expect_navigation():
        refused.locator("a.button").click()
    assert "A1008" in page.locator("#content").inner_text()
    context.close()
