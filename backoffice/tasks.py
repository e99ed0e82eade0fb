"""Queue entry points of the shared pieces."""

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from backoffice.actors import acting_as
from backoffice.jobs import ALREADY_TAKEN, job_advance, job_finish, job_running, jobs_requeue_stale, stale_after
from backoffice.schedules import schedule_spec
from backoffice.services import partners_check


def check_partners_task():
    with acting_as("schedule:check_partners"):
        results = partners_check()
    return ", ".join(f"{r.partner}: {'OK' if r.ok else 'FAILED'}" for r in results)


def requeue_stale_jobs_task():
    # Longer than any task may run (the cluster kills it at Q_TIMEOUT), so a live job is never doubled.
    requeued = jobs_requeue_stale(stale_after=stale_after())
    return f"queued again: {requeued}" if requeued else "no stale job"


def run_schedule_job(job_id, *, schedule):
    """A schedule run from the admin ("Run now"): its function, with the job telling how it ended."""
    if not job_running(job_id):
        return ALREADY_TAKEN
    spec = schedule_spec(schedule)
    if spec is None:
        job_finish(job_id, message=_("This schedule no longer exists."), failed=True)
        return None
    try:
        result = import_string(spec.func)(**spec.kwargs)
    except Exception as exc:
        sentence = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        job_advance(job_id, ok=False, line=sentence)
        job_finish(job_id, message=_("Failed: %(sentence)s") % {"sentence": sentence}, failed=True)
        raise  # the queue keeps the traceback among its failed tasks
    outcome = str(result if result is not None else _("finished"))[:500]
    job_advance(job_id, ok=True, line=outcome)
    job_finish(job_id, message=_("Succeeded: %(outcome)s") % {"outcome": outcome})
    return outcome
