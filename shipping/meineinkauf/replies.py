"""Reading MeinEinkauf.ch's replies. Every reader takes whatever came and returns a typed value or None; nothing
raises (a state or a field the doc does not describe is kept, see client.py)."""

import json

from backoffice import coerce
from backoffice.errors import PartnerIssue
from backoffice.storable import storable
from shipping.meineinkauf.remote import (
    Article,
    Consignment,
    Extra,
    FileRef,
    Item,
    OrderRef,
    RemoteOrder,
    RemoteReturn,
    StateChange,
    Storage,
    Tour,
    Tracking,
)

ORDER_KEYS = {"id", "externalId", "created", "orderNumber", "orderDate", "processingState", "processingStateHistory",
              "processingStateChanged", "consignments"}
CONSIGNMENT_KEYS = {"reference", "externalId", "tracking", "gas", "gasLabels", "items", "storage", "customerInvoice"}
RETURN_KEYS = {"id", "created", "reference", "processingState", "processingStateHistory", "processingStateChanged",
               "order", "items", "tour", "tracking"}
ITEM_KEYS = {"id", "reference", "article", "reason", "state"}


def parse_errors(data) -> list[PartnerIssue]:
    """The errors of a reply; an entry that says nothing (no code, no message) is no error."""
    errors = data.get("errors") if isinstance(data, dict) else None
    issues = (PartnerIssue(coerce.text(e.get("code")), coerce.text(e.get("message")),
                           coerce.text(e.get("property")))
              for e in (errors if isinstance(errors, list) else []) if isinstance(e, dict))
    return [issue for issue in issues if issue.code.strip() or issue.message.strip()]


def _dicts(value):
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _extra(data, known) -> Extra:
    return tuple(
        (storable(str(key)), storable(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)))
        for key, value in data.items()
        if key not in known
    )


def parse_file(data) -> FileRef | None:
    if not isinstance(data, dict) or not data.get("name"):
        return None
    return FileRef(coerce.text(data.get("name")), coerce.text(data.get("mimeType")),
                   coerce.text(data.get("extension")),
                   coerce.whole_number(data.get("size")))


def parse_tracking(data) -> Tracking | None:
    if not isinstance(data, dict):
        return None
    tracking = Tracking(coerce.text(data.get("carrier")), coerce.text(data.get("trackingNumber")),
                        parse_file(data.get("labelFile")))
    return tracking if tracking.tracking_number or tracking.label else None


def parse_history(value) -> tuple[StateChange, ...]:
    return tuple(
        StateChange(coerce.text(h.get("state")), coerce.aware_datetime(h.get("changed")), coerce.text(h.get("changed")))
        for h in _dicts(value)
    )


def parse_item(data) -> Item:
    article = data.get("article") if isinstance(data.get("article"), dict) else {}
    return Item(
        coerce.whole_number(data.get("id")), coerce.text(data.get("reference")),
        Article(coerce.whole_number(article.get("id")), coerce.text(article.get("articleNumber")),
                coerce.text(article.get("externalId")),
                coerce.text(article.get("name")), coerce.text(article.get("payload"))),
        coerce.text(data.get("reason")), coerce.text(data.get("state")), _extra(data, ITEM_KEYS),
    )


def parse_consignment(data) -> Consignment:
    storage = data.get("storage")
    return Consignment(
        reference=coerce.text(data.get("reference")),
        external_id=coerce.text(data.get("externalId")),
        tracking=parse_tracking(data.get("tracking")),
        gas=parse_tracking(data.get("gas")),
        gas_labels=tuple(t for t in map(parse_tracking, _dicts(data.get("gasLabels"))) if t),
        items=tuple(parse_item(i) for i in _dicts(data.get("items"))),
        storage=Storage(coerce.text(storage.get("cause")), coerce.aware_datetime(storage.get("checkInDate")),
                        coerce.text(storage.get("solution")), coerce.aware_datetime(storage.get("checkOutDate")))
        if isinstance(storage, dict) else None,
        customer_invoice=parse_file(data.get("customerInvoice")),
        extra=_extra(data, CONSIGNMENT_KEYS),
    )


def parse_order(data) -> RemoteOrder | None:
    if not isinstance(data, dict):
        return None
    order_id = coerce.whole_number(data.get("id"))
    if order_id is None:
        return None
    return RemoteOrder(
        id=order_id,
        order_number=coerce.text(data.get("orderNumber")),
        processing_state=coerce.text(data.get("processingState")),
        external_id=coerce.text(data.get("externalId")),
        created=coerce.aware_datetime(data.get("created")),
        order_date=coerce.day(data.get("orderDate")),
        history=parse_history(data.get("processingStateHistory")),
        state_changed_at=coerce.aware_datetime(data.get("processingStateChanged")),
        consignments=tuple(parse_consignment(c) for c in _dicts(data.get("consignments"))),
        extra=_extra(data, ORDER_KEYS),
    )


def parse_return(data) -> RemoteReturn | None:
    if not isinstance(data, dict):
        return None
    return_id = coerce.whole_number(data.get("id"))
    if return_id is None:
        return None
    order = data.get("order") if isinstance(data.get("order"), dict) else {}
    tour = data.get("tour")
    return RemoteReturn(
        id=return_id,
        reference=coerce.text(data.get("reference")),
        processing_state=coerce.text(data.get("processingState")),
        order=OrderRef(coerce.whole_number(order.get("id")), coerce.text(order.get("orderNumber")),
                       coerce.text(order.get("externalId"))),
        created=coerce.aware_datetime(data.get("created")),
        history=parse_history(data.get("processingStateHistory")),
        state_changed_at=coerce.aware_datetime(data.get("processingStateChanged")),
        items=tuple(parse_item(i) for i in _dicts(data.get("items"))),
        tour=Tour(coerce.whole_number(tour.get("id")), coerce.text(tour.get("mrnDe")), coerce.text(tour.get("mrnCh")),
                  coerce.day(tour.get("transferDate"))) if isinstance(tour, dict) else None,
        tracking=parse_tracking(data.get("tracking")),
        extra=_extra(data, RETURN_KEYS),
    )
