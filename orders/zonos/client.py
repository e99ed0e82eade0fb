"""The Zonos / iGlobal client: JSON POST; an {"error": ...} body (under HTTP 200) is an error.

Endpoints: v1/orderNumbers (the partner doc), v2/orderDetail and v1/updateMerchantOrderId (Zonos' public
reference and the public Magento, WooCommerce and osCommerce integrations; see the README).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext

from backoffice import coerce
from backoffice.errors import (
    PartnerAuthError,
    PartnerError,
    PartnerResponseError,
    PartnerValidationError,
)
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import bounded, json_body, raise_for_transport

PARTNER = "zonos"
# A store id and a sequence number; at most 18 digits each, so a sequence always fits a database integer.
ORDER_ID = re.compile(r"^(?:([0-9]{1,18})-)?([0-9]{1,18})$")
# What the shop stores of a listed order (ZonosOrder's columns); longer is no real status or shop number.
STATUS_LENGTH, MERCHANT_ORDER_ID_LENGTH = 60, 100


@dataclass(frozen=True)
class OrderNumber:
    """One row of orderNumbers. `status` and `merchant_order_id` are None when the reply had no statuses."""

    order_id: str
    placed_at: datetime | None
    test_order: bool
    status: str | None = None
    status_date: datetime | None = None
    merchant_order_id: str | None = None

    @property
    def sequence(self):
        return int(ORDER_ID.match(self.order_id).group(2))


@dataclass(frozen=True)
class OrderNumbers:
    total_count: int
    order_count: int
    test_order_count: int
    orders: tuple[OrderNumber, ...]


@dataclass(frozen=True)
class Address:
    name: str
    company: str
    email: str
    phone: str
    address1: str
    address2: str
    city: str
    state: str
    zip: str
    country_code: str


@dataclass(frozen=True)
class Item:
    sku: str
    product_id: str
    description: str
    quantity: int
    unit_price: Decimal
    weight: Decimal | None
    weight_units: str


@dataclass(frozen=True)
class OrderDetail:
    order_id: str
    merchant_order_id: str
    test_order: bool
    status: str
    shipping: Address
    billing: Address | None  # None: Zonos sent no separate billing address
    items: tuple[Item, ...]
    shipping_total: Decimal
    duty_taxes_total: Decimal
    grand_total: Decimal | None
    customer_currency: str
    birth_date: str


@dataclass(frozen=True)
class MerchantOrderIdUpdate:
    order_id: str
    merchant_order_id: str
    message: str


# What Zonos says, and what it means in staff words: (pattern, error class, code, field, explanation).
# Zonos answers in English; the partner doc's German translations are matched too. The explanations are stored
# with the error in English and said in the reader's language where shown.
KNOWN_ERRORS = [
    (r"credential|secret|sicherheitsanmeldeinformationen", PartnerAuthError, "credentials", "",
     N_("Zonos refused the store id and secret. This is a configuration problem, not a problem with an order: "
        "check ZONOS_STORE_ID and ZONOS_SECRET.")),
    (r"both|beide", PartnerValidationError, "conflicting_parameters", "",
     N_("Zonos takes one of the two parameters, never both (an order id or a date to list from).")),
    (r"is required|erforderlich", PartnerValidationError, "missing_parameter", "",
     N_("Zonos missed a required parameter in the request.")),
    (r"sinceorderid", PartnerValidationError, "unknown_since_order_id", "sinceOrderId",
     N_("Zonos does not know the order to list from, so it cannot list the orders placed after it. Check the id "
        "(with or without the store id, e.g. 999-99991 or 99991), or reconcile by date with --since-date.")),
    (r"not a valid|keine gültige", PartnerValidationError, "invalid_order_id", "orderId",
     N_("Zonos does not accept this as an order id.")),
    (r"could not find|could not retrieve|couldn't find", PartnerValidationError, "unknown_order", "orderId",
     N_("Zonos has no order with this id for this store.")),
    (r"pars|invalid post body|invalid json", PartnerValidationError, "unreadable_request", "",
     N_("Zonos could not read the request.")),
    (r"could not be processed|nicht verarbeitet", PartnerError, "not_processed", "",
     N_("Zonos could not produce the order details right now; try again later.")),
]


def error_from_body(error) -> PartnerError:
    """The typed error for Zonos' {"error": ...} body, explained in staff words and quoting Zonos."""
    text = str(error.get("message", error) if isinstance(error, dict) else error).strip()
    for pattern, cls, code, field, explanation in KNOWN_ERRORS:
        if re.search(pattern, text, re.IGNORECASE):
            retryable = code == "not_processed"
            return cls(N_('%(explanation)s (Zonos said: "%(text)s")') % {"explanation": explanation, "text": text},
                       partner=PARTNER, code=code, field=field, retryable=retryable)
    return PartnerError(N_('Zonos refused the request: "%(text)s"') % {"text": text}, partner=PARTNER, code="error")


def _refuse(message, field=""):
    """An argument Zonos would refuse: refused here, before any request."""
    return PartnerValidationError(message, partner=PARTNER, code="arguments", field=field)


