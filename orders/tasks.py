"""Queue entry points: load by id, set who is acting, call the service, report progress on the job."""

from django.conf import settings
from django.urls import reverse

from backoffice.actors import acting_as
from backoffice.jobs import job_run
from orders.models import Order
from orders.services.outcomes import outcomes_summary, result_line
from orders.services.privacy import personal_data_purge
from orders.services.reconciling import submissions_reconcile
from orders.services.submissions import orders_submit, submissions_retry_due

JOB_STEP = 25  # orders a bulk submit's job page moves by


def _order_item(result):
    number = getattr(result, "order_number", None)
    order_id = getattr(result, "order_id", None)
    if order_id is None and number:
        order_id = Order.objects.filter(number=number).values_list("pk", flat=True).first()
    if order_id is None:
        return None
    return {"label": number, "outcome": result.state, "url": reverse("admin:orders_order_change", args=[order_id]),
            "list": reverse("admin:orders_order_changelist")}


def _run_job(job_id, work, line=str):
    """Runs `work(actor, on_result)` as a job, a line per order; the job's message sums the outcomes."""
    def orders_work(actor, advance):
        results = work(actor, lambda result: advance(result.ok, line(result), _order_item(result)))
        return outcomes_summary(r.state for r in results)
    return job_run(job_id, orders_work)


def submit_orders_job(job_id, *, order_ids, partner):
    """The admin's bulk submit: the job's page moves by JOB_STEP orders, not once per order."""
    orders = Order.objects.filter(pk__in=order_ids).order_by("pk")

    def orders_work(actor, advance):
        pending = []

        def rows(results):
            # Every JOB_STEP orders: once per request over InnoCigs' XML API, not once per order over REST.
            pending.extend((r.ok, result_line(r), _order_item(r)) for r in results)
            if len(pending) >= JOB_STEP:
                advance.many(pending)
                pending.clear()

        try:
            results = orders_submit(orders=orders, partner=partner, actor=actor, on_results=rows)
        finally:
            advance.many(pending)  # what is settled is on the page, even when the run stops unexpectedly
        return outcomes_summary(r.state for r in results)
    return job_run(job_id, orders_work)


def reconcile_submissions_job(job_id, *, submission_ids):
    return _run_job(job_id, lambda actor, on_result: submissions_reconcile(
        actor=actor, submission_ids=submission_ids, on_result=on_result))


def reconcile_submissions_task(partner=None):
    actor = "schedule:reconcile_submissions"
    results = submissions_reconcile(actor=actor, partner=partner)
    return outcomes_summary((r.state for r in results), empty="no submission with an unknown outcome")


def retry_submissions_task():
    actor = "schedule:retry_submissions"
    results = submissions_retry_due(actor=actor)
    return outcomes_summary((r.state for r in results), empty="nothing due")


def purge_personal_data_task():
    actor = "schedule:purge_personal_data"
    with acting_as(actor):
        return str(personal_data_purge(older_than_days=settings.PERSONAL_DATA_RETENTION_DAYS, actor=actor))
