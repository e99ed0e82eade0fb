"""Helpers for browser tests: Debian's Chromium driven by Playwright, logging in, screenshots.

Nothing here downloads a browser: a machine without /usr/bin/chromium fails the browser tests and says
how to install it.
"""

import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Headless on a machine with no network beyond loopback: no background traffic, no first-run work.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
# How long a page, a click or the browser's start may take before the test fails: generous, because a busy
# machine's first answer can be slow, and a wait that gives up early fails a test that would have passed.
WAIT_MS = 60_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "e2e-admin-password-4711"


def chromium_path(path=CHROMIUM):
    """Debian's Chromium, or a failed test that says how to install it (never a skip)."""
    if not path.is_file():
        pytest.fail(
            f"Chromium is missing at {path}: the browser tests drive Debian's chromium. "
            "Install it with: apt-get install chromium (as root; `make test` does this when it can).",
            pytrace=False,
        )
    return str(path)


def new_context(browser, **options):
    """A fresh browser context whose waits all last WAIT_MS."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(WAIT_MS)
    return context


def admin_login(page, live_server_url, username=ADMIN_USERNAME, password=ADMIN_PASSWORD):
    """Logs in through the admin's real login form and waits for the dashboard."""
    page.goto(f"{live_server_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#login-form [type=submit]")
    if page.url != f"{live_server_url}/admin/":
        raise AssertionError(f"Login as {username!r} did not reach the dashboard but {page.url}")


def screenshot(page, name, full_page=True):
    """Saves a screenshot (the whole page, or what the window shows) as var/screenshots/<name>.png and returns
    its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def select_rows(page, *labels):
    """Ticks the change list rows whose first column links to exactly these labels (e.g. order numbers)."""
    for label in labels:
        row = page.locator("#result_list tbody tr").filter(has=page.get_by_role("link", name=label, exact=True))
        row.locator("input.action-select").check()


def run_action(page, label):
    """Chooses a bulk action by its label and runs it on the ticked rows (works with JavaScript off)."""
    page.select_option(".actions select[name=action]", label=label)
    with page.expect_navigation():
        page.click(".actions button[name=index]")


def reload(page):
    """Reloads the page. A page that refreshes itself (a running job's) may start its own reload at the same
    moment, aborting ours: that is no failure, so try again until WAIT_MS has passed."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        try:
            return page.reload()
        except Error as exc:
            if "ERR_ABORTED" not in str(exc) or time.monotonic() > deadline:
                raise


def click_and_wait(page, selector):
    """Clicks a link or button that loads a new page, and returns that page's HTTP status."""
    with page.expect_navigation() as navigation:
        page.click(selector)
    return navigation.value.status


def messages(page):
    """The admin's messages on this page, as (level, text)."""
    found = []
    for item in page.locator("ul.messagelist li").all():
        found.append(((item.get_attribute("class") or "").strip(), item.inner_text().strip()))
    return found


def assert_styled_page(page):
    """The page is the styled admin, not a raw error: admin CSS applied, no traceback, no server error."""
    assert page.locator("#header").count() == 1, f"{page.url} is not an admin page:\n{page.content()[:500]}"
    assert page.evaluate("getComputedStyle(document.querySelector('#header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    if page.locator(".breadcrumbs").count():
        assert page.evaluate("getComputedStyle(document.querySelector('.breadcrumbs')).backgroundColor") != (
            "rgba(0, 0, 0, 0)"), f"{page.url}: the breadcrumbs are not styled (Django styles ol.breadcrumbs)"
    text = page.inner_text("body")
    for raw in ("Traceback", "Server Error", "TemplateSyntaxError", "NoReverseMatch", "{{", "{%"):
        assert raw not in text, f"{page.url} shows {raw!r}"


def assert_in_sight(locator):
    """The element is not cut off by the change list's horizontal scrolling (or the page's edge)."""
    inside = locator.evaluate("""element => {
        const box = element.getBoundingClientRect();
        const frame = (element.closest('.results') || document.body).getBoundingClientRect();
        return box.left >= frame.left - 1 && box.right <= frame.right + 1;
    }""")
    assert inside, f"{locator} is out of sight: the list scrolls sideways to show it"
