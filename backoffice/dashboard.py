"""What the admin index shows at a glance. Each app contributes figures through a `dashboard_figures()`."""

import logging
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.module_loading import import_string
from django_q.models import Schedule, Task

from backoffice.counting import counts_shared
from backoffice.inbox import inbox
from backoffice.models import PartnerHealth
from backoffice.partners import PARTNERS
from backoffice.registry import partner_specs
from backoffice.schedule_runs import failure_sentence, schedules_running_jobs
from backoffice.schedules import all_schedules

log = logging.getLogger(__name__)

# Each returns a list of Figure; the apps own their queries. The core apps are fixed; each partner's come from
# its PartnerSpec, so a new partner adds its figures without an edit here.
CORE_FIGURE_SOURCES = [
    "orders.selectors.dashboard_figures",
    "suppliers.selectors.dashboard_figures",
    "shipping.selectors.dashboard_figures",
]


def figure_sources() -> list[str]:
    return [*CORE_FIGURE_SOURCES, *(spec.figures for spec in partner_specs() if spec.figures)]


@dataclass(frozen=True)
class Figure:
    group: str
    label: str
    count: int
    url: str
    tone: str = ""  # "", "warn" or "alert": how loudly the figure asks for attention when non-zero


@dataclass(frozen=True)
class ScheduleRow:
    schedule: Schedule
    title: str
    last_success: object
    last_failure: object
    failure_message: str  # one sentence; the traceback stays on the queue's task page
    failure_task_id: str | None
    can_run: bool
    running_job: object


def figures():
    """Every app's figures, and the sources that failed. A failing source is logged with its traceback and
    named on the dashboard, so one broken count never takes the whole admin index down."""
    found, failed = [], []
    for source in figure_sources():
        try:
            found.extend(import_string(source)())
        except Exception:
            log.exception("Dashboard figures from %s failed.", source)
            failed.append(source)
    return found, failed


def schedule_rows(user=None):
    specs = {spec.name: spec for spec in all_schedules()}
    running = schedules_running_jobs()
    tasks = Task.objects.filter(group=OuterRef("name")).order_by("-stopped")
    schedules = Schedule.objects.order_by("name").annotate(
        last_success=Subquery(tasks.filter(success=True).values("stopped")[:1]),
        last_failure=Subquery(tasks.filter(success=False).values("stopped")[:1]),
        last_failure_id=Subquery(tasks.filter(success=False).values("id")[:1]),
    )
    rows = []
    failure_ids = [s.last_failure_id for s in schedules if s.last_failure_id]
    failures = {t.id: t for t in Task.objects.filter(id__in=failure_ids)}
    for s in schedules:
        failure = failures.get(s.last_failure_id)
        message = failure_sentence(failure.result) if failure is not None else ""
        spec = specs.get(s.name)
        can_run = spec is not None and user is not None and user.has_perm(spec.permission)
        rows.append(ScheduleRow(s, spec.title if spec else s.name, s.last_success, s.last_failure, message,
                                s.last_failure_id, can_run, running.get(s.name) if can_run else None))
    return sorted(rows, key=lambda row: str(row.title))


def health_rows():
    known = {h.partner: h for h in PartnerHealth.objects.all()}
    return [(label, known.get(partner)) for partner, label in PARTNERS.items()]


def dashboard_context(user=None):
    with counts_shared():
        rows, more, inbox_failed = inbox()
        found, failed = figures()
    groups = {}
    for figure in found:
        groups.setdefault(str(figure.group), []).append(figure)
    return {"inbox_rows": rows, "inbox_more": more, "inbox_errors": inbox_failed,
            "figure_groups": groups, "figure_errors": failed, "schedule_rows": schedule_rows(user),
            "health_rows": health_rows()}
