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
import re
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from backoffice.sandbox import credentials, state
from backoffice.sandbox.common import basic_auth, endpoint, json_reply
from backoffice.sandbox.held_replies import controls, hold_reply

PARTNER = "meineinkauf"
# doc lines 13-16: user `api`, the password is the API key; MEINEINKAUF_TEST_API_KEY tests without storing.
KEYS = {credentials.MEINEINKAUF_API_KEY: False, credentials.MEINEINKAUF_TEST_API_KEY: True}
ZURICH = ZoneInfo("Europe/Zurich")
STEP_SECONDS = 120  # the partner's test system moves orders on every 15 minutes (doc line 20); faster here
PATH = ["open", "arrival_assumed", "arrived", "verified", "exported"]
# doc line 224, "Possible states"; `problem` and `cancellation` are seen live too (GUIDE).
ORDER_STATES = ["open", "arrival_assumed", "arrived", "partial_delivery_arrived", "verified", "verified_partially",
                "exported", "exported_partially", "not_arrived", "problem", "cancellation"]
RETURN_PATH = [  # doc line 409, "Possible states"
    "open", "ready_for_transfer", "transferred", "completed"]
CURRENCIES = {"eur", "chf"}  # doc line 75
PAYMENT_TYPES = {  # doc line 76
    "mastercard", "visa", "amex", "creditcard", "paypal", "prepayment", "invoice", "other"}
# The doc's examples show only "standard" (e.g. line 150); the three classes are the public client's
# (rentasad/MeinEinkaufApiV1, VatRates.properties).
VAT_RATES = {"standard", "reduced", "none"}
ORDER_SORTS = {  # doc line 223
    f"{key}:{direction}" for key in ("id", "orderDate", "created", "processingStateChanged")
    for direction in ("asc", "desc")}
RETURN_SORTS = {  # doc line 408
    f"{key}:{direction}" for key in ("id", "created", "processingStateChanged") for direction in ("asc", "desc")}


def _store():
    store = state.store(PARTNER)
    store.setdefault("orders", {})
    store.setdefault("returns", {})
    store.setdefault("unavailable", [0, 503])
    store.setdefault("step_seconds", STEP_SECONDS)
    store.setdefault("next_id", 1000)
    store.setdefault("clock", None)
    return store


def _now(store):
    """A clock that never gives the same second twice, so every change sorts unambiguously."""
    now = datetime.now(ZURICH).replace(microsecond=0)
    if store["clock"] is not None and now <= store["clock"]:
        now = store["clock"] + timedelta(seconds=1)
    store["clock"] = now
    return now


def _next_id(store):
    store["next_id"] += 1
    return store["next_id"]


def _error(code, message, prop=""):
    return {"code": code, "message": message, "property": prop}


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


# --- Validation, as the doc describes the order (doc "Post order", lines 71-87 and 531-545, and its example
# request, lines 90-209). Every refusal is E1000 (doc, error table: "The transmitted data is invalid. A
# detailed error report will be returned as well.") with the offending `property`. ---

ORDER_DATE = re.compile(r"^20\d{2}-\d{2}-\d{2}$")  # doc line 74: orderDate string^20\d{2}-\d{2}-\d{2}$
EXAMPLE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # doc lines 183-184: invoiceDate, dueDate as "2018-02-21"
SWISS = ("CH", "LI")


def _text(value, prop, errors, *, required=False, maximum=255):
    """A string property; present and empty counts as missing when `required`, else as too short."""
    if value is None:
        if required:
            errors.append(_error("E1000", "This value should not be blank.", prop))
        return
    if not isinstance(value, str):
        errors.append(_error("E1000", "This value should be of type string.", prop))
    elif not value:
        # doc lines 72-73: orderNumber and externalId are "string [ 1 .. 255 ] characters".
        errors.append(_error("E1000", "This value should not be blank." if required else
                             "This value is too short. It should have 1 character or more.", prop))
    elif len(value) > maximum:
        errors.append(_error("E1000", f"This value is too long. It should have {maximum} characters or less.", prop))


def _amount(value, prop, errors, *, required=True, low=None, high=None):
    if value is None:
        if required:
            errors.append(_error("E1000", "This value should not be blank.", prop))
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        errors.append(_error("E1000", "This value should be of type number.", prop))
        return Decimal(0)
    amount = Decimal(str(value))
    if (low is not None and amount < low) or (high is not None and amount > high):
        errors.append(_error("E1000", f"This value should be between {low} and {high}.", prop))
    return amount


