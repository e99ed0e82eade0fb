"""The three ways "never sent twice" broke against a partner that books a repeat, each reproduced.

Innoship books whatever it is sent (its document promises no check of our order number), so these count
what reached it and what it booked; the sandbox does not protect us. A fault proxy between the back-office
and the sandbox slows replies down or holds a request back, as a slow courier API or a gateway would.
"""

import json
import threading
import time
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.urls import reverse

from backoffice.sandbox import held_replies, state
from backoffice.transactions import InsideTransaction
from orders.models import Order, Submission
from orders.services.reconciling import submissions_reconcile
from orders.services.submissions import orders_submit
from tests.faults.proxy import FaultProxy
from tests.security.test_permissions import order_page_action_post, staff_client
from tests.shipping.innoship.conftest import make_order

S = Submission.State


def booked():
    """How often Innoship booked each of our order numbers."""
    return Counter(json.loads(r.body).get("externalOrderId") for r in state.received("innoship", "book"))


def wait_for(condition, what, deadline=60):
    """Polls until `condition()` holds; a slow machine only makes it take longer."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def proxied(innoship, settings):
    """Innoship reached through a fault proxy in front of the sandbox."""
    with FaultProxy("127.0.0.1", urlsplit(settings.INNOSHIP_BASE_URL).port) as proxy:
        settings.INNOSHIP_BASE_URL = f"{proxy.url}/sandbox/innoship"
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]  # requests through the proxy keep its address
        yield proxy


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_sweep_beside_a_slow_sender_takes_no_claim_from_it(innoship, settings):
    # Limits scaled down: a claim not renewed lasts 2 + 5 + 1 = 8 s; the old rule swept it after 4 + 1 s.
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 4}
    settings.Q_STALE_MARGIN = 1
    settings.INNOSHIP_TIMEOUT = (2.0, 5.0)
    numbers = [f"SW{i:02d}" for i in range(8)]
    for number in numbers:
        make_order(number)
    held_replies.set_latency("innoship", 1.5)  # every booking answers 1.5 s late: the round takes over 12 s
    finished = threading.Event()
    failures = []

    def sender():
        try:
            orders_submit(orders=list(Order.objects.filter(number__in=numbers).order_by("number")),
                          partner="innoship", actor="command:submit_orders")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(repr(exc))
        finally:
            finished.set()
            connection.close()

    thread = threading.Thread(target=sender)
    thread.start()
    # Beside it, the reconcile schedule runs again and again, and staff submit whatever it frees.
    def staff_submit_what_is_freed():
        freed = Order.objects.filter(number__in=numbers, submissions__state=S.READY, submissions__retry_at=None)
        orders_submit(orders=list(freed.distinct()), partner="innoship", actor="user:alice")

    while not finished.is_set():
        submissions_reconcile(actor="schedule:reconcile_submissions")
        finished.wait(0.2)
    thread.join()
    staff_submit_what_is_freed()  # what reconcile said the partner never received
    assert failures == []
    assert booked() == Counter({number: 1 for number in numbers})
    assert Submission.objects.filter(state=S.ACCEPTED).count() == len(numbers)
    assert Submission.objects.count() == len(numbers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_request_that_arrives_after_the_client_gave_up_is_booked_once(proxied, settings):
    settings.INNOSHIP_TIMEOUT = (2.0, 0.5)
    order = make_order("LATE1")
    proxied.set("hold_request", delay=1.5, times=1)  # a gateway delivers the booking after the client gave up
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:alice")
    assert result.state == S.UNKNOWN and proxied.forwarded == 0
    # Staff reconcile at once and book again whatever it frees: it frees nothing, and asks nothing yet.
    [settled] = submissions_reconcile(actor="user:alice")
    assert settled.state == S.UNKNOWN and "waiting until" in settled.message
    assert state.received("innoship", "lookup") == []
    assert [r.state for r in orders_submit(orders=[order], partner="innoship", actor="user:alice")] == ["skipped"]
    wait_for(lambda: proxied.forwarded == 1 and booked()["LATE1"] == 1, "the held request to arrive")
    submission = order.submissions.get()
    settings.INNOSHIP_TIMEOUT = (2.0, 5.0)
    [settled] = submissions_reconcile(actor="schedule:reconcile_submissions",
                                      now=submission.settle_after + timedelta(seconds=1))
    assert settled.state == S.ACCEPTED
    assert booked() == Counter({"LATE1": 1})
    awb = order.submissions.get().partner_reference
    assert list(order.shipments.values_list("tracking_code", flat=True)) == [awb]


@pytest.mark.django_db
def test_the_order_page_never_calls_a_partner_inside_its_transaction(innoship):
    order = make_order("PAGE1")
    client = staff_client("orders.view_order", "orders.book_innoship", "orders.reconcile_submissions")
    page = reverse("admin:orders_order_change", args=[order.pk])
    client.get(page)
    token = client.cookies["csrftoken"].value
    # Even the confirmed form, posted to the order page itself, only shows the confirmation again; its form
    # posts to the list, outside the page's transaction.
    response = client.post(page, {**order_page_action_post("book_innoship", order), "csrfmiddlewaretoken": token})
    html = response.content.decode()
    assert response.status_code == 200 and f'action="{reverse("admin:orders_order_changelist")}"' in html
    assert state.received("innoship") == [] and not order.submissions.exists()
    # The service itself refuses to run inside someone else's transaction, before anything is written or sent.
    with transaction.atomic(), pytest.raises(InsideTransaction):
        orders_submit(orders=[order], partner="innoship", actor="user:alice")
    assert state.received("innoship") == [] and not order.submissions.exists()


@pytest.mark.django_db
def test_reconcile_from_the_order_page_leads_to_the_list(innoship):
    order = make_order("PAGE2")
    Submission.objects.create(order=order, partner="innoship", reference="PAGE2", created_by="test",
                              state=S.UNKNOWN)
    client = staff_client("orders.view_order", "orders.reconcile_submissions")
    page = reverse("admin:orders_order_change", args=[order.pk])
    client.get(page)
    response = client.post(page, {**order_page_action_post("reconcile_unknown", order),
                                  "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    html = response.content.decode()
    assert 'value="reconcile_unknown"' in html and f'action="{reverse("admin:orders_order_changelist")}"' in html
    assert state.received("innoship") == []
