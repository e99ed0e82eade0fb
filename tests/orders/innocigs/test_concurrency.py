"""Two queue workers and the admin action submit the same orders at the same moment: InnoCigs gets each once."""

import threading

import pytest
from django.db import connection

from orders.models import Order, Submission
from orders.services.submissions import orders_submit

from .factories import dropship_requests, make_order, sandbox_book

S = Submission.State


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_each_order_reaches_the_sandbox_exactly_once(sandbox, products, api, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and truly concurrent transactions")
    settings.INNOCIGS_DROPSHIP_BATCH = 3
    numbers = [f"RACE-{i}" for i in range(8)]
    for number in numbers:
        make_order(number)
    start = threading.Barrier(3)
    results, failures = [], []

    def submit(actor):
        try:
            orders = list(Order.objects.filter(number__in=numbers).order_by("number"))
            start.wait(timeout=10)
            results.extend(orders_submit(orders=orders, partner="innocigs", actor=actor))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    def worker(name):
        try:
            submit(f"schedule:{name}")
        finally:
            connection.close()  # each worker thread has its own connection

    workers = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in workers:
        thread.start()
    submit("user:alice")  # the admin action, in this thread
    for thread in workers:
        thread.join(timeout=60)

    assert failures == []
    sent = [number for request in dropship_requests() for number in request["numbers"]]
    assert sorted(sent) == numbers
    assert sorted(sandbox_book()["dropships"]) == numbers
    assert sorted(r.order_number for r in results if r.state == S.ACCEPTED) == numbers
    assert set(Submission.objects.values_list("state", flat=True)) == {S.ACCEPTED}
    assert Submission.objects.count() == len(numbers)
