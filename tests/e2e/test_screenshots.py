"""The pages staff use, at 1366x768 in a real Chromium, in English and in German, from the demo world that
`make run` sets up: each answers in the browser's language and fits the screen's width. Their screenshots
land in var/screenshots/<language>-<page>.png; with SCREENSHOTS_TO_DOCS=1 also in docs/screenshots/ (the
README's pictures are made so)."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from backoffice.jobs import job_start
from backoffice.models import Job
from orders.models import Order
from tests.backoffice.test_demo_world import apply_first_run_settings, first_run_settings  # noqa: F401 - a fixture

from .browser import admin_login, assert_styled_page, screenshot
from .journeys import run_task, take_queued_tasks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}
LISTS = {
    "orders": "/admin/orders/order/",
    "products": "/admin/suppliers/product/",
    "shipments": "/admin/shipping/shipment/",
    "returns": "/admin/meineinkauf/meineinkaufreturn/",
    "queue": "/admin/django_q/success/",
}


@pytest.fixture
def demo_world(sandbox, admin_user, settings, first_run_settings):  # noqa: F811 - the imported fixture
    apply_first_run_settings(settings, first_run_settings)  # the shop as `make run` has it
    call_command("setup_schedules", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the demo login is the test's own
    take_queued_tasks()  # nothing of another run's
    # A finished bulk job of the ready InnoCigs demo orders, as the admin queues one of more than 20.
    ready = list(Order.objects.filter(route="innocigs", status=Order.Status.READY).values_list("pk", flat=True))
    with transaction.atomic():
        job_start(kind="Submit to InnoCigs", total=len(ready), actor="user:admin", task="orders.tasks.submit_orders_job",
                  order_ids=ready, partner="innocigs")
    for task in take_queued_tasks():
        run_task(task)
    return sandbox.removesuffix("/sandbox")


def pages(base):
    refused = Order.objects.get(number="A1008")
    job = Job.objects.get()
    return {
        "dashboard": "/admin/",
        **LISTS,
        "order": f"/admin/orders/order/{refused.pk}/change/",
        "job": f"/admin/backoffice/job/{job.pk}/change/",
    }


def fits_the_width(page):
    """Neither the page nor a list's table (the admin lets `.results` scroll on its own) scrolls sideways."""
    return page.evaluate("""() => document.documentElement.scrollWidth <= window.innerWidth
        && [...document.querySelectorAll('.results')].every(box => box.scrollWidth <= box.clientWidth)""")


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_staff_page_in_the_browsers_language_fits_1366_px(browser, demo_world, language):
    context = browser.new_context(viewport=VIEWPORT, locale={"en": "en-GB", "de": "de-DE"}[language])
    context.set_default_timeout(60_000)
    page = context.new_page()
    admin_login(page, demo_world)
    made, too_wide = [], []
    for name, path in pages(demo_world).items():
        page.goto(demo_world + path)
        assert_styled_page(page)
        assert page.get_attribute("html", "lang") == language, (name, page.get_attribute("html", "lang"))
        if not fits_the_width(page):
            too_wide.append(name)
        made.append(screenshot(page, f"{language}-{name}", full_page=False))
    context.close()
    assert too_wide == [], f"wider than 1366 px: {too_wide}"
    if os.environ.get("SCREENSHOTS_TO_DOCS"):
        DOCS.mkdir(exist_ok=True)
        for path in made:
            shutil.copy(path, DOCS / path.name)
