"""MeinEinkauf.ch emulation: Basic auth as user `api`; the doc's test key works in test mode.

Every endpoint, rule and error below names its source: the partner's document
(/work/shared/partner-docs/meineinkauf-partner-api.txt, "doc" with its lines) or, where the doc names no
path, the one public client (rentasad/MeinEinkaufApiV1) or our own stated guess.

What it does, as the doc describes the partner:
- `POST order` validates the order (422 with code, message and property per error) and stores it,
  except with the test key, which validates and stores nothing;
- orders move through the processing states over time (one step every STEP_SECONDS, like the partner's
  test system every 15 minutes) or on a control call; exported orders get a swisspost tracking number,
  a label and a customer invoice;
- `GET order` and `GET returns` page (limit ≤ 50, offset) and sort (processingStateChanged …); cancelled
  orders are listed only when asked for by name, as the doc says;
- `GET order/<number>` (E1001) and `GET returns/<reference>` (E1002);
- any other path, or a known path with another method, is 400.

Control calls for tests and demos (no authentication; never part of the real API):
- `POST _control/advance` {orderNumber?, to?, steps?}: moves one order (or all) on; `to` may be any
  state, also `problem`, `cancellation` or one the doc does not know;
- `POST _control/returns` {orderNumber, items?: [{articleNumber, reason, state}]}: a return for an
  exported order; `POST _control/advance-return` {reference, to?};
- `POST _control/unavailable` {count, status?}: the next `count` API requests answer 503 (or `status`);
- `POST _control/clock` {stepSeconds}: how often orders move on by themselves (0: only on control calls).
"""

import json
from collections import Counter
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from backoffice.sandbox import credentials, state
from backoffice.sandbox.common import basic_auth, endpoint, json_reply
from backoffice.sandbox.held_replies import controls, hold_reply

from .controls import control_advance, control_advance_return, control_clock, control_returns, control_unavailable
from .paging import ORDER_SORTS, RETURN_SORTS, _page
from .store import PARTNER, _error, _find, _iso, _next_id, _now, _store, _tick
from .validation import _text, validate_order

# doc lines 13-16: user `api`, the password is the API key; MEINEINKAUF_TEST_API_KEY tests without storing.
KEYS = {credentials.MEINEINKAUF_API_KEY: False, credentials.MEINEINKAUF_TEST_API_KEY: True}


def authenticate(request):
    """(test_mode, None) when authorised, else (None, the 401 reply)."""
    user, key = basic_auth(request)
    # doc, error table: E0000 "ApiKey is missing", E0001 "Unknown ApiKey"; 401 "could not be authenticated".
    if not key:
        error = _error("E0000", "ApiKey is missing")
    elif user != "api" or key not in KEYS:
        error = _error("E0001", "Unknown ApiKey")
    else:
        return KEYS[key], None
    return None, json_reply({"success": False, "errors": [error]}, status=401)


def api(operation):
    """An API view: recorded, answered 503 while maintenance is on, authenticated; `view(request, test_mode, …)`."""

    def wrap(view):
        @endpoint(PARTNER, operation)
        def inner(request, *args, **kwargs):
            with state.lock:
                store = _store()
                if store["unavailable"][0] > 0:  # doc line 10: 503 during maintenance
                    store["unavailable"][0] -= 1
                    return json_reply({"success": False, "errors": [_error("", "Service Unavailable")]},
                                      status=store["unavailable"][1])
            test_mode, refusal = authenticate(request)
            if refusal:
                return refusal
            with state.lock:
                response = view(request, test_mode, *args, **kwargs)
            if operation == "orders_create" and response.status_code == 201 and not test_mode:
                hold_reply(PARTNER)  # registered; the reply is held outside the lock, so others go on meanwhile
            return response

        return inner

    return wrap


def _public(order):
    return {key: value for key, value in order.items() if key not in ("next_step_at", "request")}


@api("orders_create")
def _orders_create(request, test_mode):
    store = _store()
    try:
        data = json.loads(request.body or b"null", parse_float=Decimal)
    except (ValueError, InvalidOperation):
        data = None
    errors = validate_order(data, {} if test_mode else store["orders"])
    if errors:  # doc: 422 "The transmitted data is invalid"
        return json_reply({"success": False, "errors": errors}, status=422)
    # doc: 201 Created, reply {id, success, errors} (lines 87-89, 210-219); no `testMode` there (the doc shows
    # it on echo only). The test key stores nothing (doc line 17), so there is no id to give: 0.
    if test_mode:
        return json_reply({"id": 0, "success": True, "errors": []}, status=201)
    created = _now(store)
    order = {
        "id": _next_id(store),
        "externalId": data.get("externalId", ""),
        "created": _iso(created),
        "orderNumber": data["orderNumber"],
        "orderDate": data["orderDate"],
        "processingState": "open",
        "processingStateHistory": [{"state": "open", "changed": _iso(created)}],
        "processingStateChanged": _iso(created),
        "consignments": [
            {"reference": f"20{created:%y}{len(store['orders']) + 1:06d}{n}", "externalId": c.get("externalId", ""),
             "articles": c.get("articles") or []}
            for n, c in enumerate(data["consignments"], start=1)
        ],
        "next_step_at": created + timedelta(seconds=store["step_seconds"] or 0),
    }
    store["orders"][order["id"]] = order
    return json_reply({"id": order["id"], "success": True, "errors": []}, status=201)


