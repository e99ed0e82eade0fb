"""Schedules in code. Every app may have a `schedules.py` with a SCHEDULES list; setup_schedules reads them all."""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    minutes: int | None = None  # run every N minutes, or
    cron: str | None = None  # at the times of this cron expression
    kwargs: dict = field(default_factory=dict)
    help: str = ""


SCHEDULES = [
    ScheduleSpec("check_partners", "backoffice.tasks.check_partners_task", minutes=60,
                 help="Checks each partner connection for the dashboard."),
]


def all_schedules() -> list[ScheduleSpec]:
    found = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.schedules"
        if find_spec(module_name) is not None:
            found.extend(getattr(import_module(module_name), "SCHEDULES", []))
    return found
