"""Reading Innoship's replies, keys in any casing (backoffice.casefold.ci_get)."""

import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from backoffice import coerce
from backoffice.casefold import ci_get
from backoffice.errors import PartnerIssue, PartnerResponseError
from backoffice.replies import bounded, json_or_none

from .remote import Booking, Price, TrackEvent, Tracking
from .statuses import status_name

PARTNER = "innoship"
# What the shop stores of a booking (Shipment's columns): a longer AWB is no AWB; a longer link, an amount
# with more digits or a currency that is no ISO code is left out, since the booking itself stands.
AWB_LENGTH, URL_LENGTH, AMOUNT_LIMIT, ID_MAX = 100, 500, Decimal(10) ** 8, 2**31 - 1


def field_path(context) -> str:
    """Innoship's error context as a camelCase path: `AddressTo.Phone` and `$.addressTo.phone` → `addressTo.phone`."""
    text = re.sub(r"\[\d+\]", "", str(context or "")).strip().lstrip("$").strip(".")
    parts = [p for p in text.split(".") if p]
    if parts and parts[0].casefold() in ("order", "request", "model") and len(parts) > 1:
        parts = parts[1:]
    return ".".join(p[:1].lower() + p[1:] for p in parts)


def parse_errors(data) -> list[PartnerIssue]:
    """Innoship errors, in every shape seen: a list of {context, message}, {errors: [{message, details}]},
    ASP.NET's {errors: {path: [messages]}}, or a bare {message}. Keys in any casing."""
    if isinstance(data, dict):
        items = ci_get(data, "errors")
        if isinstance(items, dict):
            return [
                PartnerIssue("", coerce.text(message) or "refused", field_path(path))
                for path, messages in items.items()
                for message in (messages if isinstance(messages, list) else [messages])
            ]
        if items is None:
            items = [data] if ci_get(data, "message", "error") else []
    else:
        items = data
    issues = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            field = field_path(ci_get(item, "context", "field", "propertyName", default=""))
            message = coerce.text(ci_get(item, "message", "error", "errorMessage", default=""))
            details = str(ci_get(item, "details", default="") or "")
            if details and details not in message:
                message = f"{message} ({details})" if message else details
            issues.append(PartnerIssue("", message or "refused", field))
        elif item:
            issues.append(PartnerIssue("", str(item)))
    return issues


def _decimal(value):
    return coerce.decimal(value, places=Decimal("0.01"), limit=AMOUNT_LIMIT)


def _int(value):
    return coerce.whole_number(value, maximum=ID_MAX)


def _link(value):
    url = coerce.text(value)
    return url if len(url) <= URL_LENGTH else ""


def _moment(value):
    """An Innoship timestamp; naive ones are Innoship's local time (INNOSHIP_TIME_ZONE)."""
    return coerce.aware_datetime(value, zone=ZoneInfo(settings.INNOSHIP_TIME_ZONE))


def _day(value):
    """A day as Innoship means it: a moment's day in its local time, or the day written."""
    moment = _moment(value)
    if moment is not None:
        return moment.astimezone(ZoneInfo(settings.INNOSHIP_TIME_ZONE)).date()
    return coerce.day(value)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _price(data):
    price = ci_get(data, "price")
    if not isinstance(price, dict):
        return None
    amount, vat = _decimal(ci_get(price, "amount")), _decimal(ci_get(price, "vat"))
    total = _decimal(ci_get(price, "totalAmount", "total"))
    if total is None and amount is not None:
        total = _decimal(amount + (vat or 0))
    if total is None:
        return None
    currency = coerce.text(ci_get(price, "currency")).strip().upper()
    return Price(amount or Decimal("0.00"), vat or Decimal("0.00"), total,
                 currency if re.fullmatch("[A-Z]{3}", currency) else "")


def _barcodes(data):
    items = _list(ci_get(data, "courierParcelsBarcodes", "barcodes"))
    codes = (coerce.text(ci_get(b, "barcode") if isinstance(b, dict) else b) for b in items)
    return tuple(code for code in codes if code)


EXTRA_SERVICES_MAX = 50  # more extra services than that in one reply is no reply to keep
# The payout account echoed back is the shop's own setting, not a service: not kept with the booking.
PAYOUT_KEYS = frozenset({"bank", "bankiban", "bankaccountholder"})


def _extra_value(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return _decimal(value)
    return coerce.text(value)[:200] if isinstance(value, str) else None


def _extra(data) -> tuple:
    """The reply's Extra object (what Innoship's rules made of the requested services) as (service, value) pairs;
    values that are no flag, amount or text are left out."""
    extra = ci_get(data, "extra")
    if not isinstance(extra, dict):
        return ()
    pairs = ((coerce.text(key)[:60], _extra_value(value)) for key, value in list(extra.items())[:EXTRA_SERVICES_MAX])
    return tuple((key, value) for key, value in pairs
                 if key and value is not None and key.casefold() not in PAYOUT_KEYS)


def parse_booking(data) -> Booking:
    """A booking reply (or one booking of a lookup); a reply without an AWB cannot be trusted."""
    if not isinstance(data, dict):
        raise PartnerResponseError("Innoship's booking reply is not an object.", partner=PARTNER,
                                   code="malformed_reply")
    awb = bounded(coerce.text(ci_get(data, "courierShipmentId", "shipmentAwb", "awb")).strip(), AWB_LENGTH,
                  partner=PARTNER, field="AWB")
    courier = _int(ci_get(data, "courier", "courierId"))
    if not awb or courier is None:
        raise PartnerResponseError("Innoship's booking reply has no AWB or courier.", partner=PARTNER,
                                   code="malformed_reply")
    return Booking(
        client_order_id=coerce.text(ci_get(data, "clientOrderId", "orderId", default="")),
        awb=awb, courier_id=courier,
        track_page_url=_link(ci_get(data, "trackPageUrl", "trackUrl")),
        price=_price(data),
        delivery_date=_day(ci_get(data, "calculatedDeliveryDate")),
        barcodes=_barcodes(data),
        external_order_id=coerce.text(ci_get(data, "externalOrderId", default="")),
        status_id=_int(ci_get(data, "currentStatusId", "statusId")),
        extra=_extra(data),
    )


def parse_tracking(data) -> Tracking | None:
    if not isinstance(data, dict):
        return None
    awb = coerce.text(ci_get(data, "shipmentAwb", "awb", default=""))
    if not awb:
        return None
    events = []
    for item in _list(ci_get(data, "history")):
        status_id = _int(ci_get(item, "clientStatusId", "statusId"))
        occurred_at = _moment(ci_get(item, "eventDate"))
        if status_id is None or occurred_at is None:
            continue
        events.append(TrackEvent(
            status_id=status_id,
            description=coerce.text(ci_get(item, "clientStatusDescription")) or status_name(status_id),
            occurred_at=occurred_at, final=coerce.flag(ci_get(item, "isFinalStatus")),
            locality=coerce.text(ci_get(item, "localityName", default="")),
        ))
    return Tracking(
        awb=awb, courier_id=_int(ci_get(data, "courier", "courierId")) or 0,
        status_id=_int(ci_get(data, "currentStatusId")), events=tuple(sorted(events, key=lambda e: e.occurred_at)),
        track_url=_link(ci_get(data, "trackUrl", "trackPageUrl")),
        external_order_id=coerce.text(ci_get(data, "externalOrderId", default="")),
        return_awb=coerce.text(ci_get(data, "returnAwb", default="")),
    )


def _has_json_errors(response):
    return bool(parse_errors(json_or_none(response)))
