"""A job that a broker lost, or whose worker was killed, is queued again from the database."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.signing import SignedPackage

from backoffice.jobs import job_advance, job_running, job_start, jobs_requeue_stale
from backoffice.models import Job


@pytest.mark.django_db(transaction=True)
def test_a_silent_running_job_is_queued_again_with_its_task_and_ids():
    job = job_start(kind="Submit to InnoCigs", total=2, actor="user:alice", task="orders.tasks.submit_orders_job",
                    order_ids=[1, 2], partner="innocigs")
    job_running(job.pk)
    job_advance(job.pk, ok=True, line="A1: accepted")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    broker = get_broker()
    broker.purge_queue()  # what Redis loses when a worker dies

    assert jobs_requeue_stale(stale_after=timedelta(minutes=15)) == [job.pk]

    job.refresh_from_db()
    assert (job.status, job.requeued, job.done) == ("queued", 1, 0)
    [(_, payload)] = broker.dequeue()
    task = SignedPackage.loads(payload)
    assert task["func"] == "orders.tasks.submit_orders_job"
    assert task["args"] == (job.pk,) and task["kwargs"]["order_ids"] == [1, 2]
    broker.purge_queue()


@pytest.mark.django_db(transaction=True)
def test_live_and_finished_jobs_are_left_alone_and_requeues_are_capped():
    live = job_start(kind="live", total=1, actor="user:a", task="orders.tasks.submit_orders_job")
    job_running(live.pk)
    done = job_start(kind="done", total=1, actor="user:a", task="orders.tasks.submit_orders_job")
    Job.objects.filter(pk=done.pk).update(status="done", heartbeat_at=timezone.now() - timedelta(hours=1))
    assert jobs_requeue_stale(stale_after=timedelta(minutes=15)) == []
    Job.objects.filter(pk=live.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1), requeued=3)
    assert jobs_requeue_stale(stale_after=timedelta(minutes=15)) == []
