"""Progress of long admin actions that run on the queue (see models.Job)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_noop as N_
from django_q.tasks import async_task

from backoffice.actors import acting_as
from backoffice.models import Job
from backoffice.stored_texts import SOURCE_LANGUAGE

MAX_REQUEUES = 3
ALREADY_TAKEN = "not run: another delivery of this task already took the job"


def _enqueue(job):
    transaction.on_commit(lambda: async_task(job.task, job.pk, task_name=f"{job.kind} #{job.pk}", **job.task_kwargs))


def job_start(*, kind, total, actor, task, **task_kwargs):
    """Creates the job and queues `task(job_id, **task_kwargs)` once the surrounding transaction commits."""
    job = Job.objects.create(kind=kind, total=total, created_by=actor, task=task, task_kwargs=task_kwargs)
    _enqueue(job)
    return job


def job_running(job_id) -> bool:
    """Takes a queued job for this run of its task; False when it is running elsewhere or finished.

    A job's task may be delivered more than once (the ORM broker delivers an unfinished task again after
    Q_RETRY, and the sweep below queues a lost one again): only the first delivery of each queuing runs it.
    """
    return bool(Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, heartbeat_at=timezone.now()))


def stale_after():
    """Past the queue's time limit the cluster has stopped any task; past a margin more, its worker is gone."""
    return timedelta(seconds=settings.Q_CLUSTER["timeout"] + settings.Q_STALE_MARGIN)


def jobs_requeue_stale(*, stale_after):
    """Queues again the jobs a broker lost or a killed worker left: queued or silent for `stale_after`.

    The job tasks are idempotent (what was done is skipped), so running one again finishes the work
    without doing anything twice.
    """
    cutoff = timezone.now() - stale_after
    stale = Job.objects.filter(requeued__lt=MAX_REQUEUES).filter(
        models.Q(status=Job.Status.QUEUED, created_at__lt=cutoff, heartbeat_at__isnull=True)
        | models.Q(status=Job.Status.QUEUED, heartbeat_at__lt=cutoff)
        | models.Q(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
    )
    requeued = []
    for job in stale:
        with transaction.atomic():
            taken = Job.objects.filter(pk=job.pk, status=job.status, requeued=job.requeued).update(
                status=Job.Status.QUEUED, requeued=job.requeued + 1, done=0, succeeded=0, failed=0, items=[],
                heartbeat_at=timezone.now(),
                lines=[N_("queued again at %(time)s: the worker stopped before finishing") % {
                    "time": f"{timezone.localtime():%H:%M}"}],
            )
            if taken:
                _enqueue(job)
                requeued.append(job.pk)
    return requeued


def job_advance(job_id, *, ok, line, item=None):
    """One more item done. `item` ({"label", "outcome", "url"}) lets the job's page count outcomes and link it."""
    job_advance_many(job_id, [(ok, line, item)])


def job_advance_many(job_id, rows):
    """Several items done, each `(ok, line, item)` as for job_advance, in one write of the job."""
    if not rows:
        return
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        succeeded = sum(1 for ok, _, _ in rows if ok)
        job.done = F("done") + len(rows)
        job.succeeded = F("succeeded") + succeeded
        job.failed = F("failed") + (len(rows) - succeeded)
        job.lines = [*job.lines, *(line for _, line, _ in rows)]
        job.items = [*job.items, *({**item, "ok": ok} for ok, _, item in rows if item is not None)]
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["done", "succeeded", "failed", "lines", "items", "heartbeat_at"])


def job_finish(job_id, *, message="", failed=False):
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED if failed else Job.Status.DONE, message=message, finished_at=timezone.now()
    )


class JobStopped(Exception):  # noqa: N818 - an outcome the work reports, not a crash
    """Raised by a job's work to end it as failed with a message for the job's page (nothing unexpected)."""


def job_run(job_id, work):
    """The body of every job task: `work(actor, advance)` runs once per queuing, as the person who started it.

    `advance(ok, line, item=None)` adds a line to the job's page (`item`: see job_advance), and
    `advance.many(rows)` several at once; `work` returns the job's closing message or raises JobStopped. A
    second delivery of the task (see job_running) does nothing and says so.
    """
    actor = Job.objects.values_list("created_by", flat=True).get(pk=job_id)
    if not job_running(job_id):
        return ALREADY_TAKEN

    def advance(ok, line, item=None):
        job_advance(job_id, ok=ok, line=line, item=item)

    advance.many = lambda rows: job_advance_many(job_id, rows)

    # What a job writes is stored in English and said in the reader's language on its page.
    with acting_as(actor), translation.override(SOURCE_LANGUAGE):
        try:
            message = work(actor, advance)
        except JobStopped as exc:
            job_finish(job_id, message=str(exc), failed=True)
            return str(exc)
        except Exception as exc:
            job_finish(job_id, message=N_("stopped by an unexpected %(error)s; see the queue's failed tasks. What "
                                          "is already reported above is settled.") % {"error": type(exc).__name__},
                       failed=True)
            raise
    job_finish(job_id, message=message)
    return message


@dataclass(frozen=True)
class RunOrQueue:
    job: Job | None = None  # set when the work went to the queue
    result: object = None  # what the work returned when it ran at once


def run_or_queue(*, total, limit, actor, kind, task, run, **task_kwargs):
    """An admin's bulk action: up to `limit` items `run()` now as `actor`; more go to the queue as a Job.

    `task(job_id, **task_kwargs)` is the queued form of the same work (its body calls job_run).
    """
    if total > limit:
        return RunOrQueue(job=job_start(kind=kind, total=total, actor=actor, task=task, **task_kwargs))
    # Run now or queued, what the work stores is written in English (as a job writes it) and said in the reader's
    # language where it is shown.
    with acting_as(actor), translation.override(SOURCE_LANGUAGE):
        return RunOrQueue(result=run())
