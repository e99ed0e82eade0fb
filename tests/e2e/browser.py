"""Helpers for browser tests: Debian's Chromium driven by Playwright, logging in, screenshots.

Nothing here downloads a browser: a machine without /usr/bin/chromium fails the browser tests and says
how to install it.
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Headless on a machine with no network beyond loopback: no background traffic, no first-run work.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
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


def admin_login(page, live_server_url, username=ADMIN_USERNAME, password=ADMIN_PASSWORD):
    """Logs in through the admin's real login form and waits for the dashboard."""
    page.goto(f"{live_server_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#login-form [type=submit]")
    if page.url != f"{live_server_url}/admin/":
        raise AssertionError(f"Login as {username!r} did not reach the dashboard but {page.url}")


def screenshot(page, name):
    """Saves a full-page screenshot as var/screenshots/<name>.png and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
