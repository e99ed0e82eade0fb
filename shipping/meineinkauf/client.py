"""The MeinEinkauf.ch client: Basic auth as user `api`, JSON in and out, typed results.

Replies are read leniently: a state or a field the doc does not describe is kept (states as plain
strings, unknown fields as `extra` pairs of name and JSON text) and never makes a reply unreadable.
"""

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
from shipping.meineinkauf.remote import Echo, Page, Registration, RemoteOrder, RemoteReturn
from shipping.meineinkauf.replies import parse_errors, parse_order, parse_return

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


def _segment(value):
    return quote(str(value), safe="")


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
