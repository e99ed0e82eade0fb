"""Whatever Zonos answers, its client returns typed results or raises PartnerError, and whatever order
detail it sends becomes a shop order through the one import, or a clear refusal; nothing else escapes.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from orders.models import Order
from orders.zonos.client import ZonosClient
from orders.zonos.models import ZonosOrder
from orders.zonos.services import zonos_order_import

from . import examples as ex
from .replies import PROPERTY, outcome, serving
from .strategies import garbage, json_bytes, mutated, poisoned

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "order_numbers": lambda c: c.order_numbers(since_date=date(2015, 1, 1)),
    "order_detail": lambda c: c.order_detail("999-99991"),
    "update": lambda c: c.update_merchant_order_id(order_id="999-99991", merchant_order_id="Z999-99991"),
}
DOCUMENTED = [ex.ZONOS_ORDER_NUMBERS, ex.ZONOS_ORDER_DETAIL, ex.ZONOS_UPDATE, *ex.ZONOS_ERRORS]
STATUSES = st.sampled_from([200, 200, 200, 200, 400, 401, 406, 415, 500, 503])


@st.composite
def replies(draw):
    """(operation, body, status)."""
    shape = draw(st.sampled_from(DOCUMENTED))
    body = draw(st.one_of(st.just(json_bytes(shape)), mutated(shape).map(json_bytes), mutated(shape).map(json_bytes),
                          poisoned(shape).map(json_bytes), garbage))
    return draw(st.sampled_from(sorted(OPERATIONS))), body, draw(STATUSES)


def answer(operation, body, status=200):
    client = ZonosClient.from_settings()
    with serving("zonos", body, status=status):
        return outcome(lambda: OPERATIONS[operation](client))


def numbers(**row):
    return json_bytes({"orders": [{"id": "999-99991", "timestamp": "2015-01-01 00:33:14.0", **row}]})


def detail(**order):
    return json_bytes({"order": {**ex.ZONOS_ORDER_DETAIL["order"], **order}})


# Regressions: replies that once escaped as something other than a typed result or a PartnerError.
# OverflowError / ValueError: epoch milliseconds beyond the calendar, or not a number
@example(reply=("order_numbers", numbers(timestamp=1e300), 200))
@example(reply=("order_numbers", numbers(timestamp=float("nan"), orderStatusDate=-1e20), 200))
# ValueError / TypeError: counts that are no numbers
@example(reply=("order_numbers", json_bytes({**ex.ZONOS_ORDER_NUMBERS, "totalCount": "many"}), 200))
@example(reply=("order_numbers", json_bytes({**ex.ZONOS_ORDER_NUMBERS, "orderCount": {}}), 200))
# OverflowError: an infinite quantity; NaN amounts passed as amounts
@example(reply=("order_detail", detail(items=[{"sku": "A", "quantity": float("inf"), "unitPrice": 1}]), 200))
@example(reply=("order_detail", detail(shippingTotal="NaN", grandTotal="Infinity"), 200))
# NUL and lone surrogates in text
@example(reply=("order_detail", detail(name="Jane\x00 Doe", city="\ud800"), 200))
@settings(PROPERTY, max_examples=320)
@given(reply=replies())
def test_any_reply_gives_a_typed_result_or_a_partner_error(partners, reply):
    answer(*reply)


def test_a_timestamp_with_an_offset_is_converted_to_utc_not_relabelled(partners):
    listed = answer("order_numbers", numbers(timestamp="2015-01-01T10:00:00+02:00"))
    assert listed.orders[0].placed_at == datetime(2015, 1, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def listed_order(partners):
    return ZonosOrder.objects.create(zonos_id="999-99991", short_id="99991", sequence=99991,
                                     placed_at=timezone.now(), status="IGLOBAL_ORDER_IN_PROCESS",
                                     last_seen_at=timezone.now())


# The mapping and the import once refused a discount as `quantity 0` or a weight of NaN grams by crashing.
@example(body=detail(items=[{"sku": "A", "quantity": 1, "unitPrice": 1, "weight": "NaN", "weightUnits": "KG"}]))
@example(body=detail(items=[{"sku": "A", "quantity": 1, "unitPrice": "1e30"}]))
@example(body=detail(address1="\u202e12 Rue & <Lac>", name="👩‍👩‍👧 " + "x" * 300))
@settings(PROPERTY, max_examples=150)
@given(body=mutated(ex.ZONOS_ORDER_DETAIL).map(json_bytes))
def test_any_order_detail_is_imported_whole_or_refused_with_a_reason(listed_order, body):
    Order.objects.all().delete()
    with serving("zonos", body):
        result = zonos_order_import(zonos_order=listed_order, actor="test", client=ZonosClient.from_settings())
    assert result.zonos_id == "999-99991" and result.message
    imported = Order.objects.filter(number="Z999-99991").first()
    if result.ok:
        assert imported is not None and imported.lines.exists()
        assert all(line.unit_price >= Decimal(0) for line in imported.lines.all())
    else:
        assert not Order.objects.exists(), "a refused order must leave nothing behind"
        assert result.message.startswith(("not imported", "Zonos says")), result.message