def _enum(value, allowed, prop, errors):
    if value not in allowed:
        errors.append(_error("E1000", "The value you selected is not a valid choice.", prop))


def _object(value, prop, errors, *, required=False):
    """True when `value` is an object; a missing required one or a wrong type is an error."""
    if isinstance(value, dict):
        return True
    if value is not None or required:
        errors.append(_error("E1000", "This value should not be blank." if value is None else
                             "This value should be of type object.", prop))
    return False


def _texts_of(data, prop, errors):
    # The doc gives lengths only for orderNumber and externalId ([1 .. 255]); the same 255 for every other
    # text is our reading: the example's texts all fit, and a longer one is not taken on trust.
    for key, value in data.items():
        if isinstance(value, str):
            _text(value, f"{prop}.{key}", errors)


def _address(data, prop, errors, *, swiss_only):
    if not _object(data, prop, errors, required=True):
        return
    _texts_of(data, prop, errors)
    # The doc marks no AddressRequest field required; an address goods are delivered or invoiced to cannot
    # do without a name, postcode, city and country (our reading, and the country decides the doc's rule below).
    for key in ("lastName", "zip", "city", "country"):
        _text(data.get(key), f"{prop}.{key}", errors, required=True)
    country = data.get("country")
    if country in SWISS:
        # doc line 80: in Switzerland or Liechtenstein "the street has to be transmitted in the property street".
        _text(data.get("street"), f"{prop}.street", errors, required=True)
        # Our reading, the doc is silent: Swiss and Liechtenstein postcodes have four digits (Swiss Post).
        if data.get("zip") and not re.fullmatch(r"\d{4}", str(data["zip"])):
            errors.append(_error("E1000", "Swiss and Liechtenstein postcodes have four digits.", f"{prop}.zip"))
    elif swiss_only:
        # doc line 81: "The shipping address must always be located in Switzerland or Liechtenstein."
        errors.append(_error("E1000", "The shipping address must be in Switzerland or Liechtenstein.",
                             f"{prop}.country"))
    else:
        # doc line 80: elsewhere "the address must be transmitted in the property addressLine".
        _text(data.get("addressLine"), f"{prop}.addressLine", errors, required=True)


def _article(article, prop, errors):
    """An article as the example shows it (doc lines 142-163); the doc marks none of its fields, so what a
    customs declaration cannot do without is required (our reading): number, name, quantity, price, VAT class."""
    if not _object(article, prop, errors, required=True):
        return Decimal(0)
    _texts_of(article, prop, errors)
    _text(article.get("articleNumber"), f"{prop}.articleNumber", errors, required=True)
    _text(article.get("name"), f"{prop}.name", errors, required=True)
    quantity = article.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        errors.append(_error("E1000", "This value should be a positive integer.", f"{prop}.quantity"))
        quantity = 0
    price = _amount(article.get("grossPrice"), f"{prop}.grossPrice", errors)
    _enum(article.get("vatRate"), VAT_RATES, f"{prop}.vatRate", errors)
    if article.get("attributes") is not None:
        _object(article["attributes"], f"{prop}.attributes", errors)
    return price * quantity


def _consignment(consignment, prop, errors):
    """A ConsignmentRequest (example, doc lines 130-166). The doc does not say every consignment carries
    articles; the order as a whole must have one (checked by the caller), a consignment may carry none."""
    if not _object(consignment, prop, errors, required=True):
        return Decimal(0), 0
    _texts_of(consignment, prop, errors)
    tracking = consignment.get("tracking")
    if _object(tracking, f"{prop}.tracking", errors):
        _texts_of(tracking, f"{prop}.tracking", errors)
        # The example's tracking has both (doc lines 138-141); a tracking without its number tells nothing.
        _text(tracking.get("trackingNumber"), f"{prop}.tracking.trackingNumber", errors, required=True)
    articles = consignment.get("articles")
    if articles is None:
        return Decimal(0), 0
    if not isinstance(articles, list):
        errors.append(_error("E1000", "This value should be of type array.", f"{prop}.articles"))
        return Decimal(0), 0
    amounts = [_article(article, f"{prop}.articles[{j}]", errors) for j, article in enumerate(articles)]
    return sum(amounts, Decimal(0)), len(articles)


