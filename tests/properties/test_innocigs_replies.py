"""Whatever InnoCigs answers, through either API, its clients return typed results or raise PartnerError; and
a stock or dropship reply built from known values reads back as exactly those values.

Covered: dropship and standard-order replies, tracking by day and by order, delivery notes, stock (the
catalogue client), and the top-level ERRORS block every command may answer with (suppliers/innocigs/transport).
Round trips (a reply built from known values reads back as them) cover stock, dropship, standard order,
tracking and delivery notes.
"""

import re
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backoffice.errors import PartnerError, PartnerIssue, PartnerResponseError
from suppliers.innocigs.build import DropshipRequest, Line, StandardOrderRequest
from suppliers.innocigs.client import InnocigsClient, StockLevel
from suppliers.innocigs.fields import Party
from suppliers.innocigs.parse_orders import (
    Cancellation,
    DeliveredItem,
    DeliveredOrder,
    DeliveryNoteData,
    DropshipResult,
    OrderResult,
    Parcel,
    TrackedDropship,
    Tracking,
)

from . import examples as ex
from .innocigs_values import (
    APIS,
    content_type,
    deliveries_json,
    delivery_notes,
    models,
    one_or_list,
    order_json,
    order_results,
    rendered,
    spaced,
)
from .replies import PROPERTY, outcome, serving
from .strategies import garbage, json_bytes, mutated, poisoned, texts, to_xml, words, xml_bytes

pytestmark = pytest.mark.django_db

PARTY = Party(FIRSTNAME="Jane", LASTNAME="Doe", STREET_ADDRESS="Teststr. 23", POSTCODE="22761", CITY="Hamburg",
              COUNTRY_CODE="DE")
LINES = (Line("IC10000L10-TE-3", 2),)


def _dropship(client):
    numbers = ["ORDER321"] if client.api == "rest" else ["ORDER321", "ORDER324"]
    return client.dropship([DropshipRequest(number, PARTY, PARTY, LINES) for number in numbers])


OPERATIONS = {
    "dropship": (ex.INNOCIGS_DROPSHIP, _dropship),
    "standard_order": (ex.INNOCIGS_ORDER, lambda c: c.standard_order(StandardOrderRequest("ORDER324", PARTY, LINES))),
    "tracking_by_day": (ex.INNOCIGS_TRACKING, lambda c: c.tracking_by_day(date(2026, 11, 20))),
    "tracking_by_order": (ex.INNOCIGS_TRACKING, lambda c: c.tracking_by_order("DS24")),
    "delivery_notes": (ex.INNOCIGS_DELIVERY, lambda c: c.delivery_notes(date(2026, 11, 20))),
    "stock": (ex.INNOCIGS_STOCK, lambda c: InnocigsClient(c.transport).stock("12M100L10-BG-0")),
}
STATUSES = st.sampled_from([200, 200, 200, 200, 201, 400, 401, 404, 500, 503])


def bodies(documented, api):
    shapes = st.one_of(st.just(documented), mutated(documented), mutated(ex.INNOCIGS_ERRORS), poisoned(documented))
    rendered = shapes.map(json_bytes) if api == "rest" else shapes.flatmap(xml_bytes)
    return st.one_of(rendered, rendered, garbage)


@st.composite
def replies(draw):
    """(api, operation, body, status): a documented reply of the operation, mutated, or something else."""
    api = draw(st.sampled_from(["rest", "xml"]))
    operation = draw(st.sampled_from(sorted(OPERATIONS)))
    return api, operation, draw(bodies(OPERATIONS[operation][0], api)), draw(STATUSES)


def answer(api, operation, body, status=200):
    _, call = OPERATIONS[operation]
    client = InnocigsClient.from_settings(api=api)
    content_type = "application/json" if api == "rest" else "text/xml; charset=utf-8"
    with serving("innocigs", body, status=status, content_type=content_type):
        return outcome(lambda: call(client))


