"""Fixtures for browser tests: one Chromium per session, a fresh context and page per test, an admin."""

import os

import pytest

from .browser import ADMIN_PASSWORD, ADMIN_USERNAME, CHROMIUM_ARGS, chromium_path

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable from tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def admin_user(django_user_model):
    """A superuser who logs in with ADMIN_USERNAME / ADMIN_PASSWORD."""
    return django_user_model.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD)
