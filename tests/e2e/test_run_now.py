"""With JavaScript off, in a real Chromium: "Run now" on the dashboard syncs the catalogue from the (sandbox)
InnoCigs as a job on the queue, and the job's page ends "succeeded". The queue's worker is this test: it takes
the task the admin queued from django-q's broker and runs it."""

import pytest
from django.core.management import call_command

from backoffice.models import Job
from suppliers.models import SyncRun

from .browser import assert_styled_page, click_and_wait, reload, screenshot
from .journeys import run_task, take_queued_tasks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_run_now_syncs_the_catalogue_as_a_job_that_ends_succeeded(no_js_page, shop):
    call_command("setup_schedules", verbosity=0)
    take_queued_tasks()  # a queue left over by another run is not this test's
    page = no_js_page
    page.goto(f"{shop}/admin/")
    row = page.locator("#schedules tr[data-schedule=sync_products]")
    assert "Sync the catalogue from InnoCigs" in row.inner_text()
    click_and_wait(page, "#schedules tr[data-schedule=sync_products] input[value='Run now']")

    job = Job.objects.get()
    assert page.url.endswith(f"/admin/backoffice/job/{job.pk}/change/")
    assert_styled_page(page)
    assert page.locator("#job .job-status-queued").count() == 1
    assert "Run now: Sync the catalogue from InnoCigs" in page.inner_text("#job h2")

    [task] = take_queued_tasks()
    assert (task["func"], task["args"], task["kwargs"].get("schedule")) == (
        "backoffice.tasks.run_schedule_job", (job.pk,), "sync_products")
    run_task(task)

    reload(page)
    assert page.locator("#job .job-status-done").count() == 1
    assert "Succeeded:" in page.inner_text("#job")
    assert SyncRun.objects.filter(kind=SyncRun.Kind.PRODUCTS).exists()
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    screenshot(page, "run-now-done")