def _invoice_information(data, errors):
    """InvoiceInformationRequest (doc lines 86 and 545; example lines 182-208 and 638-664). The doc marks none
    of its fields required, nor says which payment type needs it, so none is demanded; dates are checked in the
    example's form, texts as texts, the parts as objects."""
    prop = "invoiceInformation"
    if not _object(data, prop, errors):
        return
    for key in ("invoiceDate", "dueDate"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and EXAMPLE_DATE.match(value)):
            errors.append(_error("E1000", "This value is not a valid date.", f"{prop}.{key}"))
    _text(data.get("additionalInvoiceText"), f"{prop}.additionalInvoiceText", errors)
    if _object(data.get("esrInformation"), f"{prop}.esrInformation", errors):
        _texts_of(data["esrInformation"], f"{prop}.esrInformation", errors)
    qrr = data.get("qrrInformation")
    if _object(qrr, f"{prop}.qrrInformation", errors):
        _texts_of(qrr, f"{prop}.qrrInformation", errors)
        if _object(qrr.get("creditor"), f"{prop}.qrrInformation.creditor", errors):
            _texts_of(qrr["creditor"], f"{prop}.qrrInformation.creditor", errors)


def validate_order(data, orders):
    if not isinstance(data, dict):
        return [_error("E1000", "Invalid JSON")]  # doc, error table: E1000 Invalid JSON
    errors = []
    # The doc does not say a repeated orderNumber is refused (its E1000 is "Invalid JSON"): a repeat is
    # registered again, so no test can lean on MeinEinkauf to stop a double registration.
    _text(data.get("orderNumber"), "orderNumber", errors, required=True)  # doc line 72
    _text(data.get("externalId"), "externalId", errors)  # doc line 73: optional, [1 .. 255]
    order_date = data.get("orderDate")  # doc line 74
    if not (isinstance(order_date, str) and ORDER_DATE.match(order_date)):
        errors.append(_error("E1000", "This value is not valid.", "orderDate"))
    _enum(data.get("currency"), CURRENCIES, "currency", errors)  # doc line 75
    _enum(data.get("paymentType"), PAYMENT_TYPES, "paymentType", errors)  # doc line 76
    gross = _amount(data.get("grossSum"), "grossSum", errors, low=0, high=100000)  # doc line 77
    if "soldOnMarketplace" in data and not isinstance(data["soldOnMarketplace"], bool):  # doc line 78
        errors.append(_error("E1000", "This value should be of type bool.", "soldOnMarketplace"))
    if _object(data.get("customer"), "customer", errors, required=True):  # doc line 79: required
        _texts_of(data["customer"], "customer", errors)
    _address(data.get("invoiceAddress"), "invoiceAddress", errors, swiss_only=False)  # doc line 80: required
    if data.get("shippingAddress"):
        _address(data["shippingAddress"], "shippingAddress", errors, swiss_only=True)
    elif isinstance(data.get("invoiceAddress"), dict) and data["invoiceAddress"].get("country") not in SWISS:
        # doc line 81: "If it is empty, the invoice address will be taken as shipping address."
        errors.append(_error("E1000", "The shipping address must be in Switzerland or Liechtenstein.",
                             "shippingAddress"))
    parts, articles = Decimal(0), 0
    consignments = data.get("consignments")
    if not isinstance(consignments, list) or not consignments:  # doc line 82: required, non-empty
        errors.append(_error("E1000", "This collection should contain 1 element or more.", "consignments"))
        consignments = []
    for i, consignment in enumerate(consignments):
        amount, count = _consignment(consignment, f"consignments[{i}]", errors)
        parts, articles = parts + amount, articles + count
    if consignments and not articles:
        # Our reading: an order with no article has nothing to declare at the border.
        errors.append(_error("E1000", "This collection should contain 1 element or more.", "consignments[0].articles"))
    # doc lines 83-85: shippingCost, discounts, donations, each grossPrice and vatRate (example lines 167-181).
    shipping = data.get("shippingCost")
    if _object(shipping, "shippingCost", errors):
        parts += _amount(shipping.get("grossPrice"), "shippingCost.grossPrice", errors)
        _enum(shipping.get("vatRate"), VAT_RATES, "shippingCost.vatRate", errors)
    for key in ("discounts", "donations"):
        entries = data.get(key)
        if entries is not None and not isinstance(entries, list):
            errors.append(_error("E1000", "This value should be of type array.", key))
            entries = []
        for i, entry in enumerate(entries or []):
            if _object(entry, f"{key}[{i}]", errors, required=True):
                _texts_of(entry, f"{key}[{i}]", errors)
                parts += _amount(entry.get("grossPrice"), f"{key}[{i}].grossPrice", errors)
                _enum(entry.get("vatRate"), VAT_RATES, f"{key}[{i}].vatRate", errors)
    _invoice_information(data.get("invoiceInformation"), errors)  # doc line 86: optional object
    # doc line 77: grossSum is the "Gross total (incl. shipping cost, donactions and discounts)".
    if not errors and parts != gross:
        errors.append(_error("E1000", f"The gross sum does not match the order's positions ({parts}).", "grossSum"))
    return errors


