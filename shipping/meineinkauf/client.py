"""The MeinEinkauf.ch client: Basic auth as user `api`, JSON in and out, typed results.

Replies are read leniently: a state or a field the doc does not describe is kept (states as plain
strings, unknown fields as `extra` pairs of name and JSON text) and never makes a reply unreadable.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from django.conf import settings

from backoffice import coerce
from backoffice.errors import (
    PartnerAuthError,
    PartnerConfigurationError,
    PartnerIssue,
    PartnerResponseError,
    PartnerValidationError,
)
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import json_body, json_or_none, raise_for_transport
from backoffice.storable import storable

PARTNER = "meineinkauf"
TEST_API_KEY = "MEINEINKAUF_TEST_API_KEY"  # the doc's test key: validates everything, stores nothing
PAGE_SIZE = 50  # the most the list endpoints return at once
KEY_REFUSED = "API key refused"  # how a refused key is worded, so the dashboard can tell it from other failures
# How a 400 is worded, for the same reason: the doc's "endpoint does not exist or incorrect HTTP method".
WRONG_ENDPOINT = "Configuration error"
# The doc's error table; they mean "no such order / return" whatever HTTP status carries them.
ORDER_NOT_FOUND = "E1001"
RETURN_NOT_FOUND = "E1002"

# Every path this client calls, relative to https://api.meineinkauf.ch/v1/ (doc, "can be found at").
PATHS = {
    # Doc, echo section: `curl https://api.meineinkauf.ch/v1/echo/HelloWorld -X GET`.
    "echo": "echo/{text}",
    # Public client rentasad/MeinEinkaufApiV1, MeinEinkaufApiConnectorTest.testSendPostRequest: POST /v1/order.
    "order_create": "order",
    # Our guess where the doc is silent: it names one "order endpoint" both to transfer orders and to request
    # their status (doc, intro of "Post order"), so reads go to the same resource; one order by its number
    # (doc, "Get single order": orderNumber).
    "order_list": "order",
    "order_get": "order/{number}",
    # Our guess where the doc is silent: it speaks of "our returns endpoint" (doc, intro of "Get multiple
    # returns"); one return by its reference (doc, "Get single return": reference).
    "return_list": "returns",
    "return_get": "returns/{reference}",
}

Extra = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Echo:
    echo: str
    test_mode: bool


@dataclass(frozen=True)
class Registration:
    id: int
    test_mode: bool


@dataclass(frozen=True)
class FileRef:
    """A file MeinEinkauf lists (an invoice or a label); the doc gives its name, type and size, no address."""

    name: str
    mime_type: str = ""
    extension: str = ""
    size: int | None = None


@dataclass(frozen=True)
class Tracking:
    carrier: str
    tracking_number: str
    label: FileRef | None = None


@dataclass(frozen=True)
class StateChange:
    state: str
    changed_at: datetime | None
    changed_text: str = ""  # as it came, for when it could not be read as a time


@dataclass(frozen=True)
class Article:
    id: int | None
    article_number: str
    external_id: str = ""
    name: str = ""
    payload: str = ""


@dataclass(frozen=True)
class Item:
    id: int | None
    reference: str
    article: Article
    reason: str = ""
    state: str = ""
    extra: Extra = ()


@dataclass(frozen=True)
class Storage:
    cause: str = ""
    check_in: datetime | None = None
    solution: str = ""
    check_out: datetime | None = None


@dataclass(frozen=True)
class Consignment:
    reference: str
    external_id: str = ""
    tracking: Tracking | None = None
    gas: Tracking | None = None
    gas_labels: tuple[Tracking, ...] = ()
    items: tuple[Item, ...] = ()
    storage: Storage | None = None
    customer_invoice: FileRef | None = None
    extra: Extra = ()


@dataclass(frozen=True)
class RemoteOrder:
    id: int
    order_number: str
    processing_state: str
    external_id: str = ""
    created: datetime | None = None
    order_date: date | None = None
    history: tuple[StateChange, ...] = ()
    state_changed_at: datetime | None = None
    consignments: tuple[Consignment, ...] = ()
    extra: Extra = ()

    @property
    def changed(self):
        return self.state_changed_at or self.created


@dataclass(frozen=True)
class OrderRef:
    id: int | None
    order_number: str
    external_id: str = ""


@dataclass(frozen=True)
class Tour:
    id: int | None
    mrn_de: str = ""
    mrn_ch: str = ""
    transfer_date: date | None = None


@dataclass(frozen=True)
class RemoteReturn:
    id: int
    reference: str
    processing_state: str
    order: OrderRef
    created: datetime | None = None
    history: tuple[StateChange, ...] = ()
    state_changed_at: datetime | None = None
    items: tuple[Item, ...] = ()
    tour: Tour | None = None
    tracking: Tracking | None = None
    extra: Extra = ()

    @property
    def changed(self):
        return self.state_changed_at or self.created


@dataclass(frozen=True)
class Page:
    items: tuple
    count: int
    limit: int
    offset: int
    unreadable: int = 0  # entries so malformed (no id) that they could not be kept


def parse_errors(data) -> list[PartnerIssue]:
    """The errors of a reply; an entry that says nothing (no code, no message) is no error."""
    errors = data.get("errors") if isinstance(data, dict) else None
    issues = (PartnerIssue(coerce.text(e.get("code")), coerce.text(e.get("message")),
                           coerce.text(e.get("property")))
              for e in (errors if isinstance(errors, list) else []) if isinstance(e, dict))
    return [issue for issue in issues if issue.code.strip() or issue.message.strip()]


class MeinEinkaufClient:
    def __init__(self, *, api_key, http: PartnerHTTP):
        self.api_key = api_key
        self.http = http

    @classmethod
    def from_settings(cls):
        return cls(api_key=settings.MEINEINKAUF_API_KEY, http=PartnerHTTP(partner_config(PARTNER)))

    @property
    def test_key(self):
        return self.api_key == TEST_API_KEY

    def _send(self, method, path, *, operation, not_found="", **kwargs):
        """The reply's JSON object; None when MeinEinkauf answers with the `not_found` code."""
        response = self.http.send(
            method, path, operation=operation, auth=("api", self.api_key),
            headers={"Accept": "application/json"}, **kwargs,
        )
        status = response.status_code
        if status == 401:
            issues = parse_errors(json_or_none(response))
            code = issues[0].code if issues else "http_401"
            raise PartnerAuthError(
                KEY_REFUSED + (f": {issues[0].message}" if issues else "") + ". Check MEINEINKAUF_API_KEY.",
                partner=PARTNER, code=code, issues=issues,
            )
        if status == 400:
            # The doc: 400 "The endpoint does not exist or has been requested with an incorrect HTTP method".
            # The order was not judged and the same call fails again until our configuration is corrected.
            raise PartnerConfigurationError(
                f"{WRONG_ENDPOINT}: MeinEinkauf does not know {method} {path} (HTTP 400). Check the MeinEinkauf "
                "address (MEINEINKAUF_BASE_URL) and the client's paths, then send again.",
                partner=PARTNER, code="http_400",
            )
        data = json_or_none(response)
        issues = parse_errors(data)
        # E1001 / E1002 answer a lookup of something that does not exist, whatever status carries them.
        if not_found and any(issue.code == not_found for issue in issues):
            return None
        raise_for_transport(response, PARTNER, write=method == "POST")
        if data is None:
            data = json_body(response, PARTNER)  # not JSON: the error says what came instead
        if status == 422:
            issues = issues or [PartnerIssue("", "Order data refused")]
            raise PartnerValidationError(
                "; ".join(str(i) for i in issues), partner=PARTNER, code=issues[0].code, issues=issues
            )
        if status >= 400:
            raise PartnerResponseError(
                f"MeinEinkauf answered HTTP {status}" + (f": {issues[0]}" if issues else "."),
                partner=PARTNER, code=f"http_{status}", issues=issues,
            )
        if not isinstance(data, dict):
            raise PartnerResponseError("MeinEinkauf sent JSON of an unexpected shape.", partner=PARTNER)
        return data

    def echo(self, text="backoffice") -> Echo:
        data = self._send("GET", PATHS["echo"].format(text=_segment(text)), operation="echo")
        return Echo(coerce.text(data.get("echo")), coerce.flag(data.get("testMode")))

    def register_order(self, payload: dict, *, related=None) -> Registration:
        """POST /order. 201 gives the new order's id; with the test key nothing is stored."""
        data = self._send("POST", PATHS["order_create"], operation="orders_create", json=payload, related=related)
        # Test mode is the key in use (doc: "you may use MEINEINKAUF_TEST_API_KEY"); the doc shows `testMode`
        # only on the echo reply, so the order reply is not asked.
        test_mode = self.test_key
        order_id = coerce.whole_number(data.get("id"))
        if order_id is None and not test_mode:
            raise PartnerResponseError(
                "MeinEinkauf accepted the order but its reply names no id; look the order up before sending it again.",
                partner=PARTNER, code="no_id",
            )
        return Registration(order_id or 0, test_mode)

    def order(self, order_number, *, related=None) -> RemoteOrder | None:
        """One order by its number; None when MeinEinkauf has no such order (E1001)."""
        return self._one(PATHS["order_get"].format(number=_segment(order_number)), "order", parse_order,
                         ORDER_NOT_FOUND, related)

    def orders(self, *, offset=0, limit=PAGE_SIZE, sort="processingStateChanged:desc", states=()) -> Page:
        """One page of orders. Without `states` MeinEinkauf leaves cancelled orders out."""
        return self._list(PATHS["order_list"], "orders", parse_order, offset=offset, limit=limit, sort=sort,
                          states=states)

    def return_(self, reference, *, related=None) -> RemoteReturn | None:
        """One return by its reference; None when MeinEinkauf has no such return (E1002)."""
        return self._one(PATHS["return_get"].format(reference=_segment(reference)), "return", parse_return,
                         RETURN_NOT_FOUND, related)

    def returns(self, *, offset=0, limit=PAGE_SIZE, sort="processingStateChanged:desc", states=()) -> Page:
        return self._list(PATHS["return_list"], "returns", parse_return, offset=offset, limit=limit, sort=sort,
                          states=states)

    def _one(self, path, key, parse, not_found, related):
        data = self._send("GET", path, operation=f"{key}_get", not_found=not_found, related=related)
        if data is None:
            return None
        found = parse(data.get(key))
        if found is None:
            raise PartnerResponseError(f"MeinEinkauf's {key} reply holds no readable {key}.", partner=PARTNER)
        return found

    def _list(self, path, feed, parse, *, offset, limit, sort, states):
        params = {"limit": limit, "offset": offset, "sort": sort}
        if states:
            params["processingStates"] = ",".join(states)
        data = self._send("GET", path, operation=f"{feed}_list", params=params)
        return _page(data, feed, parse, offset, limit)


