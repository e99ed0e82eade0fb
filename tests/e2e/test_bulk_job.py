"""A bulk submit of more than 20 orders runs on the queue as a Job: staff land on its page, which shows the
progress while the worker runs and then each order's outcome.

The queue's worker is this test: it takes the task the admin queued from django-q's broker and runs it, and
looks at the job page half-way through.
"""

import pytest

import backoffice.jobs
import orders.tasks
from backoffice.models import Job

from .browser import assert_styled_page, click_and_wait, reload, screenshot
from .journeys import import_orders, order_data, run_task, take_queued_tasks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NUMBERS = [f"J{5000 + i}" for i in range(1, 22)]  # 21: one more than the admin handles while the page waits
NOT_DELIVERABLE = "J5013"


def test_more_than_twenty_orders_run_as_a_job_whose_page_shows_progress_and_outcome(staff_page, shop, monkeypatch):
    take_queued_tasks()  # a queue left over by another run is not this test's
    import_orders(*[order_data(n, lines=[("AS100AMZ" if n == NOT_DELIVERABLE else "12M100L10-BG-0", 1)])
                    for n in NUMBERS])
    page = staff_page
    page.goto(f"{shop}/admin/orders/order/?route__exact=innocigs")
    page.check("#action-toggle")
    page.select_option(".actions select[name=action]", label="Submit to InnoCigs")
    click_and_wait(page, ".actions button[name=index]")
    assert page.locator("#will-send h2").inner_text() == "Will be sent: 21"
    assert "These 21 orders are sent on the queue" in page.inner_text("#content-main")

    click_and_wait(page, "input[value='Yes: Submit to InnoCigs (21 orders)']")
    job = Job.objects.get()
    assert page.url.endswith(f"/admin/backoffice/job/{job.pk}/change/")
    assert_styled_page(page)
    assert page.locator("#job .job-status-queued").count() == 1
    assert "0 of 21 (0%)" in page.inner_text("#job")
    assert "Waiting for the queue to start it" in page.inner_text("#job-lines")
    screenshot(page, "job-1-queued")

    # The worker takes the task; half-way through, staff reload the job page and see it moving.
    seen = []
    advance = backoffice.jobs.job_advance_many
    monkeypatch.setattr(orders.tasks, "JOB_STEP", 10)  # the page moves every JOB_STEP orders (25 in production)

    def advance_and_look(job_id, rows):
        advance(job_id, rows)
        if Job.objects.get(pk=job_id).done == 10:
            reload(page)
            progress = page.locator("#job .job-progress").inner_text().strip()
            seen.append((progress, page.locator("#job-lines li").count()))
            screenshot(page, "job-2-running")

    monkeypatch.setattr(backoffice.jobs, "job_advance_many", advance_and_look)  # what every job task calls
    [task] = take_queued_tasks()
    assert (task["func"], task["args"]) == ("orders.tasks.submit_orders_job", (job.pk,))
    assert sorted(task["kwargs"]["order_ids"]) == sorted(job.task_kwargs["order_ids"])  # ids, never addresses
    run_task(task)
    assert seen == [("10 of 21 (47%): 10 succeeded, 0 did not", 10)]

    reload(page)
    assert_styled_page(page)
    # One refusal is no green "Done": amber, counted, and a way to the order that needs work.
    assert page.locator("#job .job-status-problems").inner_text() == "Done with problems"
    assert page.locator("#job .job-status-done").count() == 0
    assert page.locator("#job .job-outcomes li").all_inner_texts() == ["20 accepted", "1 refused"]
    assert "21 of 21 (100%): 20 succeeded, 1 did not" in page.inner_text("#job")
    assert "20 accepted, 1 refused" in page.inner_text("#job")
    lines = page.locator("#job-lines li").all_inner_texts()
    assert len(lines) == 21
    assert [line for line in lines if "refused" in line] == [f"{NOT_DELIVERABLE}: refused – 30001 AS100AMZ nicht "
                                                              "lieferbar"]
    assert page.locator("meta[http-equiv=refresh]").count() == 0  # a finished job's page stops refreshing
    screenshot(page, "job-3-done")
    click_and_wait(page, "text=Open the list of those that need work")
    [row] = page.locator("#result_list tbody tr").all_inner_texts()
    assert NOT_DELIVERABLE in row
