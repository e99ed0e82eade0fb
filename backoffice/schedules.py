"""Schedules in code. A partner's are in its PartnerSpec (`schedules`); every core app may have `schedules.py`
modules (in the app, or in a package inside it) with a SCHEDULES list. setup_schedules reads them all."""

import pkgutil
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from backoffice.registry import PartnerAppConfig, partner_spec

# Packages that never hold schedules; not walking them keeps discovery from importing anything else.
_SKIPPED = frozenset({"migrations", "management", "templatetags", "tests"})


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    minutes: int | None = None  # run every N minutes, or
    cron: str | None = None  # at the times of this cron expression
    kwargs: dict = field(default_factory=dict)
    help: str = ""
    title: str = field(kw_only=True)  # what staff read on the dashboard, in words
    permission: str = field(kw_only=True)  # "app_label.codename" a person needs to run it now from the admin


SCHEDULES = [
    ScheduleSpec("check_partners", "backoffice.tasks.check_partners_task",
                 title=_("Check partner connections"), permission="backoffice.check_partners",
                 minutes=60,
                 help="Checks each partner connection for the dashboard."),
    ScheduleSpec("requeue_stale_jobs", "backoffice.tasks.requeue_stale_jobs_task",
                 title=_("Queue again the jobs a worker left unfinished"), permission="backoffice.resubmit_tasks",
                 minutes=5,
                 help="Queues again the admin jobs a broker lost or a killed worker left unfinished."),
    ScheduleSpec("database_statistics", "backoffice.maintenance.database_statistics",
                 title=_("Renew the database's statistics"), permission="backoffice.resubmit_tasks",
                 cron="40 3 * * *",
                 help="SQLite: ANALYZE, so its planner uses the right indexes (PostgreSQL's autovacuum does this)."),
]


def _schedule_modules(package, path, partners):
    """Dotted names of the `schedules` modules in a package and the packages inside it, found without importing;
    a partner package inside it is left out (its spec has its schedules)."""
    for info in pkgutil.iter_modules([str(path)]):
        if info.ispkg and info.name not in _SKIPPED and f"{package}.{info.name}" not in partners:
            yield from _schedule_modules(f"{package}.{info.name}", Path(path) / info.name, partners)
        elif not info.ispkg and info.name == "schedules":
            yield f"{package}.{info.name}"


def all_schedules() -> list[ScheduleSpec]:
    found = []
    configs = apps.get_app_configs()
    partners = {app.name for app in configs if isinstance(app, PartnerAppConfig)}
    for app in configs:
        if isinstance(app, PartnerAppConfig):
            found.extend(partner_spec(app.partner).schedules)
        elif Path(app.path).resolve().parent == Path(settings.BASE_DIR).resolve():  # one of this project's apps
            for module_name in sorted(_schedule_modules(app.name, app.path, partners)):
                found.extend(getattr(import_module(module_name), "SCHEDULES", []))
    return found


def schedule_spec(name) -> ScheduleSpec | None:
    return next((spec for spec in all_schedules() if spec.name == name), None)