# --- The emulated processing ---


def _iso(moment):
    return moment.isoformat(timespec="seconds")


def _file(name):
    return {"name": f"{name}.pdf", "mimeType": "application/pdf", "extension": "pdf", "size": 62038}


def _set_state(store, order, to):
    """A state change, kept in the history (doc: processingState, processingStateHistory, processingStateChanged).
    An exported order's consignments get a swisspost tracking with its label and a customer invoice, as in the
    doc's order example (lines 245-301)."""
    moment = _now(store)
    order["processingState"] = to
    order["processingStateChanged"] = _iso(moment)
    order["processingStateHistory"].append({"state": to, "changed": _iso(moment)})
    order["next_step_at"] = moment + timedelta(seconds=store["step_seconds"] or 0)
    if to in ("exported", "exported_partially"):
        for n, consignment in enumerate(order["consignments"], start=1):
            if "tracking" not in consignment:
                number = f"99.60.{order['id']:06d}.{n:08d}"
                consignment["tracking"] = {"carrier": "swisspost", "trackingNumber": number,
                                           "labelFile": _file(f"label-{order['id']}-{n}")}
                consignment["customerInvoice"] = _file(f"invoice-{order['id']}-{n}")


def _step(store, order):
    current = order["processingState"]
    if current in PATH and current != PATH[-1]:
        _set_state(store, order, PATH[PATH.index(current) + 1])
        return True
    return False


def _tick(store):
    """Moves on every order whose next step is due, as the partner's test system does every 15 minutes."""
    if not store["step_seconds"]:
        return
    now = datetime.now(ZURICH)
    for order in sorted(store["orders"].values(), key=lambda o: o["id"]):
        while order["next_step_at"] <= now and _step(store, order):
            pass


def _public(order):
    return {key: value for key, value in order.items() if key not in ("next_step_at", "request")}


def _sort_value(value):
    if isinstance(value, str) and "T" in value:
        return datetime.fromisoformat(value).timestamp()  # offsets differ across summer time: compare instants
    return value if isinstance(value, int | float) else 0


def _sorted(items, sort, default):
    key, _, direction = (sort or default).partition(":")
    if key == "orderDate":
        return sorted(items, key=lambda item: (item.get(key) or "", item["id"]), reverse=direction == "desc")
    return sorted(items, key=lambda item: (_sort_value(item.get(key)), item["id"]), reverse=direction == "desc")


def _page(request, items, key, sorts, default_sort):
    """A list reply: doc lines 221-223 (orders) and 406-408 (returns): limit [1 .. 50] default 50, offset >= 0
    default 0, sort from the enum; the reply has the list, success, count, limit, offset and errors (lines 225-230)."""
    errors = []
    try:
        limit = int(request.GET.get("limit", 50))
        offset = int(request.GET.get("offset", 0))
    except ValueError:
        limit, offset = 0, -1
    if not 1 <= limit <= 50:
        errors.append(_error("E1000", "This value should be between 1 and 50.", "limit"))
    if offset < 0:
        errors.append(_error("E1000", "This value should be greater than or equal to 0.", "offset"))
    sort = request.GET.get("sort", default_sort)
    if sort not in sorts:
        errors.append(_error("E1000", "The value you selected is not a valid choice.", "sort"))
    if errors:
        return json_reply({"success": False, "errors": errors}, status=422)
    ordered = _sorted(items, sort, default_sort)
    return json_reply({key: ordered[offset: offset + limit], "success": True, "count": len(ordered),
                       "limit": limit, "offset": offset, "errors": []})


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


