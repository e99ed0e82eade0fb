"""Whatever MeinEinkauf.ch answers, its client returns typed results or raises PartnerError; and a page of
the order list or of the return list built from known values reads back as exactly those values.

Covered: registering an order, one order, the order list, one return, the return list, echo; errors.
"""

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shipping.meineinkauf.client import MeinEinkaufClient
from shipping.meineinkauf.remote import (
    Article,
    Consignment,
    FileRef,
    Item,
    OrderRef,
    Page,
    RemoteOrder,
    RemoteReturn,
    StateChange,
    Storage,
    Tour,
    Tracking,
)

from . import examples as ex
from .replies import PROPERTY, outcome, serving
from .strategies import deep, garbage, json_bytes, mutated, poisoned, words

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


def test_a_registrations_test_flag_does_not_decide_test_mode_the_key_does(partners):
    """The doc shows `testMode` on echo only; test mode is the test key in use (doc), and this key is live."""
    registration = answer("register", json_bytes({"id": 5, "success": True, "testMode": "true"}), 201)
    assert (registration.id, registration.test_mode) == (5, False)


# Round trip: a page of the order list built from known values, as MeinEinkauf sends it, reads back as them.
OFFSETS = [timezone(timedelta(hours=hours)) for hours in (0, 1, 2, -5)]
moments = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.sampled_from(OFFSETS))
numbers = st.from_regex(r"[0-9]{4,12}", fullmatch=True)
optional_ids = st.none() | st.integers(1, 10**12)
extras = st.dictionaries(st.from_regex(r"x[A-Z][a-z]{1,8}", fullmatch=True),
                         st.none() | st.booleans() | st.integers(-1000, 1000) | words, max_size=2)
files = st.builds(FileRef, words, st.sampled_from(["application/pdf", ""]), st.sampled_from(["pdf", ""]),
                  st.none() | st.integers(0, 10**9))
trackings = st.builds(Tracking, st.sampled_from(["swisspost", "dhl", ""]), numbers, st.none() | files)
STATES = ["open", "exported", "delivered", "problem", "cancellation", "some_state_not_in_the_doc"]


def extra_of(fields):
    """How the client keeps fields the doc does not describe: name and JSON text."""
    return tuple((key, json.dumps(value, ensure_ascii=False, sort_keys=True)) for key, value in fields.items())


@st.composite
def items(draw):
    article = draw(st.builds(Article, optional_ids, numbers, st.just("") | numbers, words, st.just("") | words))
    fields = draw(extras)
    item = Item(draw(optional_ids), draw(numbers), article, draw(st.sampled_from(["damaged", "not_as_described"])),
                draw(st.sampled_from(["used", "unused"])), extra_of(fields))
    return item, fields


@st.composite
def consignments(draw):
    drawn = draw(st.lists(items(), max_size=2))
    fields = draw(extras)
    consignment = Consignment(
        reference=draw(numbers), external_id=draw(st.just("") | numbers), tracking=draw(st.none() | trackings),
        gas=draw(st.none() | trackings), gas_labels=tuple(draw(st.lists(trackings, max_size=2))),
        items=tuple(item for item, _ in drawn),
        storage=draw(st.none() | st.builds(Storage, words, st.none() | moments, words, st.none() | moments)),
        customer_invoice=draw(st.none() | files), extra=extra_of(fields),
    )
    return consignment, [item_fields for _, item_fields in drawn], fields


@st.composite
def remote_orders(draw):
    changes = draw(st.lists(st.tuples(st.sampled_from(STATES), moments), max_size=3))
    drawn = draw(st.lists(consignments(), max_size=2))
    fields = draw(extras)
    order = RemoteOrder(
        id=draw(st.integers(1, 10**12)), order_number=draw(numbers), processing_state=draw(st.sampled_from(STATES)),
        external_id=draw(st.just("") | numbers), created=draw(st.none() | moments),
        order_date=draw(st.none() | st.dates(date(2000, 1, 1), date(2099, 12, 31))),
        history=tuple(StateChange(state, moment, moment.isoformat()) for state, moment in changes),
        state_changed_at=draw(st.none() | moments), consignments=tuple(c for c, _, _ in drawn), extra=extra_of(fields),
    )
    return order, [(item_fields, consignment_fields) for _, item_fields, consignment_fields in drawn], fields


def _moment(value):
    return value.isoformat() if value else None


def _file(ref):
    return {"name": ref.name, "mimeType": ref.mime_type, "extension": ref.extension, "size": ref.size} if ref else None


def _tracking(tracking):
    if tracking is None:
        return None
    return {"carrier": tracking.carrier, "trackingNumber": tracking.tracking_number, "labelFile": _file(tracking.label)}


def _item(item, fields):
    article = item.article
    return {"id": item.id, "reference": item.reference, "reason": item.reason, "state": item.state,
            "article": {"id": article.id, "articleNumber": article.article_number, "externalId": article.external_id,
                        "name": article.name, "payload": article.payload}, **fields}


