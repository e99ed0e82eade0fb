"""InnoCigs' dropship, order, tracking and delivery replies, read into frozen dataclasses.

Both APIs carry the same structure, so an XML reply is first turned into the JSON shape
(`parse.element_to_dict`) and one reader serves both; the ERRORS blocks are read by `parse.error_issues`.
The readers accept the shapes seen in the wild: a list or a single object wherever the documentation shows a
list, TRACKINGINFO nested or not, numbers as strings or numbers, and tracking codes with whitespace.
"""

from dataclasses import dataclass

from backoffice import coerce
from backoffice.coerce import whole_number
from backoffice.errors import PartnerIssue, PartnerResponseError
from backoffice.replies import bounded

from .shapes import error_issues

PARTNER = "innocigs"
# The longest of each the shop stores (the columns they go into); a longer one is no real one.
ID_LENGTH, NUMBER_LENGTH, DELIVERY_NUMBER_LENGTH, CARRIER_LENGTH, CODE_LENGTH = 40, 64, 60, 60, 100
QUANTITY_MAX = 2**31 - 1


@dataclass(frozen=True)
class DropshipResult:
    """InnoCigs' answer for one DROPSHIP of a request."""

    orders_number: str
    status: str  # "OK" or "NOK" (anything else is kept as sent)
    message: str = ""
    dropship_id: str = ""
    orders_id: str = ""
    issues: tuple[PartnerIssue, ...] = ()

    @property
    def ok(self):
        return self.status == "OK"

    @property
    def codes(self):
        return {issue.code for issue in self.issues}


@dataclass(frozen=True)
class OrderResult:
    """InnoCigs' answer for a standard order."""

    orders_number: str
    status: str
    message: str = ""
    orders_id: str = ""
    issues: tuple[PartnerIssue, ...] = ()

    @property
    def ok(self):
        return self.status == "OK"


@dataclass(frozen=True)
class Parcel:
    carrier: str
    code: str


@dataclass(frozen=True)
class TrackedDropship:
    dropship_id: str
    orders_number: str
    delivery_number: str
    parcels: tuple[Parcel, ...]


@dataclass(frozen=True)
class Cancellation:
    dropship_id: str
    orders_number: str
    message: str


@dataclass(frozen=True)
class Tracking:
    dropships: tuple[TrackedDropship, ...] = ()
    cancellations: tuple[Cancellation, ...] = ()


@dataclass(frozen=True)
class DeliveredItem:
    model: str
    quantity: int | None


@dataclass(frozen=True)
class DeliveredOrder:
    orders_number: str
    orders_id: str
    items: tuple[DeliveredItem, ...]


@dataclass(frozen=True)
class DeliveryNoteData:
    delivery_number: str
    parcels: tuple[Parcel, ...]
    orders: tuple[DeliveredOrder, ...]


def text(value) -> str:
    return coerce.text(value, strip=True)


