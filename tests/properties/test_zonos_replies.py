"""Whatever Zonos answers, its client returns typed results or raises PartnerError, and whatever order
detail it sends becomes a shop order through the one import, or a clear refusal; nothing else escapes. An
orderNumbers reply built from known values reads back as exactly those values.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from orders.models import Order
from orders.zonos.client import Address, Item, OrderDetail, OrderNumber, OrderNumbers, ZonosClient
from orders.zonos.models import ZonosOrder
from orders.zonos.services import zonos_order_import

from . import examples as ex
from .replies import PROPERTY, outcome, serving
from .strategies import garbage, json_bytes, mutated, poisoned, words

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


# Round trip: an orderNumbers reply built from known values, as Zonos sends it, reads back as them.
tenths = st.datetimes(datetime(2010, 1, 1), datetime(2099, 1, 1)).map(
    lambda moment: moment.replace(microsecond=moment.microsecond // 100_000 * 100_000, tzinfo=UTC))
millis = st.datetimes(datetime(2010, 1, 1), datetime(2099, 1, 1)).map(
    lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000, tzinfo=UTC))
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STATUSES_SENT = ["IGLOBAL_FRAUD_REVIEW", "IGLOBAL_ORDER_IN_PROCESS", "IGLOBAL_ORDER_ON_HOLD",
                 "IGLOBAL_ORDER_CANCELLED", "VENDOR_PREPARING_ORDER", "A_STATUS_NOT_IN_THE_DOC"]


@st.composite
def listed_orders(draw, with_statuses):
    order_id = draw(st.from_regex(r"([0-9]{1,6}-)?[0-9]{1,12}", fullmatch=True))
    placed_at, test_order = draw(st.none() | tenths), draw(st.booleans())
    if not with_statuses:
        return OrderNumber(order_id, placed_at, test_order)
    return OrderNumber(order_id, placed_at, test_order, draw(st.sampled_from(STATUSES_SENT)), draw(millis),
                       draw(st.just("") | st.from_regex(r"Z[0-9]{3}-[0-9]{1,8}", fullmatch=True)))


def listed_json(order):
    row = {"testOrder": order.test_order, "id": order.order_id,
           "timestamp": f"{order.placed_at:%Y-%m-%d %H:%M:%S}.{order.placed_at.microsecond // 100_000}"
           if order.placed_at else None}
    if order.status is not None:
        row.update(orderStatus=order.status, orderStatusDate=(order.status_date - EPOCH) // timedelta(milliseconds=1),
                   orderStatusDateString=f"{order.status_date:%Y-%m-%d %H:%M:%S}.0",
                   merchantOrderId=order.merchant_order_id or None)
    return row


@PROPERTY
@given(data=st.data(), with_statuses=st.booleans(), counted=st.booleans())
def test_an_order_numbers_reply_reads_back_as_the_orders_sent(partners, data, with_statuses, counted):
    orders = tuple(data.draw(st.lists(listed_orders(with_statuses), max_size=5)))
    tests = sum(order.test_order for order in orders)
    # Zonos' own counts when it sends them (they may cover more than this reply), else those of the rows.
    counts = (data.draw(st.tuples(*[st.integers(0, 10**6)] * 3)) if counted
              else (len(orders), len(orders) - tests, tests))
    body = {"orders": [listed_json(order) for order in orders]}
    if counted:
        body.update(totalCount=counts[0], orderCount=counts[1], testOrderCount=counts[2])
    with serving("zonos", json_bytes(body)):
        listed = ZonosClient.from_settings().order_numbers(since_date=date(2010, 1, 1), statuses=with_statuses)
    assert listed == OrderNumbers(*counts, orders)


# Round trip: an order detail (v2/orderDetail) built from known values, as Zonos sends it, reads back as them.
ADDRESS_FIELDS = ["name", "company", "email", "phone", "address1", "address2", "city", "state", "zip", "countryCode"]
optional_words = st.just("") | words
countries = st.from_regex(r"[A-Z]{2}", fullmatch=True)
addresses = st.builds(Address, *[optional_words] * 9, st.just("") | countries)
billing_addresses = st.builds(Address, *[optional_words] * 4, words, *[optional_words] * 4, st.just("") | countries)
prices = st.decimals(min_value=-10**6, max_value=10**6, places=2)
detail_items = st.builds(Item, optional_words, st.just("") | st.from_regex(r"[0-9]{1,9}", fullmatch=True),
                         optional_words, st.integers(0, 10**6), prices,
                         st.none() | st.decimals(min_value=0, max_value=10**5, places=3),
                         st.sampled_from(["", "G", "KG", "LB", "OZ"]))


@st.composite
def order_details(draw):
    return OrderDetail(
        order_id=draw(st.from_regex(r"999-[0-9]{1,12}", fullmatch=True)),
        merchant_order_id=draw(st.just("") | st.from_regex(r"Z[0-9]{3}-[0-9]{1,8}", fullmatch=True)),
        test_order=draw(st.booleans()), status=draw(st.sampled_from(STATUSES_SENT)), shipping=draw(addresses),
        billing=draw(st.none() | billing_addresses), items=tuple(draw(st.lists(detail_items, max_size=4))),
        shipping_total=draw(prices.map(abs)), duty_taxes_total=draw(prices.map(abs)),
        grand_total=draw(st.none() | prices), customer_currency=draw(st.just("") | st.sampled_from(["USD", "CHF"])),
        birth_date=draw(st.just("") | st.from_regex(r"(0[1-9]|1[0-2])/[0-2][0-9]/(19|20)[0-9]{2}", fullmatch=True)),
    )


def detail_json(order, draw):
    def amount(value):
        return str(value) if draw(st.booleans()) else float(value)

    def text(value, *, upper=False):
        if not value:
            return draw(st.sampled_from(["", None]))
        return value.lower() if upper and draw(st.booleans()) else value  # codes are read in capitals

    def address(found, prefix=""):
        values = [getattr(found, name) for name in (*ADDRESS_FIELDS[:-1], "country_code")]
        keys = [f"{prefix}{name[0].upper()}{name[1:]}" if prefix else name for name in ADDRESS_FIELDS]
        return {key: text(value, upper=key.endswith("ountryCode")) for key, value in zip(keys, values, strict=True)}

    items = [{"productId": item.product_id, "sku": item.sku, "description": item.description,
              "quantity": draw(st.sampled_from([item.quantity, float(item.quantity), str(item.quantity)])),
              "unitPrice": amount(item.unit_price), "weight": None if item.weight is None else amount(item.weight),
              "weightUnits": text(item.weight_units, upper=True)} for item in order.items]
    body = {"orderId": order.order_id, "merchantOrderId": order.merchant_order_id,
            "testOrder": draw(st.sampled_from([order.test_order, str(order.test_order).lower()])),
            "orderStatus": order.status, **address(order.shipping), "items": items,
            "shippingTotal": amount(order.shipping_total), "dutyTaxesTotal": amount(order.duty_taxes_total),
            "grandTotal": None if order.grand_total is None else amount(order.grand_total),
            "foreignCurrencyCode": text(order.customer_currency, upper=True), "birthDate": order.birth_date}
    if order.billing:
        body.update(address(order.billing, "billing"))
    return {"order": body}


@PROPERTY
@given(order=order_details(), data=st.data())
def test_an_order_detail_reads_back_as_the_order_sent(partners, order, data):
    with serving("zonos", json_bytes(detail_json(order, data.draw))):
        assert ZonosClient.from_settings().order_detail(order.order_id) == order
