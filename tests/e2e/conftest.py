"""Fixtures for browser tests: one Chromium per session, a fresh context and page per test, an admin."""

import os

import pytest

from suppliers.models import Product

from .browser import ADMIN_PASSWORD, ADMIN_USERNAME, CHROMIUM_ARGS, WAIT_MS, admin_login, chromium_path, new_context
from .journeys import CATALOGUE, SENDER

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable from tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS,
                                              timeout=WAIT_MS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def admin_user(django_user_model):
    """A superuser who logs in with ADMIN_USERNAME / ADMIN_PASSWORD."""
    return django_user_model.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD)


@pytest.fixture
def shop(sandbox, admin_user, settings):
    """The served app with every partner pointed at its sandbox; returns the site's base URL.

    The shop's sender address is set (InnoCigs refuses a dropship without it) and the InnoCigs products the
    journeys order are in the local catalogue, so every refusal a test sees comes from the partner itself.
    """
    settings.SHOP_SENDER = dict(SENDER)
    settings.INNOCIGS_API = "rest"
    settings.INNOCIGS_TEST_MODE = False
    settings.INNOSHIP_LOCATION = "hamburg-1"
    settings.INNOSHIP_VALIDATE_FIRST = False
    for model, stock in CATALOGUE.items():
        Product.objects.create(model=model, name=model, stock_quantity=stock, shipping_status="Sofort lieferbar")
    return sandbox.removesuffix("/sandbox")


@pytest.fixture
def staff_page(page, shop):
    """A page logged in to the admin as staff, with JavaScript on."""
    admin_login(page, shop)
    return page


@pytest.fixture
def no_js_page(browser, shop):
    """A page logged in to the admin, with JavaScript off: the admin must work without it."""
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    admin_login(page, shop)
    yield page
    context.close()
