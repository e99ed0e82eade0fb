"""A job's task delivered twice runs once, and the sweeps' "stale" follows the queue's limits (Q_STALE_MARGIN)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice.jobs import ALREADY_TAKEN, job_start, jobs_requeue_stale, stale_after
from backoffice.models import Job
from backoffice.tasks import requeue_stale_jobs_task
from orders.models import Address, Order, Submission
from orders.services.reconciling import submissions_reconcile
from orders.tasks import submit_orders_job

S = Submission.State


def unsendable_orders(*numbers):
    """Orders the lifecycle skips without calling anyone (no lines), so a job over them is quick and local."""
    return [Order.objects.create(number=n, placed_at="2026-11-20", route="innocigs",
                                 shipping_address=Address.objects.create(first_name="J", last_name="D"))
            for n in numbers]


def submit_job(orders):
    return job_start(kind="Submit to InnoCigs", total=len(orders), actor="user:alice",
                     task="orders.tasks.submit_orders_job", order_ids=[o.pk for o in orders], partner="innocigs")


@pytest.mark.django_db
def test_a_second_delivery_of_a_finished_job_leaves_it_alone():
    orders = unsendable_orders("J1", "J2")
    job = submit_job(orders)
    assert submit_orders_job(job.pk, order_ids=[o.pk for o in orders], partner="innocigs") == "2 skipped"
    finished = Job.objects.get(pk=job.pk)

    # The ORM broker delivers a task again after Q_RETRY when no worker acknowledged it.
    assert submit_orders_job(job.pk, order_ids=[o.pk for o in orders], partner="innocigs") == ALREADY_TAKEN
    job.refresh_from_db()
    assert (job.status, job.done, job.lines, job.message) == ("done", 2, finished.lines, finished.message)


@pytest.mark.django_db
def test_a_killed_job_runs_again_only_once_it_is_queued_again():
    orders = unsendable_orders("K1")
    job = submit_job(orders)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(hours=1))

    # The broker's own redelivery of the killed run's task does nothing: the job is not queued.
    assert submit_orders_job(job.pk, order_ids=[orders[0].pk], partner="innocigs") == ALREADY_TAKEN
    assert jobs_requeue_stale(stale_after=timedelta(minutes=15)) == [job.pk]
    assert submit_orders_job(job.pk, order_ids=[orders[0].pk], partner="innocigs") == "1 skipped"
    job.refresh_from_db()
    assert (job.status, job.requeued, job.done) == ("done", 1, 1)


def test_stale_is_the_queue_time_limit_plus_the_margin(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 60}
    settings.Q_STALE_MARGIN = 10
    assert stale_after() == timedelta(seconds=70)


@pytest.mark.django_db
def test_the_sweeps_take_what_is_older_than_stale_and_leave_what_is_younger(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 60}
    settings.Q_STALE_MARGIN = 10
    old, young = unsendable_orders("S1", "S2")
    now = timezone.now()
    # A claim is swept when its lease ran out, however old the claim: the sender renews it per request.
    for order, seconds, lease in ((old, 75, -1), (young, 65, 5)):
        Submission.objects.create(order=order, partner="innocigs", reference=order.number, created_by="test",
                                  state=S.SENDING, sending_since=now - timedelta(seconds=seconds),
                                  lease_until=now + timedelta(seconds=lease))
    old_job, young_job = submit_job([old]), submit_job([young])
    Job.objects.filter(pk=old_job.pk).update(status="running", heartbeat_at=now - timedelta(seconds=75))
    Job.objects.filter(pk=young_job.pk).update(status="running", heartbeat_at=now - timedelta(seconds=65))

    assert requeue_stale_jobs_task() == f"queued again: [{old_job.pk}]"
    submissions_reconcile(actor="schedule:reconcile_submissions", submission_ids=[])  # the sweep, nothing settled
    assert old.submissions.get().state == S.UNKNOWN
    assert young.submissions.get().state == S.SENDING