# Regressions: replies that once escaped as something other than a typed result or a PartnerError.
# RecursionError from the JSON reader (json_body caught only ValueError):
@example(reply=("rest", "tracking_by_day", b"[" * 100_000, 200))
# AttributeError: QUANTITIES as a list; PRODUCT entries as text; OverflowError: an infinite quantity
@example(reply=("rest", "stock", json_bytes({"QUANTITIES": [{"PRODUCT": []}]}), 200))
@example(reply=("rest", "stock", json_bytes({"QUANTITIES": {"PRODUCT": ["12M100L10-BG-0"]}}), 200))
@example(reply=("rest", "stock", json_bytes({"QUANTITIES": {"PRODUCT": {"QUANTITY": float("inf")}}}), 200))
# AttributeError: a delivery TRACKING whose _attributes is not an object
@example(reply=("rest", "delivery_notes", json_bytes({"DELIVERIES": {"DELIVERY": {
    "DELIVERY_NUMBER": "S1", "TRACKINGS": {"TRACKING": [{"_attributes": "DHL"}]}}}}), 200))
# NUL and a lone surrogate in an id would reach the database (PostgreSQL refuses both)
@example(reply=("rest", "dropship", json_bytes({"DROPSHIPPING": {"DROPSHIP": {
    "ORDERS_NUMBER": "ORDER321", "STATUS": "OK", "DROPSHIP_ID": "6\x00\ud800"}}}), 200))
@settings(PROPERTY, max_examples=480)
@given(reply=replies())
def test_any_reply_gives_a_typed_result_or_a_partner_error(partners, reply):
    result = answer(*reply)
    assert isinstance(result, PartnerError) or READS[reply[1]](result), f"{reply[1]} read as {result!r:.200}"


def _list_of(kind):
    return lambda result: isinstance(result, list) and all(isinstance(item, kind) for item in result)


# What each operation reads a reply into, when it reads it at all.
READS = {
    "dropship": _list_of(DropshipResult),
    "standard_order": lambda result: isinstance(result, OrderResult),
    "tracking_by_day": lambda result: isinstance(result, Tracking),
    "tracking_by_order": lambda result: isinstance(result, Tracking),
    "delivery_notes": _list_of(DeliveryNoteData),
    "stock": lambda result: result is None or isinstance(result, StockLevel),
}


# The documented examples themselves, through either API, read as the doc shows them.
@pytest.mark.parametrize("api", ["rest", "xml"])
def test_the_documented_delivery_and_order_replies_read_as_documented(partners, api):
    notes = answer(api, "delivery_notes", rendered(ex.INNOCIGS_DELIVERY, api))
    assert notes == [DeliveryNoteData("S0448091", (Parcel("DHL", "00340654321"),), (
        DeliveredOrder("ORDER15", "9903478-14645", (DeliveredItem("GV100ABP1-10", 1),)),))]
    order = answer(api, "standard_order", rendered(ex.INNOCIGS_ORDER, api))
    assert order == OrderResult("ORDER324", "NOK", "Eintragen der Bestellung fehlgeschlagen", "",
                                (PartnerIssue("30001", "AS100AMZ nicht lieferbar"),))


def test_a_delivery_tracking_without_attributes_is_read_from_its_fields(partners):
    body = json_bytes({"DELIVERIES": {"DELIVERY": {"DELIVERY_NUMBER": "S1", "TRACKINGS": {"TRACKING": [
        {"_attributes": "DHL"}, {"carrier": "DHL", "tracking_code": "0034 1"}]}}}})
    [note] = answer("rest", "delivery_notes", body)
    assert [(p.carrier, p.code) for p in note.parcels] == [("DHL", "00341")]


def test_an_unreadable_stock_figure_is_a_partner_error(partners):
    body = json_bytes({"QUANTITIES": {"PRODUCT": [{"PRODUCTS_MODEL": "12M100L10-BG-0", "QUANTITY": "viele"}]}})
    assert isinstance(answer("rest", "stock", body), PartnerResponseError)