def _order_view(order):
    """An order as OrderResponse shows it (doc lines 666-674): its consignments without the articles sent."""
    public = _public(order)
    public["consignments"] = [{k: v for k, v in c.items() if k != "articles"} for c in order["consignments"]]
    return public


@api("orders_list")
def _orders_list(request, test_mode):
    store = _store()
    _tick(store)
    # doc line 224: comma-separated processingStates; without it every state except 'cancellation'.
    wanted = [s for s in request.GET.get("processingStates", "").split(",") if s]
    orders = [o for o in store["orders"].values()
              if (o["processingState"] in wanted if wanted else o["processingState"] != "cancellation")]
    return _page(request, [_order_view(o) for o in orders], "orders", ORDER_SORTS, "orderDate:desc")  # doc line 223


def _methods(**views):
    """One path, its views by HTTP method; any other method is the doc's 400 (error table: "requested with an
    incorrect HTTP method")."""

    @csrf_exempt
    def dispatch(request, *args, **kwargs):
        view = views.get(request.method.lower())
        return view(request, *args, **kwargs) if view else bad_request(request)

    return dispatch


@api("order_get")
def order(request, test_mode, number):
    store = _store()
    _tick(store)
    # doc lines 318-319: by orderNumber, or by id with treatReferenceAsId=1.
    found = _find(store["orders"], number, "orderNumber", request.GET.get("treatReferenceAsId") == "1")
    if found is None:
        # doc, error table: E1001 "No order found for given ordernumber". The doc lists no status for it (its
        # table has no 404); 404 is our guess, and the client reads E1001 under any status.
        return json_reply({"success": False, "errors": [_error("E1001", "No order found for given ordernumber")]},
                          status=404)
    return json_reply({"order": _order_view(found), "success": True, "errors": []})


@api("returns_list")
def returns(request, test_mode):
    store = _store()
    # doc lines 408-409: default sort id:desc; processingStates filters, and without it every return is listed.
    wanted = [s for s in request.GET.get("processingStates", "").split(",") if s]
    items = [r for r in store["returns"].values() if not wanted or r["processingState"] in wanted]
    return _page(request, items, "returns", RETURN_SORTS, "id:desc")


@api("return_get")
def return_(request, test_mode, reference):
    store = _store()
    # doc lines 474-475: by reference, or by id with treatReferenceAsId=1.
    found = _find(store["returns"], reference, "reference", request.GET.get("treatReferenceAsId") == "1")
    if found is None:
        # doc, error table: E1002 "No return consignment found for given reference"; 404 as for E1001.
        return json_reply({"success": False, "errors": [
            _error("E1002", "No return consignment found for given reference")]}, status=404)
    return json_reply({"return": found, "success": True, "errors": []})


@api("echo")
def echo(request, test_mode, text):
    # doc lines 22-32: GET echo/HelloWorld answers the text, errors, success and testMode.
    return json_reply({"echo": text, "errors": [], "success": True, "testMode": test_mode})


@api("echo")
def echo_post(request, test_mode):
    # doc lines 46-62, "Post echo": {"echo": string [1 .. 255]} answered as {echo, success, errors}. The path
    # is our guess: the doc names only the GET form's (echo/HelloWorld), so the POST goes to echo itself.
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return json_reply({"success": False, "errors": [_error("E1000", "Invalid JSON")]}, status=422)
    errors = []
    _text(data.get("echo"), "echo", errors, required=True)
    if errors:
        return json_reply({"success": False, "errors": errors}, status=422)
    return json_reply({"echo": data["echo"], "success": True, "errors": []})


@endpoint(PARTNER, "bad_request")
def bad_request(request, rest=""):
    # doc, status table: 400 "The endpoint does not exist or has been requested with an incorrect HTTP method".
    return json_reply({"success": False, "errors": [_error("", "Bad Request")]}, status=400)


urlpatterns = [
    # doc lines 22-25: GET https://api.meineinkauf.ch/v1/echo/HelloWorld; POST echo: see echo_post.
    path("echo", _methods(post=echo_post)),
    path("echo/<str:text>", _methods(get=echo)),
    # POST order: the public client rentasad/MeinEinkaufApiV1 (MeinEinkaufApiConnectorTest.testSendPostRequest,
    # POST /v1/order). GET order and order/<number>: our guess, the same "order endpoint" the doc says also
    # answers the order status (line 70).
    path("order", _methods(post=_orders_create, get=_orders_list)),
    path("order/<str:number>", _methods(get=order)),
    # Our guess: the doc's "returns endpoint" (line 404); one return by its reference (line 474).
    path("returns", _methods(get=returns)),
    path("returns/<str:reference>", _methods(get=return_)),
    *controls(PARTNER, lambda: dict(Counter(o["orderNumber"] for o in _store()["orders"].values()))),
    path("_control/advance", control_advance),
    path("_control/returns", control_returns),
    path("_control/advance-return", control_advance_return),
    path("_control/unavailable", control_unavailable),
    path("_control/clock", control_clock),
    path("<path:rest>", bad_request),
]
