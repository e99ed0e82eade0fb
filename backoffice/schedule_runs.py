"""Running a schedule now from the admin: one job per schedule at a time, on the queue, with its page."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_q.models import Schedule

from backoffice.jobs import job_start
from backoffice.models import Job

RUN_TASK = "backoffice.tasks.run_schedule_job"
_TRACEBACK = " : Traceback (most recent call last)"


class AlreadyRunning(Exception):
    def __init__(self, job):
        super().__init__(str(job))
        self.job = job


def _unfinished():
    return Job.objects.filter(task=RUN_TASK, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])


def schedule_running_job(*, name):
    return _unfinished().filter(task_kwargs__schedule=name).first()


def schedules_running_jobs() -> dict:
    """The unfinished run-now job of each schedule that has one, by schedule name."""
    return {job.task_kwargs.get("schedule"): job for job in _unfinished().order_by("created_at")}


def schedule_run_start(*, spec, actor):
    """Queues the schedule's function as a job; AlreadyRunning names the job when one is queued or running."""
    with transaction.atomic():
        # Locking the schedule's row makes a double click wait for the first one, which then sees its job.
        list(Schedule.objects.select_for_update().filter(name=spec.name))
        running = schedule_running_job(name=spec.name)
        if running is not None:
            raise AlreadyRunning(running)
        return job_start(kind=(_("Run now: %(title)s") % {"title": spec.title})[:60], total=1, actor=actor,
                         task=RUN_TASK, schedule=spec.name)


def failure_sentence(result) -> str:
    """The exception's message of a failed queue task, without its traceback."""
    text = str(result or "").split(_TRACEBACK, 1)[0].strip()
    first = text.splitlines()[0].strip() if text else ""
    return first[:300] or _("It stopped with an error that gave no message.")