def test_text_a_database_cannot_hold_is_made_storable(partners):
    body = json_bytes({"DROPSHIPPING": {"DROPSHIP": {"ORDERS_NUMBER": "ORDER321", "STATUS": "OK",
                                                     "MESSAGE": "ok\x00\ud800", "DROPSHIP_ID": "68"}}})
    [result] = answer("rest", "dropship", body)
    assert result.message == "ok\ufffd\ufffd" and result.dropship_id == "68"


XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
xml_texts = texts.filter(lambda text: not XML_UNSAFE.search(text))
errors = st.lists(st.tuples(st.from_regex(r"[0-9]{5}", fullmatch=True), xml_texts), min_size=1, max_size=3)


@PROPERTY
@given(api=st.sampled_from(["rest", "xml"]), listed=errors, single=st.booleans())
def test_a_top_level_errors_block_is_a_partner_error_with_every_code(partners, api, listed, single):
    entries = [{"CODE": code, "MESSAGE": message} for code, message in listed]
    shape = {"ERRORS": {"ERROR": entries[0] if single else entries}, "TRACKING": {}}
    body = json_bytes(shape) if api == "rest" else to_xml(shape).encode()
    result = answer(api, "tracking_by_day", body)
    assert isinstance(result, PartnerError)
    codes = [code for code, _ in listed][: 1 if single else None]
    assert [issue.code for issue in result.issues] == codes


# Round trips: a reply built from known values, as InnoCigs sends it through either API, reads back as them.
stock_levels = st.lists(st.builds(StockLevel, models, st.integers(0, 2**31 - 1), st.just("") | words),
                        min_size=1, max_size=5, unique_by=lambda level: level.model.casefold())


@PROPERTY
@given(api=APIS, levels=stock_levels, as_text=st.booleans(), single=st.booleans())
def test_a_stock_reply_reads_back_as_the_levels_sent(partners, api, levels, as_text, single):
    products = [{"PRODUCTS_MODEL": level.model, "QUANTITY": str(level.quantity) if as_text else level.quantity,
                 "SHIPPING_STATUS": level.shipping_status} for level in levels]
    client = InnocigsClient.from_settings(api=api)
    with serving("innocigs", rendered({"QUANTITIES": {"PRODUCT": one_or_list(products, single)}}, api),
                 content_type=content_type(api)):
        assert list(client.stock_all()) == levels
        assert client.stock(levels[-1].model) == levels[-1]


ids = st.integers(1, 10**12).map(str)
codes = st.from_regex(r"[1-9][0-9]{4}", fullmatch=True)


@st.composite
def dropship_results(draw):
    number = draw(st.from_regex(r"[A-Z]{1,4}[0-9]{1,8}", fullmatch=True))
    if draw(st.booleans()):
        return DropshipResult(number, "OK", draw(words), draw(ids), draw(ids))
    issues = draw(st.lists(st.builds(PartnerIssue, codes, words), min_size=1, max_size=3))
    return DropshipResult(number, "NOK", draw(words), issues=tuple(issues))


def dropship_json(result, api, *, single):
    rest = api == "rest"
    entry = {"ORDERS_NUMBER": result.orders_number, "STATUS": result.status, "MESSAGE": result.message,
             "DROPSHIP_ID": int(result.dropship_id) if rest and result.ok else (result.dropship_id or -1),
             "ORDERS_ID": int(result.orders_id) if rest and result.ok else (result.orders_id or -1)}
    if result.issues:
        errors = [{"CODE": int(i.code) if rest else i.code, "MESSAGE": i.message} for i in result.issues]
        entry["ERRORS"] = {"ERROR": one_or_list(errors, single)}
    return entry


@PROPERTY
@given(api=APIS, data=st.data(), single=st.booleans())
def test_a_dropship_reply_reads_back_as_the_results_sent(partners, api, data, single):
    results = data.draw(st.lists(dropship_results(), min_size=1, max_size=1 if api == "rest" else 4,
                                 unique_by=lambda r: r.orders_number))
    entries = [dropship_json(result, api, single=single) for result in results]
    client = InnocigsClient.from_settings(api=api)
    requests = [DropshipRequest(result.orders_number, PARTY, PARTY, LINES) for result in results]
    with serving("innocigs", rendered({"DROPSHIPPING": {"DROPSHIP": one_or_list(entries, single)}}, api),
                 content_type=content_type(api)):
        assert client.dropship(requests) == results


