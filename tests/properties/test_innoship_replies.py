"""Whatever Innoship answers, its client returns typed results or raises PartnerError; and a booking or tracking reply
built from known values reads back as exactly those values.

Covered: booking, validation, tracking, cancel, the courier list, the booking lookup and labels; errors in
every documented shape and key casing.
"""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backoffice.errors import PartnerValidationError
from shipping.innoship.client import Booking, InnoshipClient, Tracking
from shipping.innoship.remote import Price, TrackEvent

from . import examples as ex
from .replies import PROPERTY, outcome, serving
from .strategies import deep, garbage, json_bytes, mutated, poisoned, words

pytestmark = pytest.mark.django_db

PAYLOAD = {"serviceId": 1, "externalOrderId": "A1001"}
OPERATIONS = {
    "book": lambda c: c.book(PAYLOAD),
    "validate": lambda c: c.validate(PAYLOAD),
    "track": lambda c: c.track(1, ["905230966", "905230967"]),
    "cancel": lambda c: c.cancel(1, "905230966"),
    "couriers": lambda c: c.couriers(),
    "lookup": lambda c: c.bookings_for("A1001"),
    "label": lambda c: c.label(1, "905230966"),
}
DOCUMENTED = [ex.INNOSHIP_BOOKING, ex.INNOSHIP_TRACKING, ex.INNOSHIP_LOOKUP, ex.INNOSHIP_COURIERS,
              *ex.INNOSHIP_ERRORS, {"message": "Order cancelled"}]
STATUSES = st.sampled_from([200, 200, 200, 201, 204, 400, 401, 404, 405, 409, 422, 500, 502, 503])
CONTENT_TYPES = st.sampled_from(["application/json", "application/json", "application/pdf", "text/html", ""])


@st.composite
def replies(draw):
    """(operation, body, status, content type)."""
    shape = draw(st.sampled_from(DOCUMENTED))
    body = draw(st.one_of(st.just(json_bytes(shape)), mutated(shape).map(json_bytes), mutated(shape).map(json_bytes),
                          poisoned(shape).map(json_bytes), garbage, st.binary(max_size=30).map(lambda b: b"%PDF-" + b)))
    return draw(st.sampled_from(sorted(OPERATIONS))), body, draw(STATUSES), draw(CONTENT_TYPES)


def answer(operation, body, status=200, content_type="application/json"):
    client = InnoshipClient.from_settings()
    with serving("innoship", body, status=status, content_type=content_type):
        return outcome(lambda: OPERATIONS[operation](client))


# Regressions: replies that once escaped as something other than a typed result or a PartnerError.
# RecursionError: a 404 whose body is JSON nested too deeply (read to see whether it explains itself)
@example(reply=("book", deep("[", "]", 100_000).encode(), 404, "application/json"))
# OverflowError: an infinite courier id or status id (int(float("inf")))
@example(reply=("book", json_bytes({**ex.INNOSHIP_BOOKING, "Courier": float("inf")}), 200, "application/json"))
@example(reply=("track", json_bytes([{"shipmentAwb": "1", "currentStatusId": 1e400}]), 200, "application/json"))
# ValueError from Django's parse_datetime: well formed, but no such time
@example(reply=("track", json_bytes([{"shipmentAwb": "1", "history": [
    {"clientStatusId": 1, "eventDate": "2026-02-30T10:00:00"}]}]), 200, "application/json"))
@example(reply=("book", json_bytes({**ex.INNOSHIP_BOOKING, "CalculatedDeliveryDate": "2026-13-01T00:00:00"}), 200,
                "application/json"))
# TypeError: history or barcodes as a number
@example(reply=("track", json_bytes([{"shipmentAwb": "1", "history": 5}]), 200, "application/json"))
@example(reply=("book", json_bytes({**ex.INNOSHIP_BOOKING, "CourierParcelsBarcodes": 3}), 200, "application/json"))
# NUL in a cancellation's message
@example(reply=("cancel", json_bytes({"Message": "\x00"}), 200, "application/json"))
# a NaN price passed as an amount
@example(reply=("book", json_bytes({**ex.INNOSHIP_BOOKING, "Price": {"Amount": "NaN", "TotalAmount": "NaN"}}), 200,
                "application/json"))
@settings(PROPERTY, max_examples=420)
@given(reply=replies())
def test_any_reply_gives_a_typed_result_or_a_partner_error(partners, reply):
    answer(*reply)


@example(shape={"errors": {"addressTo.country": ["", None]}}, status=400)  # once an issue without words
@example(shape=[{"context": "addressTo.phone"}, "", 0], status=422)
@PROPERTY
@given(shape=st.sampled_from(ex.INNOSHIP_ERRORS).flatmap(mutated), status=st.sampled_from([400, 422]))
def test_a_refused_booking_is_always_a_validation_error_with_issues(partners, shape, status):
    result = answer("book", json_bytes(shape), status)
    assert isinstance(result, PartnerValidationError) and result.issues
    assert all(issue.message for issue in result.issues)


# Round trip: a booking reply built from known values, in the casing Innoship may use, reads back as them.
amounts = st.decimals(min_value=0, max_value=99_999, places=2)


