"""The Innoship client: `X-Api-Key` and `api-version: 1.0` on every call, replies read case-insensitively.

Endpoints, from the doc (`innoship-order-api.txt`) and Innoship's public spec and official plugins:
- `POST api/Order` books a courier; `POST api/Order/validate` is the same check without booking;
- `GET api/Label/by-courier/{courierId}/awb/{awb}` is the label (PDF, A4 or A6);
- `POST api/Track/by-awb/with-return` tracks up to 200 AWBs of one courier;
- `DELETE api/Order/{courierId}/awb/{awb}` cancels a booking;
- `GET api/Courier/All` lists the couriers (what the official SDK and plugins call);
- `GET api/Order?externalOrderId=…` looks a booking up by our order number (see `bookings_for`).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from backoffice import coerce
from backoffice.casefold import ci_get
from backoffice.errors import (
    PartnerAuthError,
    PartnerIssue,
    PartnerOutcomeUnknown,
    PartnerResponseError,
    PartnerValidationError,
)
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import bounded, json_body, json_or_none, raise_for_transport

from .payout import payout_warning
from .statuses import courier_name, status_name

PARTNER = "innoship"
TRACK_BATCH = 200  # Innoship's limit of AWBs per tracking call
LABEL_FORMATS = ("A4", "A6")
# What the shop stores of a booking (Shipment's columns): a longer AWB is no AWB; a longer link, an amount
# with more digits or a currency that is no ISO code is left out, since the booking itself stands.
AWB_LENGTH, URL_LENGTH, AMOUNT_LIMIT, ID_MAX = 100, 500, Decimal(10) ** 8, 2**31 - 1


@dataclass(frozen=True)
class Courier:
    courier_id: int
    name: str


@dataclass(frozen=True)
class Price:
    amount: Decimal
    vat: Decimal
    total: Decimal
    currency: str


@dataclass(frozen=True)
class Booking:
    """A courier booking: Innoship's order id, the courier's AWB and what the booking costs."""

    client_order_id: str
    awb: str
    courier_id: int
    track_page_url: str = ""
    price: Price | None = None
    delivery_date: date | None = None
    barcodes: tuple[str, ...] = ()
    external_order_id: str = ""
    status_id: int | None = None
    # The extra services as booked, "including any changes from Rules" (doc, reply field table: Extra).
    # As (service, value) pairs, value a bool, an amount or a text.
    extra: tuple[tuple[str, bool | Decimal | str], ...] = ()

    @property
    def courier_name(self):
        return courier_name(self.courier_id)


@dataclass(frozen=True)
class Validation:
    valid: bool
    issues: tuple[PartnerIssue, ...] = ()


@dataclass(frozen=True)
class Label:
    awb: str
    content: bytes
    label_format: str

    @property
    def filename(self):
        return f"label-{self.awb}-{self.label_format}.pdf"


@dataclass(frozen=True)
class TrackEvent:
    status_id: int
    description: str
    occurred_at: datetime
    final: bool = False
    locality: str = ""


@dataclass(frozen=True)
class Tracking:
    """Where one AWB is: its current status and every status event the courier reported."""

    awb: str
    courier_id: int
    status_id: int | None
    events: tuple[TrackEvent, ...] = ()
    track_url: str = ""
    external_order_id: str = ""
    return_awb: str = ""


@dataclass(frozen=True)
class Cancellation:
    awb: str
    courier_id: int
    message: str = ""


# --- reading replies ---------------------------------------------------------------------------------------

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


# --- the client ----------------------------------------------------------------------------------------------

class InnoshipClient:
    def __init__(self, *, api_key, http: PartnerHTTP):
        self.api_key = api_key
        self.http = http

    @classmethod
    def from_settings(cls):
        return cls(api_key=settings.INNOSHIP_API_KEY, http=PartnerHTTP(partner_config(PARTNER)))

    def _headers(self, accept="application/json"):
        return {"X-Api-Key": self.api_key, "api-version": "1.0", "Accept": accept}

    def _send(self, method, path, *, operation, related=None, accept="application/json", **kwargs):
        return self.http.send(method, path, operation=operation, headers=self._headers(accept), related=related,
                              **kwargs)

    @staticmethod
    def _refusal(response):
        issues = parse_errors(json_body(response, PARTNER)) or [PartnerIssue("", "Request refused")]
        return PartnerValidationError("; ".join(str(i) for i in issues), partner=PARTNER,
                                      code=str(response.status_code), issues=issues)

    def _check(self, response, *, books=False):
        """Turns an error status into a typed error; `books` marks the call that may have booked a courier."""
        status = response.status_code
        if status in (400, 422):
            raise self._refusal(response)
        if status in (404, 405):
            if _has_json_errors(response):
                raise self._refusal(response)
            raise PartnerAuthError(
                f"Innoship answered HTTP {status} for {response.request.path_url.split('?')[0]}: check "
                "INNOSHIP_BASE_URL.", partner=PARTNER, code=f"http_{status}",
            )
        if books and status >= 500 and status != 503:
            # A server error after a booking request may come after the courier booked it: reconcile.
            raise PartnerOutcomeUnknown(
                f"Innoship answered HTTP {status} to the booking; it may have booked it.", partner=PARTNER,
                code=f"http_{status}",
            )
        raise_for_transport(response, PARTNER)
        if status >= 400:
            raise PartnerResponseError(f"Innoship answered HTTP {status}.", partner=PARTNER, code=f"http_{status}")
        return response

    def book(self, payload, *, related=None) -> Booking:
        """Books a courier: one POST, never retried (a retry could pay for a second label)."""
        response = self._check(self._send("POST", "api/Order", operation="book", json=payload, related=related),
                               books=True)
        return parse_booking(json_body(response, PARTNER))

    def validate(self, payload, *, related=None) -> Validation:
        """Innoship's own check of a booking request; books nothing, so it may be retried."""
        response = self._send("POST", "api/Order/validate", operation="validate", json=payload, related=related,
                              read_only=True)
        if response.status_code in (400, 422):
            return Validation(False, self._refusal(response).issues)
        self._check(response)
        return Validation(True)

    def label(self, courier_id, awb, *, label_format="A6", related=None) -> Label:
        if label_format not in LABEL_FORMATS:
            raise ValueError(f"Label format must be one of {LABEL_FORMATS}.")
        response = self._send(
            "GET", f"api/Label/by-courier/{courier_id}/awb/{awb}", operation="label", related=related,
            params={"type": "PDF", "format": label_format, "useFile": "true"}, accept="application/pdf",
        )
        self._check(response)
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/pdf" or not response.content.startswith(b"%PDF-"):
            raise PartnerResponseError(
                f"Innoship sent {content_type or 'no content type'} instead of a PDF label for AWB {awb}.",
                partner=PARTNER, code="not_pdf",
            )
        return Label(awb=str(awb), content=response.content, label_format=label_format)

    def track(self, courier_id, awbs) -> list[Tracking]:
        """The tracking of the given AWBs of one courier, in calls of at most 200 AWBs."""
        found = []
        awbs = list(awbs)
        for start in range(0, len(awbs), TRACK_BATCH):
            batch = awbs[start : start + TRACK_BATCH]
            response = self._send("POST", "api/Track/by-awb/with-return", operation="track", read_only=True,
                                  json={"courier": courier_id, "awbList": batch})
            data = json_body(self._check(response), PARTNER)
            if not isinstance(data, list):
                raise PartnerResponseError("Innoship's tracking reply is not a list.", partner=PARTNER,
                                           code="malformed_reply")
            found.extend(t for t in map(parse_tracking, data) if t is not None)
        return found

    def cancel(self, courier_id, awb, *, related=None) -> Cancellation:
        response = self._check(self._send("DELETE", f"api/Order/{courier_id}/awb/{awb}", operation="cancel",
                                          related=related))
        data = json_body(response, PARTNER) if response.content.strip() else {}
        return Cancellation(awb=str(awb), courier_id=int(courier_id), message=coerce.text(ci_get(data, "message")))

    def couriers(self) -> list[Courier]:
        data = json_body(self._check(self._send("GET", "api/Courier/All", operation="couriers")), PARTNER)
        couriers = []
        for item in data if isinstance(data, list) else []:
            courier_id = _int(ci_get(item, "courierId", "id"))
            if courier_id is not None:
                name = ci_get(item, "courierDisplayName", "courierName", "name", default="") or ""
                couriers.append(Courier(courier_id, coerce.text(name) or courier_name(courier_id)))
        return couriers

    def bookings_for(self, external_order_id, *, related=None) -> list[Booking]:
        """Every booking Innoship holds for one of our order numbers (its externalOrderId).

        Innoship's public documents describe no such lookup; this follows its REST shape and is isolated here.
        Only a 200 with a list counts as an answer: an empty list means Innoship has no booking, anything else
        raises, so a missing endpoint can never pass for "not booked".
        """
        response = self._send("GET", "api/Order", operation="lookup", related=related,
                              params={"externalOrderId": external_order_id})
        data = json_body(self._check(response), PARTNER)
        if isinstance(data, dict):
            data = ci_get(data, "items", "orders", "data")
        if not isinstance(data, list):
            raise PartnerResponseError("Innoship's order lookup did not answer with a list.", partner=PARTNER,
                                       code="malformed_reply")
        bookings = [parse_booking(item) for item in data]
        if any(not b.external_order_id for b in bookings):
            raise PartnerResponseError("Innoship's order lookup does not say which order each booking is for.",
                                       partner=PARTNER, code="malformed_reply")
        return [b for b in bookings if b.external_order_id == str(external_order_id)]


def check_connection():
    couriers = InnoshipClient.from_settings().couriers()
    detail = f"{len(couriers)} couriers: " + ", ".join(c.name for c in couriers[:5])
    warning = payout_warning()
    return f"{detail}. {warning}" if warning else detail
