"""Run now: every schedule can be started from the dashboard by staff holding its permission, as a job on the
queue whose page tells how it ended; the schedules table speaks in words; partner health follows each real
exchange with the partner."""

import re
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Task

from backoffice.audit import record_exchange
from backoffice.models import Job, PartnerHealth
from backoffice.schedule_runs import RUN_TASK
from backoffice.tasks import run_schedule_job

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
RUN_STOCK = reverse("admin:run_schedule", args=["sync_stock"])


@pytest.fixture(autouse=True)
def schedules():
    call_command("setup_schedules", verbosity=0)


def staff(*permissions, superuser=False):
    from django.contrib.auth.models import User

    user = User.objects.create_user(f"clerk{uuid.uuid4().hex[:6]}", password="pw", is_staff=True,
                                    is_superuser=superuser)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post(client, url):
    client.get(INDEX)  # hands out the CSRF token, as the dashboard does
    return client.post(url, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def schedule_row(html, name):
    return re.search(rf'<tr class="schedule" data-schedule="{name}">(.*?)</tr>', html, re.S).group(1)


def test_without_the_permission_there_is_no_button_and_a_forged_post_is_refused():
    client = staff("orders.sync_tracking")
    html = client.get(INDEX).content.decode()
    assert RUN_STOCK not in html
    assert reverse("admin:run_schedule", args=["innoship_tracking"]) in html  # the one it may run
    assert post(client, RUN_STOCK).status_code == 403
    assert not Job.objects.exists()


def test_the_table_shows_titles_in_words_and_a_run_now_form_that_needs_no_javascript():
    html = staff("suppliers.sync_catalogue").get(INDEX).content.decode()
    row = schedule_row(html, "sync_stock")
    assert "Sync stock from InnoCigs" in row and "sync_stock<" not in row
    assert f'<form method="post" action="{RUN_STOCK}">' in row and 'name="csrfmiddlewaretoken"' in row
    assert 'value="Run now"' in row
    assert "Run now" not in schedule_row(html, "check_partners")


def test_a_run_that_succeeds_ends_succeeded_on_its_job_page(sandbox):
    client = staff("suppliers.sync_catalogue")
    response = post(client, RUN_STOCK)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:backoffice_job_change", args=[job.pk])
    assert (job.task, job.task_kwargs, job.status) == (RUN_TASK, {"schedule": "sync_stock"}, Job.Status.QUEUED)

    run_schedule_job(job.pk, schedule="sync_stock")  # as the worker does
    page = client.get(response.url).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert "job-status-done" in page and "Succeeded:" in page
    assert "Run now: Sync stock from InnoCigs" in page


def test_a_run_that_fails_ends_failed_with_the_partners_sentence(sandbox, settings):
    settings.INNOCIGS_PASSWORD = "not-the-password"
    client = staff("suppliers.sync_catalogue")
    post(client, RUN_STOCK)
    job = Job.objects.get()
    with pytest.raises(Exception, match="Login fehlgeschlagen"):
        run_schedule_job(job.pk, schedule="sync_stock")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("Failed: ") and "Login fehlgeschlagen" in job.message
    page = client.get(reverse("admin:backoffice_job_change", args=[job.pk])).content.decode()
    assert "job-status-failed" in page and "Traceback" not in page


def test_a_second_click_while_it_runs_starts_nothing_and_names_the_running_job():
    client = staff("suppliers.sync_catalogue")
    first = post(client, RUN_STOCK)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    second = client.post(RUN_STOCK, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}, follow=True)
    assert Job.objects.count() == 1
    assert second.redirect_chain[-1][0] == first.url
    [message] = [str(m) for m in second.context["messages"]]
    assert message == (f"Sync stock from InnoCigs is already running as {job}: it was not started again. "
                       "Follow it on its page.")
    assert "running" in schedule_row(client.get(INDEX).content.decode(), "sync_stock")

    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    post(client, RUN_STOCK)
    assert Job.objects.count() == 2  # once it has ended, it may run again


def failed_task(group, result):
    now = timezone.now()
    return Task.objects.create(id=uuid.uuid4().hex, name=f"t-{uuid.uuid4().hex[:8]}", func="x.y", group=group,
                               started=now, stopped=now, success=False, result=result)


def test_a_failure_is_one_sentence_and_only_a_superuser_gets_the_traceback_link():
    task = failed_task("sync_stock", "InnoCigs did not answer within 30 s. : Traceback (most recent call last):\n"
                                     '  File "suppliers/services.py", line 12, in stock_sync\nPartnerError: ...')
    details = reverse("admin:django_q_failure_change", args=[task.pk])
    for client, sees_link in ((staff("suppliers.sync_catalogue"), False), (staff(superuser=True), True)):
        row = schedule_row(client.get(INDEX).content.decode(), "sync_stock")
        assert "InnoCigs did not answer within 30 s." in row
        assert "Traceback" not in row and "services.py" not in row
        assert (details in row) is sees_link


def exchange(status, error=""):
    return record_exchange(partner="innoship", operation="tracking", method="GET",
                           url="https://api.innoship.example/v1/track?key=s3cret", status=status, duration_ms=80,
                           request_body="", response_body="", error=error, related=None, secrets=("s3cret",))


def test_partner_health_follows_the_latest_real_exchange(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exchange(None, error="No reply within 30 s.")
    health = PartnerHealth.objects.get(partner="innoship")
    assert not health.ok and health.detail == "The last call (tracking) got no reply: No reply within 30 s."
    assert health.base_url == "https://api.innoship.example"

    with django_capture_on_commit_callbacks(execute=True):
        exchange(422)  # a refused request: the partner is there and answering
    assert PartnerHealth.objects.get(partner="innoship").ok

    with django_capture_on_commit_callbacks(execute=True):
        exchange(503)
    assert not PartnerHealth.objects.get(partner="innoship").ok


def test_only_a_superuser_sees_the_address_each_check_called(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exchange(200)
    health = lambda client: client.get(INDEX).content.decode().split('id="partner-health"')[1]  # noqa: E731
    assert "at https://api.innoship.example" in health(staff(superuser=True))
    assert "api.innoship.example" not in health(staff("backoffice.check_partners"))


def test_what_a_caller_recorded_after_reading_the_reply_is_not_overwritten_by_the_exchange(
        django_capture_on_commit_callbacks):
    from backoffice.services import partner_health_record

    with django_capture_on_commit_callbacks(execute=True):
        exchange(200)  # InnoCigs, for one, refuses a login inside a 200 reply
        partner_health_record(partner="innoship", ok=False, detail="Login refused")
    health = PartnerHealth.objects.get(partner="innoship")
    assert (health.ok, health.detail) == (False, "Login refused")