@st.composite
def bookings(draw):
    awb = draw(st.from_regex(r"[0-9A-Z]{6,20}", fullmatch=True))
    courier = draw(st.integers(1, 2**31 - 1))
    price = draw(st.none() | st.builds(Price, amounts, amounts, amounts, st.from_regex(r"[A-Z]{3}", fullmatch=True)))
    return Booking(
        client_order_id=f"{courier}|{awb}", awb=awb, courier_id=courier,
        track_page_url=draw(st.just("") | st.from_regex(r"https://track\.innoship\.io/[0-9a-f]{32}", fullmatch=True)),
        price=price, delivery_date=draw(st.none() | st.dates(date(2000, 1, 1), date(2099, 12, 31))),
        barcodes=tuple(draw(st.lists(st.from_regex(r"[0-9]{6,14}", fullmatch=True), max_size=3))),
    )


def booking_json(booking, *, cased, as_text):
    def number(amount):
        return str(amount) if as_text else float(amount)

    barcodes = [{"SequenceNo": n, "Barcode": code} for n, code in enumerate(booking.barcodes, 1)]
    shape = {"ClientOrderId": booking.client_order_id, "CourierShipmentId": booking.awb, "Courier": booking.courier_id,
             "CourierParcelsBarcodes": barcodes}
    if booking.track_page_url:
        shape["TrackPageUrl"] = booking.track_page_url
    if booking.price:
        shape["Price"] = {"Amount": number(booking.price.amount), "VAT": number(booking.price.vat),
                          "TotalAmount": number(booking.price.total), "Currency": booking.price.currency}
    if booking.delivery_date:
        shape["CalculatedDeliveryDate"] = f"{booking.delivery_date}T00:00:00+00:00"
    return _recased(shape, cased)


def _recased(value, cased):
    if isinstance(value, dict):
        return {cased(key): _recased(child, cased) for key, child in value.items()}
    if isinstance(value, list):
        return [_recased(child, cased) for child in value]
    return value


CASINGS = st.sampled_from([str, lambda key: key[0].lower() + key[1:], str.lower])


@PROPERTY
@given(booking=bookings(), cased=CASINGS, as_text=st.booleans())
def test_a_booking_reply_reads_back_as_the_booking_sent(partners, booking, cased, as_text):
    assert answer("book", json_bytes(booking_json(booking, cased=cased, as_text=as_text)), 201) == booking


# Round trip: a tracking reply (POST api/Track/by-awb/with-return) built from known values reads back as them.
LOCAL = ZoneInfo(django_settings.INNOSHIP_TIME_ZONE)
OFFSETS = [timezone(timedelta(hours=hours)) for hours in (0, 2, 3, -5)] + [LOCAL]
event_moments = st.datetimes(datetime(2000, 1, 1), datetime(2099, 1, 1), timezones=st.sampled_from(OFFSETS))
awbs = st.from_regex(r"[0-9A-Z]{6,20}", fullmatch=True)
events = st.builds(TrackEvent, st.integers(1, 2**31 - 1), words, event_moments, st.booleans(), st.just("") | words)


@st.composite
def trackings(draw):
    return Tracking(
        awb=draw(awbs), courier_id=draw(st.integers(1, 2**31 - 1)), status_id=draw(st.none() | st.integers(0, 10**6)),
        events=tuple(sorted(draw(st.lists(events, max_size=4)), key=lambda event: event.occurred_at)),
        track_url=draw(st.just("") | st.from_regex(r"https://track\.innoship\.io/[0-9a-f]{32}", fullmatch=True)),
        external_order_id=draw(st.just("") | st.from_regex(r"A[0-9]{1,8}", fullmatch=True)),
        return_awb=draw(st.just("") | awbs),
    )


def tracking_json(tracking, draw):
    def number(value):
        return str(value) if draw(st.booleans()) else value

    def moment(value):
        # Innoship's local time is sent without an offset.
        return value.replace(tzinfo=None).isoformat() if value.tzinfo is LOCAL else value.isoformat()

    history = [{"clientStatusId": number(event.status_id), "clientStatusDescription": event.description,
                "eventDate": moment(event.occurred_at), "isFinalStatus": event.final,
                "localityName": event.locality or None} for event in tracking.events]
    return {"returnAwb": tracking.return_awb or None, "returnAwbHistory": [], "orderId": draw(st.integers(1, 10**9)),
            "externalOrderId": tracking.external_order_id or None, "courier": number(tracking.courier_id),
            "shipmentAwb": tracking.awb, "trackUrl": tracking.track_url or None, "currentStatus": "Delivered",
            "currentStatusId": tracking.status_id, "history": draw(st.permutations(history))}


@PROPERTY
@given(data=st.data(), cased=CASINGS)
def test_a_tracking_reply_reads_back_as_the_trackings_sent(partners, data, cased):
    sent = data.draw(st.lists(trackings(), max_size=4))
    # Events come in any order (they are read back by time); an entry without an AWB is no tracking.
    body = [_recased(tracking_json(tracking, data.draw), cased) for tracking in sent]
    if data.draw(st.booleans()):
        body.insert(data.draw(st.integers(0, len(body))), {"shipmentAwb": "", "courier": 1})
    read = answer("track", json_bytes(body))
    # Read back in time order; events at the same moment have no order of their own, so any order of them is right.
    for tracking in read:
        moments = [event.occurred_at for event in tracking.events]
        assert moments == sorted(moments)
    assert [_ties_in_one_order(tracking) for tracking in read] == [_ties_in_one_order(tracking) for tracking in sent]


def _ties_in_one_order(tracking):
    return replace(tracking, events=tuple(sorted(tracking.events, key=lambda e: (e.occurred_at, repr(e)))))