_text = partial(coerce.text, strip=True)  # Zonos pads some of its fields with spaces


def _malformed(message):
    return PartnerResponseError(message, partner=PARTNER, code="malformed_reply")


def _timestamp(value):
    """Zonos' 'yyyy-mm-dd hh:mm:ss.S' (UTC), or an epoch in milliseconds; None when unreadable."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000, tz=UTC)
        except (ValueError, OverflowError, OSError):  # beyond the calendar
            return None
    moment = coerce.aware_datetime(value, zone=UTC)
    return moment.astimezone(UTC) if moment else None


def _decimal(value, what, *, required=True):
    """An amount Zonos must send readable: a missing one is an error when `required`, an unreadable one always."""
    if value is None or value == "":
        if required:
            raise _malformed(f"Zonos sent no {what}.")
        return None
    amount = coerce.decimal(value)
    if amount is None:
        raise _malformed(f"Zonos sent an unreadable {what}: {_text(value)[:40]!r}.")
    return amount


def _count(value, default):
    """A count of orders; Zonos' own, or `default` when it sent none or something that is no count."""
    count = coerce.whole_number(value)
    return default if count is None else count


def _quantity(value, position):
    """A whole quantity: 2, 2.0 or "2"; 2.5, "two" or infinity is unreadable (never rounded down)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]{1,18}\s*", value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _malformed(f"Zonos sent an unreadable quantity for item {position}: {_text(value)[:40]!r}.")


def same_order(one, other):
    """True when two Zonos order ids name the same order, with or without the store id (999-99991, 99991)."""
    a, b = ORDER_ID.match(one), ORDER_ID.match(other)
    return bool(a and b) and a[2] == b[2] and (a[1] == b[1] or None in (a[1], b[1]))


def _status(value):
    return bounded(_text(value), STATUS_LENGTH, partner=PARTNER, field="orderStatus")


def _order_number(row) -> OrderNumber:
    order_id = _text(row.get("id"))
    if not ORDER_ID.match(order_id):
        raise _malformed(f"Zonos listed an order with an unreadable id: {order_id[:40]!r}.")
    with_statuses = "orderStatus" in row or "merchantOrderId" in row
    return OrderNumber(
        order_id=order_id,
        placed_at=_timestamp(row.get("timestamp")),
        test_order=row.get("testOrder") in (True, "true"),
        status=_status(row.get("orderStatus")) if with_statuses else None,
        status_date=(_timestamp(row.get("orderStatusDate")) or _timestamp(row.get("orderStatusDateString")))
        if with_statuses else None,
        merchant_order_id=bounded(_text(row.get("merchantOrderId")), MERCHANT_ORDER_ID_LENGTH, partner=PARTNER,
                                  field="merchantOrderId") if with_statuses else None,
    )


def _address(order, prefix=""):
    def field(name):
        return _text(order.get(f"{prefix}{name[0].upper()}{name[1:]}" if prefix else name))

    return Address(
        name=field("name"), company=field("company"), email=field("email"), phone=field("phone"),
        address1=field("address1"), address2=field("address2"), city=field("city"), state=field("state"),
        zip=field("zip"), country_code=field("countryCode").upper(),
    )


def _item(row, position) -> Item:
    if not isinstance(row, dict):
        raise PartnerResponseError(f"Zonos sent item {position} in an unexpected shape.", partner=PARTNER,
                                   code="malformed_reply")
    quantity = _quantity(row.get("quantity"), position)
    return Item(
        sku=_text(row.get("sku")), product_id=_text(row.get("productId")), description=_text(row.get("description")),
        quantity=quantity, unit_price=_decimal(row.get("unitPrice"), f"unit price for item {position}"),
        weight=_decimal(row.get("weight"), f"weight for item {position}", required=False),
        weight_units=_text(row.get("weightUnits")).upper(),
    )


def _order_detail(order) -> OrderDetail:
    order_id = _text(order.get("orderId") or order.get("id"))
    items = order.get("items") or []
    if not isinstance(items, list):
        raise PartnerResponseError("Zonos sent the items of an order in an unexpected shape.", partner=PARTNER,
                                   code="malformed_reply")
    return OrderDetail(
        order_id=order_id,
        merchant_order_id=_text(order.get("merchantOrderId")),
        test_order=order.get("testOrder") in (True, "true"),
        status=_status(order.get("orderStatus")),
        shipping=_address(order),
        billing=_address(order, "billing") if _text(order.get("billingAddress1")) else None,
        items=tuple(_item(row, n) for n, row in enumerate(items, start=1)),
        shipping_total=_decimal(order.get("shippingTotal") or 0, "shipping total"),
        duty_taxes_total=_decimal(order.get("dutyTaxesTotal") or 0, "duties and taxes total"),
        grand_total=_decimal(order.get("grandTotal"), "grand total", required=False),
        customer_currency=_text(order.get("foreignCurrencyCode")).upper(),
        birth_date=_text(order.get("birthDate")),
    )


class ZonosClient:
    def __init__(self, *, store, secret, http: PartnerHTTP):
        self.store = store
        self.secret = secret
        self.http = http

    @classmethod
    def from_settings(cls):
        return cls(store=settings.ZONOS_STORE_ID, secret=settings.ZONOS_SECRET,
                   http=PartnerHTTP(partner_config(PARTNER)))

    def _post(self, path, payload, *, operation, read_only=True, related=None):
        body = {"store": self.store, "secret": self.secret, **payload}
        response = self.http.send(
            "POST", path, operation=operation, json=body, read_only=read_only, related=related,
            headers={"Accept": "application/json", "Content-Type": "application/json"},
        )
        raise_for_transport(response, PARTNER, write=not read_only)
        if response.status_code in (406, 415):
            header = "Accept" if response.status_code == 406 else "Content-Type"
            raise PartnerResponseError(
                f"Zonos refused the request's {header} header (HTTP {response.status_code}).", partner=PARTNER,
                code=f"http_{response.status_code}",
            )
        data = json_body(response, PARTNER)
        # Zonos reports errors with HTTP 200 (orderDetail's reference also mentions 400) and an error body.
        if isinstance(data, dict) and data.get("error"):
            raise error_from_body(data["error"])
        if response.status_code >= 400:
            raise PartnerResponseError(f"Zonos answered HTTP {response.status_code} without an error text.",
                                       partner=PARTNER, code=f"http_{response.status_code}")
        if not isinstance(data, dict):
            raise PartnerResponseError("Zonos sent JSON of an unexpected shape.", partner=PARTNER,
                                       code="malformed_reply")
        return data

    def order_numbers(self, *, since_order_id=None, since_date: date | None = None, through_date: date | None = None,
                      missing_merchant_order_id=False, statuses=True) -> OrderNumbers:
        """The orders placed after `since_order_id`, or on and after `since_date` [through `through_date`]."""
        if since_order_id and since_date:
            raise _refuse("List either since an order id or since a date, not both: Zonos accepts only one of them.",
                          "sinceOrderId")
        if through_date and not since_date:
            raise _refuse("A through date needs a since date.", "throughDate")
        if through_date and through_date < since_date:
            raise _refuse(f"The through date {through_date:%Y-%m-%d} is before the since date {since_date:%Y-%m-%d}.",
                          "throughDate")
        if not (since_order_id or since_date or missing_merchant_order_id):
            raise _refuse("Say where to list from: a Zonos order id or a date.", "sinceOrderId")
        payload = {}
        if since_order_id:
            if not ORDER_ID.match(str(since_order_id).strip()):
                raise _refuse(f"{since_order_id!r} is not a Zonos order id (e.g. 999-99991 or 99991).", "sinceOrderId")
            payload["sinceOrderId"] = str(since_order_id).strip()
        if since_date:
            payload["sinceDate"] = since_date.strftime("%Y%m%d")
        if through_date:
            payload["throughDate"] = through_date.strftime("%Y%m%d")
        if missing_merchant_order_id:
            payload["missingMerchantOrderId"] = True
        if statuses:
            payload["statuses"] = True
        data = self._post("v1/orderNumbers", payload, operation="orderNumbers")
        rows = data.get("orders") or []
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise PartnerResponseError("Zonos sent the order list in an unexpected shape.", partner=PARTNER,
                                       code="malformed_reply")
        orders = tuple(_order_number(row) for row in rows)
        return OrderNumbers(
            total_count=_count(data.get("totalCount"), len(orders)),
            order_count=_count(data.get("orderCount"), sum(not o.test_order for o in orders)),
            test_order_count=_count(data.get("testOrderCount"), sum(o.test_order for o in orders)),
            orders=orders,
        )

    def order_detail(self, order_id, *, related=None) -> OrderDetail:
        data = self._post("v2/orderDetail", {"orderId": str(order_id)}, operation="orderDetail", related=related)
        order = data.get("order")
        if not isinstance(order, dict):
            raise PartnerResponseError(f"Zonos sent no details for order {order_id}.", partner=PARTNER,
                                       code="malformed_reply")
        asked, named = str(order_id).strip(), _text(order.get("orderId") or order.get("id"))
        if named and not same_order(named, asked):
            raise _malformed(f"Zonos answered with the details of order {named[:40]!r} when asked for {asked}.")
        return _order_detail({**order, "orderId": named or asked})

    def update_merchant_order_id(self, *, order_id, merchant_order_id, related=None) -> MerchantOrderIdUpdate:
        """Tells Zonos which shop order its order became. Setting the same value again changes nothing."""
        if not merchant_order_id:
            raise _refuse("A merchant order id is needed.", "merchantOrderId")
        data = self._post("v1/updateMerchantOrderId", {"orderId": str(order_id), "merchantOrderId": merchant_order_id},
                          operation="updateMerchantOrderId", read_only=False, related=related)
        return MerchantOrderIdUpdate(str(order_id), merchant_order_id, _text(data.get("success")))


def check_connection():
    listed = ZonosClient.from_settings().order_numbers(since_date=datetime.now(UTC).date())
    count = listed.total_count
    return ngettext("%(count)s order today", "%(count)s orders today", count) % {"count": count}