def check_connection():
    echo = MeinEinkaufClient.from_settings().echo()
    return "echo answered" + (" (test key: testMode)" if echo.test_mode else " (live key)")


# Reading replies. Every reader takes whatever came and returns a typed value or None; nothing raises.

ORDER_KEYS = {"id", "externalId", "created", "orderNumber", "orderDate", "processingState", "processingStateHistory",
              "processingStateChanged", "consignments"}
CONSIGNMENT_KEYS = {"reference", "externalId", "tracking", "gas", "gasLabels", "items", "storage", "customerInvoice"}
RETURN_KEYS = {"id", "created", "reference", "processingState", "processingStateHistory", "processingStateChanged",
               "order", "items", "tour", "tracking"}
ITEM_KEYS = {"id", "reference", "article", "reason", "state"}


def _segment(value):
    return quote(str(value), safe="")


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


def _page(data, key, parse, offset, limit) -> Page:
    raw = data.get(key)
    if not isinstance(raw, list):
        raise PartnerResponseError(f"MeinEinkauf's list of {key} is missing from its reply.", partner=PARTNER)
    parsed = [parse(entry) for entry in raw]
    items = tuple(p for p in parsed if p is not None)
    count = coerce.whole_number(data.get("count"))
    return Page(items, count if count is not None else offset + len(raw),
                coerce.whole_number(data.get("limit")) or limit,
                coerce.whole_number(data.get("offset")) or offset, unreadable=len(raw) - len(items))