def _consignment(consignment, item_fields, fields):
    storage = consignment.storage
    return {
        "reference": consignment.reference, "externalId": consignment.external_id,
        "tracking": _tracking(consignment.tracking), "gas": _tracking(consignment.gas),
        "gasLabels": [_tracking(t) for t in consignment.gas_labels],
        "items": [_item(item, f) for item, f in zip(consignment.items, item_fields, strict=True)],
        "storage": {"cause": storage.cause, "checkInDate": _moment(storage.check_in), "solution": storage.solution,
                    "checkOutDate": _moment(storage.check_out)} if storage else None,
        "customerInvoice": _file(consignment.customer_invoice), **fields,
    }


def order_json(order, consignment_fields, fields):
    return {
        "id": order.id, "externalId": order.external_id, "created": _moment(order.created),
        "orderNumber": order.order_number, "orderDate": order.order_date and order.order_date.isoformat(),
        "processingState": order.processing_state,
        "processingStateHistory": [{"state": h.state, "changed": h.changed_text} for h in order.history],
        "processingStateChanged": _moment(order.state_changed_at),
        "consignments": [_consignment(c, *f) for c, f in zip(order.consignments, consignment_fields, strict=True)],
        **fields,
    }


@PROPERTY
@given(drawn=st.lists(remote_orders(), max_size=3), offset=st.integers(0, 500), limit=st.integers(1, 50))
def test_a_page_of_the_order_list_reads_back_as_the_orders_sent(partners, drawn, offset, limit):
    count = offset + len(drawn) + 7
    body = {"orders": [order_json(*entry) for entry in drawn], "success": True, "count": count, "limit": limit,
            "offset": offset, "errors": []}
    with serving("meineinkauf", json_bytes(body, ascii_only=False)):
        page = MeinEinkaufClient.from_settings().orders(offset=offset, limit=limit)
    assert page == Page(tuple(order for order, _, _ in drawn), count, limit, offset)


# Round trip: a page of the return list built from known values, as MeinEinkauf sends it, reads back as them.
mrns = st.just("") | st.from_regex(r"[0-9]{2}[A-Z]{2}[0-9A-Z]{14}", fullmatch=True)
tours = st.builds(Tour, optional_ids, mrns, mrns, st.none() | st.dates(date(2000, 1, 1), date(2099, 12, 31)))


@st.composite
def remote_returns(draw):
    changes = draw(st.lists(st.tuples(st.sampled_from(STATES), moments), max_size=3))
    drawn = draw(st.lists(items(), max_size=3))
    fields = draw(extras)
    found = RemoteReturn(
        id=draw(st.integers(1, 10**12)), reference=draw(numbers), processing_state=draw(st.sampled_from(STATES)),
        order=OrderRef(draw(optional_ids), draw(numbers), draw(st.just("") | numbers)),
        created=draw(st.none() | moments),
        history=tuple(StateChange(state, moment, moment.isoformat()) for state, moment in changes),
        state_changed_at=draw(st.none() | moments), items=tuple(item for item, _ in drawn),
        tour=draw(st.none() | tours), tracking=draw(st.none() | trackings), extra=extra_of(fields),
    )
    return found, [item_fields for _, item_fields in drawn], fields


def return_json(found, item_fields, fields):
    tour = found.tour
    return {
        "id": found.id, "created": _moment(found.created), "reference": found.reference,
        "processingState": found.processing_state,
        "processingStateHistory": [{"state": h.state, "changed": h.changed_text} for h in found.history],
        "processingStateChanged": _moment(found.state_changed_at),
        "order": {"id": found.order.id, "orderNumber": found.order.order_number,
                  "externalId": found.order.external_id},
        "items": [_item(item, f) for item, f in zip(found.items, item_fields, strict=True)],
        "tour": {"id": tour.id, "mrnDe": tour.mrn_de, "mrnCh": tour.mrn_ch,
                 "transferDate": tour.transfer_date and tour.transfer_date.isoformat()} if tour else None,
        "tracking": _tracking(found.tracking), **fields,
    }


@PROPERTY
@given(drawn=st.lists(remote_returns(), max_size=3), offset=st.integers(0, 500), limit=st.integers(1, 50))
def test_a_page_of_the_return_list_reads_back_as_the_returns_sent(partners, drawn, offset, limit):
    count = offset + len(drawn) + 3
    body = {"returns": [return_json(*entry) for entry in drawn], "success": True, "count": count, "limit": limit,
            "offset": offset, "errors": []}
    with serving("meineinkauf", json_bytes(body, ascii_only=False)):
        page = MeinEinkaufClient.from_settings().returns(offset=offset, limit=limit, states=("open",))
    assert page == Page(tuple(found for found, _, _ in drawn), count, limit, offset)
