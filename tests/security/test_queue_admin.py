"""django-q2's schedule page: staff change a schedule's timing; only a superuser decides what a schedule runs."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django_q.models import Schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule():
    return Schedule.objects.create(name="check_partners", func="backoffice.tasks.check_partners_task",
                                   schedule_type=Schedule.MINUTES, minutes=60)


def form(schedule, **changes):
    data = {"name": schedule.name, "func": schedule.func, "hook": "", "args": "", "kwargs": "",
            "schedule_type": schedule.schedule_type, "minutes": schedule.minutes, "repeats": -1,
            "next_run_0": "2026-11-24", "next_run_1": "03:00:00", "cron": "", "cluster": "", "intended_date_kwarg": ""}
    return {**data, **changes}


def staff(client):
    user = User.objects.create_user("planner", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_schedule", "change_schedule",
                                                                       "add_schedule"]))
    client.force_login(user)
    return client


def test_staff_change_the_timing_but_not_what_runs(client, schedule):
    staff(client)
    url = reverse("admin:django_q_schedule_change", args=[schedule.pk])
    response = client.post(url, form(schedule, minutes=15, func="os.system", args="'touch /tmp/owned'"))
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule.refresh_from_db()
    assert (schedule.minutes, schedule.func, schedule.args) == (15, "backoffice.tasks.check_partners_task", None)
    assert client.get(reverse("admin:django_q_schedule_add")).status_code == 403


def test_a_superuser_decides_what_a_schedule_runs(admin_client, schedule):
    url = reverse("admin:django_q_schedule_change", args=[schedule.pk])
    response = admin_client.post(url, form(schedule, func="backoffice.tasks.requeue_stale_jobs_task"))
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.func == "backoffice.tasks.requeue_stale_jobs_task"
    assert admin_client.get(reverse("admin:django_q_schedule_add")).status_code == 200