def many(value) -> list[dict]:
    """A list of objects from a list, a single object, or nothing (InnoCigs sends all three)."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _nested(value, tag) -> list[dict]:
    """Items wrapped or not in `tag`: [{"TAG": {...}}], {"TAG": [...]}, or the items themselves."""
    found = []
    for item in many(value):
        found.extend(many(item[tag]) if tag in item else [item])
    return found


def _id(value, field) -> str:
    """An InnoCigs id; -1 (its "none") becomes empty."""
    value = text(value)
    return "" if value in ("-1", "0") else bounded(value, ID_LENGTH, partner=PARTNER, field=field)


def _bounded(value, max_length, field) -> str:
    return bounded(text(value), max_length, partner=PARTNER, field=field)


def _container(data, name):
    if not isinstance(data, dict) or name not in data:
        raise PartnerResponseError(f"InnoCigs' reply has no {name} block.", partner=PARTNER, code="malformed_reply")
    return data[name]


def dropship_results(data) -> list[DropshipResult]:
    """Every DROPSHIP of a dropship reply, in the order InnoCigs listed them."""
    block = _container(data, "DROPSHIPPING")
    return [
        DropshipResult(
            orders_number=text(d.get("ORDERS_NUMBER")), status=text(d.get("STATUS")).upper(),
            message=text(d.get("MESSAGE")), dropship_id=_id(d.get("DROPSHIP_ID"), "DROPSHIP_ID"),
            orders_id=_id(d.get("ORDERS_ID"), "ORDERS_ID"), issues=error_issues(d),
        )
        for d in _nested(block, "DROPSHIP")
    ]


def order_result(data) -> OrderResult:
    block = many(_container(data, "ORDER"))
    if len(block) != 1:
        raise PartnerResponseError("InnoCigs' order reply does not hold exactly one ORDER.", partner=PARTNER,
                                   code="malformed_reply")
    order = block[0]
    return OrderResult(text(order.get("ORDERS_NUMBER")), text(order.get("STATUS")).upper(),
                       text(order.get("MESSAGE")), _id(order.get("ORDERS_ID"), "ORDERS_ID"), error_issues(order))


def tracking_code(value) -> str:
    """A tracking code as carriers print it with spaces, joined again."""
    return bounded("".join(text(value).split()), CODE_LENGTH, partner=PARTNER, field="tracking code")


def _parcel(carrier, code) -> Parcel | None:
    code = tracking_code(code)
    return Parcel(_bounded(carrier, CARRIER_LENGTH, "CARRIER"), code) if code else None


def _parcels(value) -> tuple[Parcel, ...]:
    found = (_parcel(info.get("CARRIER"), info.get("CODE")) for info in _nested(value, "TRACKINGINFO"))
    return tuple(parcel for parcel in found if parcel)


def tracking(data) -> Tracking:
    """A tracking reply (by day or by order). A day without parcels may come as an empty TRACKING."""
    block = data.get("TRACKING") if isinstance(data, dict) else None
    if block is None:
        raise PartnerResponseError("InnoCigs' reply has no TRACKING block.", partner=PARTNER,
                                   code="malformed_reply")
    if not isinstance(block, dict):
        return Tracking()
    dropships = tuple(
        TrackedDropship(_id(d.get("DROPSHIP_ID"), "DROPSHIP_ID"), text(d.get("ORDERS_NUMBER")),
                        _bounded(d.get("DELIVERY_NUMBER"), DELIVERY_NUMBER_LENGTH, "DELIVERY_NUMBER"),
                        _parcels(d.get("TRACKINGS")))
        for d in many(block.get("DROPSHIP"))
    )
    cancellations = tuple(
        Cancellation(_id(c.get("DROPSHIP_ID"), "DROPSHIP_ID"), text(c.get("ORDERS_NUMBER")), text(c.get("MESSAGE")))
        for c in many(block.get("CANCELLATION"))
    )
    return Tracking(dropships, cancellations)


def _quantity(value):
    return whole_number(text(value), maximum=QUANTITY_MAX)


def _attributes(item) -> dict:
    """A TRACKING's carrier and code: XML attributes (`_attributes` in REST), or plain fields."""
    attributes = item.get("_attributes")
    return attributes if isinstance(attributes, dict) and attributes else item


def delivery_notes(data) -> list[DeliveryNoteData]:
    block = data.get("DELIVERIES") if isinstance(data, dict) else None
    if block is None:
        raise PartnerResponseError("InnoCigs' reply has no DELIVERIES block.", partner=PARTNER,
                                   code="malformed_reply")
    notes = []
    for delivery in _nested(block, "DELIVERY"):
        found = (_parcel(attrs.get("carrier"), attrs.get("tracking_code"))
                 for attrs in map(_attributes, _nested(delivery.get("TRACKINGS"), "TRACKING")))
        parcels = tuple(parcel for parcel in found if parcel)
        orders = tuple(
            DeliveredOrder(
                _bounded(o.get("ORDERS_NUMBER"), NUMBER_LENGTH, "ORDERS_NUMBER"),
                _bounded(o.get("ORDERS_ID"), ID_LENGTH, "ORDERS_ID"),
                tuple(DeliveredItem(_bounded(p.get("PRODUCTS_MODEL"), NUMBER_LENGTH, "PRODUCTS_MODEL"),
                                    _quantity(p.get("QUANTITY")))
                      for p in _nested(o.get("PRODUCTS"), "PRODUCT")),
            )
            for o in _nested(delivery.get("INCLUDED_ORDERS"), "ORDER")
        )
        number = _bounded(delivery.get("DELIVERY_NUMBER"), DELIVERY_NUMBER_LENGTH, "DELIVERY_NUMBER")
        if not number:
            raise PartnerResponseError("A DELIVERY in InnoCigs' reply has no DELIVERY_NUMBER.", partner=PARTNER,
                                       code="malformed_reply", field="DELIVERY_NUMBER")
        notes.append(DeliveryNoteData(number, parcels, orders))
    return notes
