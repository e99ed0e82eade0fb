"""Zonos / iGlobal emulation: JSON POST; errors come with HTTP 200 and an {"error": ...} body.

It holds a settable set of orders (`orders_set` for tests, `POST control/orders` over HTTP); until one is
set it serves a deterministic demo set placed over the last week, with a test order and every documented status.

Sources: "the doc" is partner-docs/zonos-order-numbers-api.txt (line numbers below), for orderNumbers. orderDetail
and updateMerchantOrderId follow Zonos' public reference pages and the public iGlobal/Zonos integrations (Magento
1 and 2, WooCommerce, osCommerce), as README.md's "What the code relies on" (Zonos) sets out. The doc is a German
translation; the error texts are Zonos' English ones, which its own example error keeps (line 251).
"""

import json
import re
from datetime import UTC, date, datetime, timedelta

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from backoffice.sandbox import credentials, state
from backoffice.sandbox.common import endpoint, json_reply

PARTNER = "zonos"
ORDER_ID = re.compile(r"^(?:(\d+)-)?(\d+)$")
MISSING_MERCHANT_ORDER_ID_DAYS = 14  # the doc: orders of the last two weeks lacking a merchantOrderId

# Statuses: the doc's example (lines 229, 238); on hold, cancelled and VENDOR_* as the integrations name them.
FRAUD_REVIEW = "IGLOBAL_FRAUD_REVIEW"
IN_PROCESS = "IGLOBAL_ORDER_IN_PROCESS"
ON_HOLD = "IGLOBAL_ORDER_ON_HOLD"
CANCELLED = "IGLOBAL_ORDER_CANCELLED"
VENDOR_PREPARING = "VENDOR_PREPARING_ORDER"


def _stamp(moment: datetime):
    # "2015-01-01 00:33:14.0", UTC (lines 162, 279).
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.0")


def make_order(sequence, *, placed_at: datetime, test=False, status=IN_PROCESS, merchant_order_id=None,
               country="US", **detail):
    """One order as the sandbox keeps it (JSON-ready); `detail` overrides the orderDetail fields."""
    fields = {
        "name": "Jane Doe", "email": "jane@example.com", "phone": "+1 555 0100", "company": "",
        "address1": "123 Main Street", "address2": "", "city": "Springfield", "state": "IL", "zip": "62701",
        "countryCode": country,
        "items": [{"productId": "101", "sku": "IC10000L10-TE-3", "description": "Liquid Tabak 10 ml",
                   "quantity": 2, "unitPrice": 12.5, "weight": 40, "weightUnits": "G"}],
        "shippingTotal": 14.9, "dutyTaxesTotal": 0, "grandTotal": 39.9, "foreignCurrencyCode": "USD",
        "customerSelectedShippingName": "Standard international", "paymentProcessing": {"paymentGateway": "STRIPE"},
    }
    fields.update(detail)
    return {
        "id": f"{credentials.ZONOS_STORE_ID}-{sequence}", "sequence": sequence, "timestamp": _stamp(placed_at),
        "testOrder": test, "orderStatus": status, "orderStatusDate": int(placed_at.timestamp() * 1000) + 3_600_000,
        "merchantOrderId": merchant_order_id, "detail": fields,
    }


def default_orders(today: date | None = None):
    """The demo set: seven orders over the last week, one of them a test order, every documented status."""
    today = today or datetime.now(UTC).date()

    def day(days_ago, hour):
        return datetime.combine(today - timedelta(days=days_ago), datetime.min.time(), UTC) + timedelta(hours=hour)

    swiss = {"name": "Urs Meier", "email": "urs@example.ch", "phone": "+41 44 123 45 67",
             "address1": "Bahnhofstrasse 12", "city": "Zürich", "state": "ZH", "zip": "8001",
             "items": [{"productId": "102", "sku": "12M100L10-BG-0", "description": "Liquid Berry 10 ml",
                        "quantity": 3, "unitPrice": 4.95, "weight": 40, "weightUnits": "G"}],
             "shippingTotal": 9.9, "grandTotal": 24.75, "foreignCurrencyCode": "CHF"}
    return [
        make_order(10001, placed_at=day(6, 9), birthDate="1985-04-12"),
        make_order(10002, placed_at=day(5, 11), test=True, merchant_order_id="abc123", country="GB",
                   name="Test Buyer", address1="10 Downing Street", city="London", state="", zip="SW1A 2AA"),
        make_order(10003, placed_at=day(4, 14), country="CH", **swiss),
        make_order(10004, placed_at=day(3, 8), status=FRAUD_REVIEW, country="CA", name="Amélie Tremblay",
                   email="amelie@example.ca", address1="1200 Rue Sainte-Catherine", city="Montréal", state="QC",
                   zip="H3B 1K9", billingName="Luc Tremblay", billingAddress1="45 Avenue du Parc",
                   billingCity="Montréal", billingState="QC", billingZip="H2V 4E7", billingCountryCode="CA",
                   billingPhone="+1 514 555 0199", billingEmail="luc@example.ca"),
        make_order(10005, placed_at=day(2, 16), status=ON_HOLD, country="AU", name="Kylie Smith",
                   address1="5 George Street", city="Sydney", state="NSW", zip="2000",
                   items=[{"productId": "103", "sku": "IC10000AIO-10", "description": "AIO Kit",
                           "quantity": 1, "unitPrice": 29.9, "weight": 0.35, "weightUnits": "LB"},
                          {"description": "WELCOME5", "quantity": 1, "unitPrice": -5}],
                   dutyTaxesTotal=6.1),
        make_order(10006, placed_at=day(1, 10), status=CANCELLED, country="NO", name="Ola Nordmann",
                   address1="Karl Johans gate 22", city="Oslo", state="", zip="0159"),
        make_order(10007, placed_at=day(0, 7), status=VENDOR_PREPARING, country="LI", name="Anna Beck",
                   email="anna@example.li", address1="Städtle 3", city="Vaduz", state="", zip="9490",
                   items=swiss["items"], foreignCurrencyCode="CHF"),
    ]


