"""The lifecycle checks each claimed order again before any call, for every partner (not in each adapter)."""

import pytest

from orders.models import OrderLine, Submission
from orders.services.submissions import submission_prepare, submissions_send

from .test_lifecycle import make_order

S = Submission.State


@pytest.mark.django_db
def test_an_order_changed_after_it_was_prepared_is_refused_before_any_call(partner):
    order = make_order("A1")
    submission = submission_prepare(order=order, actor="user:test")
    OrderLine.objects.create(order=order, sku="NOSTOCK", quantity=1, unit_price="9.90")

    [result] = submissions_send(submission_ids=[submission.pk], actor="user:test")

    assert partner.sent == []
    submission.refresh_from_db()
    assert (result.state, submission.state) == (S.REFUSED, S.REFUSED)
    assert submission.message == "not sent: lines[1].sku: no stock for NOSTOCK"
    assert [(e["code"], e["field"]) for e in submission.errors] == [("local", "lines[1].sku")]
    assert [(e.from_state, e.to_state) for e in order.events.all()] == [
        ("", "ready"), ("ready", "sending"), ("sending", "refused")]


@pytest.mark.django_db
def test_a_batch_sends_only_the_orders_that_still_pass(partner):
    orders = [make_order(f"A{i}") for i in range(3)]
    ids = [submission_prepare(order=order, actor="user:test").pk for order in orders]
    OrderLine.objects.create(order=orders[1], sku="NOSTOCK", quantity=1, unit_price="9.90")

    results = submissions_send(submission_ids=ids, actor="user:test")

    assert partner.sent == ["A0", "A2"]
    assert [(r.order_number, r.state) for r in results] == [("A1", S.REFUSED), ("A0", S.ACCEPTED),
                                                            ("A2", S.ACCEPTED)]
