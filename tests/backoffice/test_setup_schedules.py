"""`manage.py setup_schedules`: creates every schedule by name, any number of times, keeping staff's timing."""

import ast
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_q.models import Schedule

from backoffice import schedules
from backoffice.schedules import ScheduleSpec, all_schedules

pytestmark = pytest.mark.django_db
WORDS = {"title": "A schedule", "permission": "backoffice.check_partners"}


def setup():
    out = StringIO()
    call_command("setup_schedules", stdout=out)
    return out.getvalue().splitlines()


def snapshot():
    return list(Schedule.objects.order_by("name").values("id", "name", "func", "kwargs", "schedule_type", "minutes",
                                                          "cron", "repeats"))


@pytest.fixture
def specs(monkeypatch):
    """Replaces the back-office's own schedules; other apps' schedules still come along."""

    def use(*new):
        monkeypatch.setattr(schedules, "SCHEDULES", list(new))

    return use


def test_running_twice_changes_nothing_and_says_unchanged():
    first = setup()
    rows = snapshot()
    second = setup()
    assert snapshot() == rows
    assert len(rows) == len(all_schedules()) >= 1
    assert "created   check_partners: every 60 min" in first
    assert "unchanged check_partners: every 60 min" in second
    *each, summary = second
    assert all(line.startswith("unchanged ") for line in each)
    assert summary == f"Schedules: {len(rows)} unchanged."


def test_the_partner_check_runs_hourly_for_ever():
    setup()
    schedule = Schedule.objects.get(name="check_partners")
    assert (schedule.func, schedule.schedule_type, schedule.minutes, schedule.repeats) == (
        "backoffice.tasks.check_partners_task", Schedule.MINUTES, 60, -1)


def test_timing_changed_by_staff_is_kept():
    setup()
    Schedule.objects.filter(name="check_partners").update(schedule_type=Schedule.CRON, cron="15 6 * * 1-5")
    assert "unchanged check_partners: 15 6 * * 1-5" in setup()
    schedule = Schedule.objects.get(name="check_partners")
    assert (schedule.schedule_type, schedule.cron) == (Schedule.CRON, "15 6 * * 1-5")


def test_a_changed_task_is_brought_up_to_date_and_the_timing_kept(specs):
    setup()
    Schedule.objects.filter(name="check_partners").update(minutes=15)
    specs(ScheduleSpec("check_partners", "backoffice.services.partners_check", minutes=60, **WORDS))
    assert "updated   check_partners: every 15 min" in setup()
    schedule = Schedule.objects.get(name="check_partners")
    assert (schedule.func, schedule.minutes) == ("backoffice.services.partners_check", 15)
    assert Schedule.objects.filter(name="check_partners").count() == 1


def test_keyword_arguments_are_stored_as_django_q_reads_them_and_stay_unchanged(specs):
    specs(ScheduleSpec("purge", "backoffice.tasks.check_partners_task", cron="0 3 * * *", kwargs={"days": 30}, **WORDS))
    assert "created   purge: 0 3 * * *" in setup()
    schedule = Schedule.objects.get(name="purge")
    assert ast.literal_eval(schedule.kwargs) == {"days": 30}  # what django-q2's scheduler does with it
    assert (schedule.schedule_type, schedule.cron) == (Schedule.CRON, "0 3 * * *")
    assert "unchanged purge: 0 3 * * *" in setup()
    specs(ScheduleSpec("purge", "backoffice.tasks.check_partners_task", cron="0 3 * * *", kwargs={"days": 7}, **WORDS))
    assert "updated   purge: 0 3 * * *" in setup()
    assert ast.literal_eval(Schedule.objects.get(name="purge").kwargs) == {"days": 7}


def test_every_schedule_in_code_is_well_formed():
    found = all_schedules()
    names = [spec.name for spec in found]
    assert len(names) == len(set(names)), "two schedules share a name"
    for spec in found:
        assert callable(import_string(spec.func)), spec.func
        assert (spec.minutes is None) != (spec.cron is None), f"{spec.name}: give minutes or cron"
        assert spec.help, f"{spec.name}: say what it does"


def test_schedules_are_found_in_packages_inside_an_app_but_not_outside_the_project(tmp_path, monkeypatch, settings):
    def module(relative, name=None):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "from backoffice.schedules import ScheduleSpec\n"
        if name:
            body += f"SCHEDULES = [ScheduleSpec({name!r}, 'x.y', minutes=5, title='T', permission='a.b')]\n"
        path.write_text(body)

    for package in ("shopapp", "shopapp/zonos", "shopapp/zonos/deep", "shopapp/migrations", "elsewhere/lib"):
        module(f"{package}/__init__.py")
    module("shopapp/schedules.py", "top")
    module("shopapp/zonos/schedules.py", "nested")
    module("shopapp/zonos/deep/schedules.py", "deeper")
    module("shopapp/migrations/schedules.py", "never")
    module("elsewhere/lib/schedules.py", "not-ours")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(tmp_path / "elsewhere"))
    settings.BASE_DIR = tmp_path
    project_app = type("App", (), {"name": "shopapp", "path": str(tmp_path / "shopapp")})
    library_app = type("App", (), {"name": "lib", "path": str(tmp_path / "elsewhere" / "lib")})
    monkeypatch.setattr(schedules.apps, "get_app_configs", lambda: [project_app, library_app])
    assert sorted(spec.name for spec in all_schedules()) == ["deeper", "nested", "top"]