def _orders():
    """The orders by id (the demo set until a test or the control call sets others). Hold `state.lock`."""
    store = state.store(PARTNER)
    if "orders" not in store:
        store["orders"] = {order["id"]: order for order in default_orders()}
    return store["orders"]


def orders_set(orders):
    """The control call for tests: the sandbox knows exactly these orders (see `make_order`)."""
    with state.lock:
        state.store(PARTNER)["orders"] = {order["id"]: dict(order) for order in orders}


def orders_get():
    with state.lock:
        return [dict(order) for order in sorted(_orders().values(), key=lambda o: o["sequence"])]


def read_request(request):
    """(body, None) for a readable, authorised request, else (None, the reply Zonos would give): 406 and 415 as
    HTML for a wrong Accept or Content-Type (lines 24-25, 257-258); otherwise HTTP 200 with {"error": ...}
    (lines 259-264): unreadable input, or a wrong store or secret (both "ERFORDERLICH", lines 104 and 108)."""
    if "application/json" not in request.headers.get("Accept", ""):
        return None, HttpResponse("<html><body><h1>406 Not Acceptable</h1></body></html>", status=406)
    if not request.headers.get("Content-Type", "").startswith("application/json"):
        return None, HttpResponse("<html><body><h1>415 Unsupported Media Type</h1></body></html>", status=415)
    try:
        body = json.loads(request.body or b"")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return None, json_reply({"error": "Could not parse input"})
    # `store` as the doc and the integrations send it; `storeId` as Zonos' orderDetail reference names it.
    store = body.get("store", body.get("storeId"))
    if str(store) != credentials.ZONOS_STORE_ID or body.get("secret") != credentials.ZONOS_SECRET:
        return None, json_reply({"error": "Invalid security credentials"})
    return body, None


def _find(orders, order_id):
    """The order with this id, "mit oder ohne Ihre Shop-ID und Bindestrich" (line 106), or None."""
    match = ORDER_ID.match(str(order_id).strip())
    if not match or match.group(1) not in (None, credentials.ZONOS_STORE_ID):
        return None
    return orders.get(f"{credentials.ZONOS_STORE_ID}-{match.group(2)}")


def _day(value):
    return datetime.strptime(str(value), "%Y%m%d").date()


def _row(order, statuses):
    # Lines 154-190: testOrder, id, timestamp; with `statuses`, also merchantOrderId, orderStatus, orderStatusDate
    # (epoch milliseconds) and orderStatusDateString (lines 219-243, 274-277).
    row = {"testOrder": order["testOrder"], "id": order["id"], "timestamp": order["timestamp"]}
    if statuses:
        moment = datetime.fromtimestamp(order["orderStatusDate"] / 1000, tz=UTC)
        row.update(merchantOrderId=order["merchantOrderId"], orderStatus=order["orderStatus"],
                   orderStatusDate=order["orderStatusDate"], orderStatusDateString=_stamp(moment))
    return row


