"""Whatever an import holds, it ends in a report: never an exception, never half an order."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orders.models import Address, Order, OrderLine
from orders.services.importing import orders_import
from tests.orders.test_importing import BASE

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.decimals() | st.text(max_size=80),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated_orders(draw):
    order = copy.deepcopy(BASE)
    # The nested objects are picked before any change, so replacing one (e.g. the lines) never hides another.
    targets = [order, order["shipping_address"], order["lines"][0], order["lines"][1]]
    for _ in range(draw(st.integers(1, 4))):
        node = draw(st.sampled_from(targets))
        key = draw(st.sampled_from([*node.keys(), "extra"]) | st.text(max_size=8))
        node[key] = draw(json_values)
    return order


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(orders=st.lists(mutated_orders() | json_values, min_size=1, max_size=3))
@pytest.mark.django_db
def test_any_payload_gives_a_report_and_each_order_is_whole_or_absent(orders):
    Order.objects.all().delete()
    Address.objects.all().delete()
    report = orders_import(payload={"orders": orders}, actor="test")
    assert len(report.results) == len(orders)
    for result in report.results:
        assert result.outcome in ("created", "error")
        if result.outcome == "error":
            assert result.problems and all(message.startswith(result.label) for message in result.messages())
    orders = list(Order.objects.prefetch_related("lines"))
    assert len(orders) == len(report.created)
    assert all(order.lines.all() for order in orders)
    # nothing of a refused order was left behind
    assert Address.objects.count() == sum(1 + (order.billing_address_id is not None) for order in orders)
    assert OrderLine.objects.count() == sum(len(order.lines.all()) for order in orders)
