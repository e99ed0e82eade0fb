"""In a real Chromium: log in through the form, see the styled dashboard, check the partners; also with
JavaScript off."""

import re

import pytest
from django.core.management import call_command

from backoffice import dashboard
from backoffice.models import PartnerHealth
from tests.backoffice import figures

from .browser import CHROMIUM_ARGS, admin_login, chromium_path, new_context, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(sandbox, admin_user, monkeypatch):
    """The served app with its sandbox, schedules set up, and a figure to show."""
    call_command("setup_schedules", verbosity=0)
    monkeypatch.setattr(dashboard, "figure_sources", lambda: [figures.SOURCE])
    return sandbox.removesuffix("/sandbox")


def test_log_in_see_the_dashboard_and_check_the_partners(page, shop):
    admin_login(page, shop)
    assert page.title() == "Dashboard | Dropship back-office"
    assert page.inner_text("#site-name") == "Dropship back-office"
    # the admin's CSS and the dashboard's own are served and applied
    assert page.evaluate("getComputedStyle(document.querySelector('#header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('.figure a')).borderTopStyle") == "solid"

    assert page.locator(".figure", has_text="without a reply").count() == 1
    assert page.locator("#partner-health tbody tr").count() == 4
    assert page.locator("#partner-health tbody").inner_text().count("not checked yet") == 4
    assert page.locator("#schedules tbody tr", has_text="Check partner connections").count() == 1
    path = screenshot(page, "dashboard")
    assert path.stat().st_size > 10_000

    with page.expect_navigation():
        page.click("text=Check partner connections now")
    messages = page.locator("ul.messagelist li")
    assert messages.count() == 4
    assert re.search(r"InnoCigs: OK, REST API answers; stock of \S+: \d+", messages.nth(0).inner_text())
    assert page.locator("#partner-health td.state-ok").count() == 4
    screenshot(page, "dashboard-checked")

    with page.expect_navigation():
        page.click(".figure a")
    assert "/admin/backoffice/partnerexchange/?status=none" in page.url
    assert page.locator("#result_list tbody tr").count() == 0  # every check got a reply


def test_the_dashboard_works_with_javascript_off(browser, shop):
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        admin_login(page, shop)
        assert page.locator("#partner-health").is_visible()
        assert page.locator("#schedules tbody tr", has_text="Check partner connections").count() == 1
        with page.expect_navigation():
            page.click("text=Check partner connections now")
        assert page.locator("ul.messagelist li.success").count() == 4
        assert PartnerHealth.objects.filter(ok=True).count() == 4
        screenshot(page, "dashboard-no-javascript")
    finally:
        context.close()


def test_a_machine_without_chromium_fails_the_browser_tests_and_says_how_to_install_it(tmp_path):
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install chromium"):
        chromium_path(tmp_path / "no-chromium-here")
    assert "--disable-background-networking" in CHROMIUM_ARGS