@endpoint(PARTNER, "orderNumbers")  # POST v1/orderNumbers (line 15)
def order_numbers(request):
    body, refusal = read_request(request)
    if refusal:
        return refusal
    since_id, since_date, through_date = body.get("sinceOrderId"), body.get("sinceDate"), body.get("throughDate")
    # The doc, "Anforderungs-JSON-Definitionen", missingMerchantOrderId: the orders of the last two weeks
    # without a merchantOrderId; once updateMerchantOrderId sets one, the order no longer appears.
    missing_only = body.get("missingMerchantOrderId") in (True, "true")
    # "sinceDate und sinceOrderId können nicht gleichzeitig gesendet werden" (lines 105-106); one of them unless
    # missingMerchantOrderId (line 103); throughDate "Muss zusammen mit dem sinceDate Parameter übergeben werden"
    # (line 109). The doc gives no text for these three: the texts follow its table's wording (lines 261-262).
    if since_id and since_date:
        return json_reply({"error": "Cannot specify both Parameters sinceOrderId and sinceDate."})
    if not (since_id or since_date or missing_only):
        return json_reply({"error": "Parameter sinceOrderId or sinceDate is required."})
    if through_date and not since_date:
        return json_reply({"error": "Parameter sinceDate is required with throughDate."})
    with state.lock:
        orders = sorted(_orders().values(), key=lambda o: o["sequence"])
        if since_id:
            anchor = _find(_orders(), since_id)
            if anchor is None:  # the doc's example error (lines 250-252)
                return json_reply({"error": f"Couldn't find order for sinceOrderId: {since_id}"})
            orders = [o for o in orders if o["sequence"] > anchor["sequence"]]
        try:
            start = _day(since_date) if since_date else None
            end = _day(through_date) if through_date else None
        except ValueError:  # "Format: yyyymmdd" (lines 105, 109); "Eingabe konnte nicht geparst werden" (line 259)
            return json_reply({"error": "Could not parse input"})
        if missing_only and not start:
            start = datetime.now(UTC).date() - timedelta(days=MISSING_MERCHANT_ORDER_ID_DAYS)
        placed = {o["id"]: datetime.fromisoformat(o["timestamp"]).date() for o in orders}
        orders = [o for o in orders if (not start or placed[o["id"]] >= start) and (not end or placed[o["id"]] <= end)]
        if missing_only:
            orders = [o for o in orders if not o["merchantOrderId"]]
        # "Wenn er in der Anfrage vorhanden ist, unabhängig vom Wert, werden die Status eingefügt" (line 107).
        rows = [_row(o, "statuses" in body) for o in orders]
    tests = sum(o["testOrder"] for o in orders)  # totalCount, orderCount (live), testOrderCount (lines 270-280)
    return json_reply({"totalCount": len(rows), "orderCount": len(rows) - tests, "testOrderCount": tests,
                       "orders": rows})


@endpoint(PARTNER, "orderDetail")  # POST v2/orderDetail (Zonos' "Order details" reference; the integrations)
def order_detail(request):
    body, refusal = read_request(request)
    if refusal:
        return refusal
    order_id = body.get("orderId")
    if order_id and body.get("referenceId"):  # "Kann nicht beide Parameter ... angeben" (line 262)
        return json_reply({"error": "Cannot specify both Parameters orderId and referenceId."})
    # Lines 260-261: "keine gültige Bestellnummer", "Parameter Bestellnummer oder Referenznummer ist erforderlich".
    if not order_id:
        return json_reply({"error": "Parameter orderId or referenceId is required"})
    if not ORDER_ID.match(str(order_id).strip()):
        return json_reply({"error": f"orderId: {order_id} is not a valid orderId"})
    with state.lock:
        order = _find(_orders(), order_id)
        if order is None:
            return json_reply({"error": f"Could not find an order with orderId: {order_id}"})
        detail = {"orderId": order["id"], "merchantOrderId": order["merchantOrderId"],
                  "testOrder": order["testOrder"], "orderStatus": order["orderStatus"], **order["detail"]}
    return json_reply({"order": detail})


# POST v1/updateMerchantOrderId (Zonos' "Update order number" reference; the integrations): the texts of its
# errors and of `success` are those the integrations read.
@endpoint(PARTNER, "updateMerchantOrderId")
def update_merchant_order_id(request):
    body, refusal = read_request(request)
    if refusal:
        return refusal
    order_id, merchant_order_id = body.get("orderId"), body.get("merchantOrderId")
    if not order_id:
        return json_reply({"error": "Parameter orderId is required to processUpdateMerchantOrderId"})
    if not merchant_order_id:
        return json_reply({"error": "Parameter merchantOrderId is required to updateMerchantOrderId."})
    with state.lock:
        order = _find(_orders(), order_id)
        if order is None:
            return json_reply({"error": f"Could not retrieve order to updateMerchantOrderId for orderId: {order_id}"})
        order["merchantOrderId"] = str(merchant_order_id)
        number = order["sequence"]
    return json_reply({"success": f"Updated Order: {number} with new merchantOrderId: {merchant_order_id}"})


@csrf_exempt  # sandbox only: no Zonos call, so no source
def control_orders(request):
    """GET: the orders the sandbox holds; POST {"orders": [...]}: replace them (records as `make_order` builds)."""
    if request.method == "POST":
        try:
            orders = json.loads(request.body)["orders"]
        except (ValueError, KeyError, TypeError):
            return json_reply({"error": 'Send {"orders": [...]}'}, status=400)
        orders_set(orders)
    return json_reply({"orders": orders_get()})


urlpatterns = [
    path("v1/orderNumbers", order_numbers),
    path("v2/orderDetail", order_detail),
    path("v1/updateMerchantOrderId", update_merchant_order_id),
    path("control/orders", control_orders),
]
