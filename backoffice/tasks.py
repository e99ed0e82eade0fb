"""Queue entry points of the shared pieces."""

from backoffice.actors import acting_as
from backoffice.jobs import jobs_requeue_stale, stale_after
from backoffice.services import partners_check


def check_partners_task():
    with acting_as("schedule:check_partners"):
        results = partners_check()
    return ", ".join(f"{r.partner}: {'OK' if r.ok else 'FAILED'}" for r in results)


def requeue_stale_jobs_task():
    # Longer than any task may run (the cluster kills it at Q_TIMEOUT), so a live job is never doubled.
    requeued = jobs_requeue_stale(stale_after=stale_after())
    return f"queued again: {requeued}" if requeued else "no stale job"