def _find(items, reference, field, by_id):
    for item in items.values():
        if (str(item["id"]) if by_id else item[field]) == reference:
            return item
    return None


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


# --- Control calls: tests and demos drive the emulated partner through these ---


def _body(request):
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@endpoint(PARTNER, "control")
def control_advance(request):
    data = _body(request)
    with state.lock:
        store = _store()
        targets = [o for o in store["orders"].values()
                   if not data.get("orderNumber") or o["orderNumber"] == data["orderNumber"]]
        if data.get("orderNumber") and not targets:
            return json_reply({"error": "no such order"}, status=404)
        for target in targets:
            if data.get("to"):
                _set_state(store, target, data["to"])
            else:
                for _ in range(int(data.get("steps", 1))):
                    _step(store, target)
        return json_reply({"orders": {o["orderNumber"]: o["processingState"] for o in targets}})


@endpoint(PARTNER, "control")
def control_returns(request):
    data = _body(request)
    with state.lock:
        store = _store()
        order = _find(store["orders"], data.get("orderNumber"), "orderNumber", False)
        if order is None or not any(s["state"] in ("exported", "exported_partially")
                                    for s in order["processingStateHistory"]):
            return json_reply({"error": "returns are created for exported orders only"}, status=422)
        articles = [a for c in order["consignments"] for a in c.get("articles", [])]
        wanted = data.get("items") or [{"articleNumber": articles[0]["articleNumber"]}]
        created = _now(store)
        items = []
        for n, spec in enumerate(wanted, start=1):
            article = next((a for a in articles if a["articleNumber"] == spec.get("articleNumber")), articles[0])
            items.append({
                "id": _next_id(store), "reference": f"88{order['id']:06d}{len(store['returns']):02d}{n}",
                "article": {"id": _next_id(store), "articleNumber": article["articleNumber"],
                            "externalId": article.get("externalId", ""), "payload": "", "name": article["name"]},
                "reason": spec.get("reason", "not_as_described"), "state": spec.get("state", "used"),
            })
        return_id = _next_id(store)
        entry = {
            "id": return_id, "created": _iso(created), "reference": f"60{return_id:08d}",
            "processingState": "open", "processingStateHistory": [{"state": "open", "changed": _iso(created)}],
            "processingStateChanged": _iso(created),
            "order": {"id": order["id"], "externalId": order["externalId"], "orderNumber": order["orderNumber"]},
            "items": items,
            "tracking": {"carrier": "swisspost", "trackingNumber": f"99.00.{return_id:06d}.00000001",
                         "labelFile": _file(f"return-{return_id}")},
        }
        store["returns"][return_id] = entry
        return json_reply({"reference": entry["reference"], "id": return_id}, status=201)


@endpoint(PARTNER, "control")
def control_advance_return(request):
    data = _body(request)
    with state.lock:
        store = _store()
        found = _find(store["returns"], data.get("reference"), "reference", False)
        if found is None:
            return json_reply({"error": "no such return"}, status=404)
        current = found["processingState"]
        to = data.get("to") or (RETURN_PATH[RETURN_PATH.index(current) + 1]
                                if current in RETURN_PATH[:-1] else current)
        moment = _now(store)
        found["processingState"] = to
        found["processingStateChanged"] = _iso(moment)
        found["processingStateHistory"].append({"state": to, "changed": _iso(moment)})
        if to == "transferred":
            found["tour"] = {"id": found["id"] + 500, "mrnDe": f"26DE{found['id']:014d}",
                             "mrnCh": f"26CH{found['id']:014d}", "transferDate": moment.date().isoformat()}
        return json_reply({"reference": found["reference"], "processingState": to})


@endpoint(PARTNER, "control")
def control_unavailable(request):
    data = _body(request)
    with state.lock:
        _store()["unavailable"] = [int(data.get("count", 1)), int(data.get("status", 503))]
    return json_reply({"unavailable": int(data.get("count", 1))})


@endpoint(PARTNER, "control")
def control_clock(request):
    data = _body(request)
    with state.lock:
        _store()["step_seconds"] = int(data.get("stepSeconds", STEP_SECONDS))
    return json_reply({"stepSeconds": _store()["step_seconds"]})


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
