"""Progress of long admin actions that run on the queue (see models.Job)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_q.tasks import async_task

from backoffice.models import Job


def job_start(*, kind, total, actor, task, **task_kwargs):
    """Creates the job and queues `task(job_id, **task_kwargs)` once the surrounding transaction commits."""
    job = Job.objects.create(kind=kind, total=total, created_by=actor)
    transaction.on_commit(lambda: async_task(task, job.pk, task_name=f"{kind} #{job.pk}", **task_kwargs))
    return job


def job_running(job_id):
    Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING)


def job_advance(job_id, *, ok, line):
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        job.done = F("done") + 1
        job.succeeded = F("succeeded") + (1 if ok else 0)
        job.failed = F("failed") + (0 if ok else 1)
        job.lines = [*job.lines, line]
        job.save(update_fields=["done", "succeeded", "failed", "lines"])


def job_finish(job_id, *, message="", failed=False):
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED if failed else Job.Status.DONE, message=message, finished_at=timezone.now()
    )