# Round trip: a tracking reply (by day or by order) built from known values reads back as them.
numbers = st.from_regex(r"[A-Z]{1,4}[0-9]{1,8}", fullmatch=True)
parcels = st.builds(Parcel, words, st.from_regex(r"[0-9A-Z]{1,30}", fullmatch=True))
tracked_dropships = st.builds(TrackedDropship, ids, numbers, st.from_regex(r"S[0-9]{5,10}", fullmatch=True),
                              st.lists(parcels, max_size=3).map(tuple))
cancellations = st.builds(Cancellation, st.just("") | ids, numbers, words)


def tracking_json(tracking, api, draw):
    rest = api == "rest"

    def an_id(value):
        return (int(value) if rest and draw(st.booleans()) else value) if value else -1

    dropships = []
    for dropship in tracking.dropships:
        infos = [{"CARRIER": parcel.carrier, "CODE": spaced(parcel.code, draw)} for parcel in dropship.parcels]
        # REST sends TRACKINGS as a list of {TRACKINGINFO: {...}} or as {TRACKINGINFO: [...]}; XML as the latter.
        wrapped = rest and draw(st.booleans())
        trackings = [{"TRACKINGINFO": info} for info in infos] if wrapped else {
            "TRACKINGINFO": one_or_list(infos, draw(st.booleans()))}
        dropships.append({"DROPSHIP_ID": an_id(dropship.dropship_id), "ORDERS_NUMBER": dropship.orders_number,
                          "DELIVERY_NUMBER": dropship.delivery_number, "TRACKINGS": trackings})
    cancelled = [{"DROPSHIP_ID": an_id(c.dropship_id), "ORDERS_NUMBER": c.orders_number, "MESSAGE": c.message}
                 for c in tracking.cancellations]
    return {"TRACKING": {"DROPSHIP": one_or_list(dropships, draw(st.booleans())),
                         "CANCELLATION": one_or_list(cancelled, draw(st.booleans()))}}


@PROPERTY
@given(api=APIS, data=st.data(), by_order=st.booleans())
def test_a_tracking_reply_reads_back_as_the_dropships_and_cancellations_sent(partners, api, data, by_order):
    tracking = Tracking(tuple(data.draw(st.lists(tracked_dropships, max_size=4))),
                        tuple(data.draw(st.lists(cancellations, max_size=3))))
    client = InnocigsClient.from_settings(api=api)
    with serving("innocigs", rendered(tracking_json(tracking, api, data.draw), api), content_type=content_type(api)):
        read = client.tracking_by_order("DS24") if by_order else client.tracking_by_day(date(2026, 11, 20))
    assert read == tracking


# Round trip: a standard-order reply ("Bestellung ohne Dropship") built from known values reads back as them.
@PROPERTY
@given(api=APIS, result=order_results(), data=st.data())
def test_a_standard_order_reply_reads_back_as_the_result_sent(partners, api, result, data):
    client = InnocigsClient.from_settings(api=api)
    request = StandardOrderRequest(result.orders_number, PARTY, LINES)
    with serving("innocigs", rendered(order_json(result, api, data.draw), api), content_type=content_type(api)):
        assert client.standard_order(request) == result


# Round trip: a delivery-notes reply ("Lieferscheine abfragen") built from known values reads back as them.
@PROPERTY
@given(api=APIS, data=st.data())
def test_a_delivery_notes_reply_reads_back_as_the_notes_sent(partners, api, data):
    notes = data.draw(delivery_notes())
    client = InnocigsClient.from_settings(api=api)
    with serving("innocigs", rendered(deliveries_json(notes, api, data.draw), api), content_type=content_type(api)):
        assert client.delivery_notes(date(2026, 11, 20)) == notes
