"""Two queue workers and the admin action submit the same orders at the same moment: InnoCigs gets each once."""

import threading

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from backoffice.models import Job
from backoffice.sandbox import state
from orders.models import Order, Submission
from orders.tasks import submit_orders_job

from .factories import dropship_requests, make_order, sandbox_book

S = Submission.State


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_each_order_reaches_the_sandbox_exactly_once(sandbox, products, api, settings, monkeypatch):
    settings.INNOCIGS_DROPSHIP_BATCH = 3
    monkeypatch.setattr(state, "_accept_repeats", True)  # InnoCigs would place a repeat: only we can stop it
    numbers = [f"RACE-{i}" for i in range(8)]
    for number in numbers:
        make_order(number)
    order_ids = list(Order.objects.filter(number__in=numbers).order_by("pk").values_list("pk", flat=True))
    # Two queue workers each run a bulk-submit job for the same orders (a double click, a retried task) …
    jobs = [Job.objects.create(kind="Submit to InnoCigs", total=len(numbers), created_by=f"user:worker-{n}",
                               task="orders.tasks.submit_orders_job") for n in (1, 2)]
    # … while a member of staff confirms the admin action on them.
    staff = Client()
    staff.force_login(get_user_model().objects.create_superuser("alice", password="irrelevant-here"))
    start = threading.Barrier(3)
    failures, replies = [], []

    def worker(job):
        try:
            start.wait(timeout=120)
            submit_orders_job(job.pk, order_ids=order_ids, partner="innocigs")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connection.close()  # each worker thread has its own connection

    workers = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in workers:
        thread.start()
    start.wait(timeout=120)
    replies.append(staff.post("/admin/orders/order/", {"action": "submit_innocigs", "post": "yes",
                                                       ACTION_CHECKBOX_NAME: order_ids}))
    for thread in workers:
        thread.join(timeout=300)

    assert failures == [] and replies[0].status_code == 302
    sent = [number for request in dropship_requests() for number in request["numbers"]]
    assert sorted(sent) == numbers
    assert sandbox_book()["placements"] == {number: 1 for number in numbers}
    assert set(Order.objects.filter(number__in=numbers).values_list("status", flat=True)) == {"submitted"}
    assert set(Submission.objects.values_list("state", flat=True)) == {S.ACCEPTED}
    assert Submission.objects.count() == len(numbers)
