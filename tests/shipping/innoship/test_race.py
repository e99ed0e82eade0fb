"""Two queue workers and a staff member book the same orders at the same moment: one booking per order."""

import json
import random
import threading

import pytest
from django.db import connection

from backoffice.sandbox import state
from orders.models import Order, Submission
from orders.services.submissions import orders_submit
from shipping.models import Shipment

from .conftest import make_order

ORDERS = 8


@pytest.mark.postgres
def test_concurrent_bookers_book_each_order_exactly_once(innoship):
    numbers = [f"R{i:03d}" for i in range(ORDERS)]
    for number in numbers:
        make_order(number)
    barrier = threading.Barrier(3)
    failures = []

    def book(actor, order_numbers):
        try:
            orders = [Order.objects.get(number=n) for n in order_numbers]
            barrier.wait(timeout=120)
            orders_submit(orders=orders, partner="innoship", actor=actor)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(f"{actor}: {exc!r}")
        finally:
            connection.close()

    shuffled = random.sample(numbers, len(numbers))
    threads = [
        threading.Thread(target=book, args=("task:worker-1", numbers)),
        threading.Thread(target=book, args=("task:worker-2", numbers[::-1])),
        threading.Thread(target=book, args=("user:alice", shuffled)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert failures == []
    booked = [json.loads(r.body)["externalOrderId"] for r in state.received("innoship", "book")]
    assert sorted(booked) == numbers
    assert Submission.objects.filter(state=Submission.State.ACCEPTED).count() == ORDERS
    assert Submission.objects.count() == ORDERS
    assert Shipment.objects.count() == ORDERS
