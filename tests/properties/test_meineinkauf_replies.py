"""Whatever MeinEinkauf.ch answers, its client returns typed results or raises PartnerError.

Covered: registering an order, one order, the order list, one return, the return list, echo; errors.
"""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shipping.meineinkauf.client import MeinEinkaufClient

from . import examples as ex
from .replies import PROPERTY, outcome, serving
from .strategies import deep, garbage, json_bytes, mutated, poisoned

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "register": lambda c: c.register_order({"orderNumber": "A1001"}),
    "order": lambda c: c.order("A1001"),
    "orders": lambda c: c.orders(),
    "return": lambda c: c.return_("6019123456"),
    "returns": lambda c: c.returns(states=("open",)),
    "echo": lambda c: c.echo(),
}
STATUSES = st.sampled_from([200, 200, 200, 201, 201, 400, 401, 404, 422, 422, 500, 503])


@st.composite
def replies(draw):
    """(operation, body, status)."""
    shape = draw(st.sampled_from(sorted(ex.MEINEINKAUF_REPLIES)).map(ex.MEINEINKAUF_REPLIES.get))
    body = draw(st.one_of(st.just(json_bytes(shape)), mutated(shape).map(json_bytes), mutated(shape).map(json_bytes),
                          poisoned(shape).map(json_bytes), garbage))
    return draw(st.sampled_from(sorted(OPERATIONS))), body, draw(STATUSES)


def answer(operation, body, status=200):
    client = MeinEinkaufClient.from_settings()
    with serving("meineinkauf", body, status=status):
        return outcome(lambda: OPERATIONS[operation](client))


def order_reply(**changes):
    return json_bytes({"order": {**ex.MEINEINKAUF_ORDER, **changes}, "success": True, "errors": []})


# Regressions: replies that once escaped as something other than a typed result or a PartnerError.
# RecursionError: a 401 whose body is JSON nested too deeply (read for the refusal's code)
@example(reply=("echo", deep("[", "]", 100_000).encode(), 401))
# OverflowError: an infinite id
@example(reply=("register", json_bytes({"id": float("inf"), "success": True}), 201))
@example(reply=("order", order_reply(id=1e400), 200))
# NUL and lone surrogates in text, and in the extra fields kept as JSON text
@example(reply=("order", order_reply(processingState="exported\x00", comment="\ud800"), 200))
# errors that are no list, or list no objects
@example(reply=("register", json_bytes({"errors": {"code": "E1"}}), 422))
@settings(PROPERTY, max_examples=360)
@given(reply=replies())
def test_any_reply_gives_a_typed_result_or_a_partner_error(partners, reply):
    answer(*reply)


def test_an_order_number_with_an_impossible_date_is_read_without_it(partners):
    order = answer("order", order_reply(created="2019-02-30T14:50:28+01:00", orderDate="2019-13-01"))
    assert (order.id, order.created, order.order_date) == (1234, None, None)


def test_a_registration_whose_test_flag_came_as_text_is_read_as_it_says(partners):
    registration = answer("register", json_bytes({"id": 5, "success": True, "testMode": "false"}), 201)
    assert (registration.id, registration.test_mode) == (5, False)
