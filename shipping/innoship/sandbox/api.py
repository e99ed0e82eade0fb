"""Innoship emulation: X-Api-Key authentication; booking, validation, labels, tracking, cancel, couriers and
the lookup of bookings by externalOrderId.

Like Innoship, replies vary in casing: bookings and the courier list answer in PascalCase, tracking, lookup
and validation in camelCase (spec: "the key casing varies"). A refused booking answers 400 with the doc's
list of {context, message} (doc, the last "Example Response" table); the request rules, each with its source,
are in `innoship_rules.py`. Sources: "doc" is `partner-docs/innoship-order-api.txt`, "spec" Innoship's public
OpenAPI spec and official plugins as GUIDE.md lists them, "sandbox" this emulation's own choice.

Each booking advances by itself (picked up after 2 minutes, in transit, out for delivery, delivered after
30 minutes) until a test or a demo sets its status with `set_status` or `POST api/_sandbox/status`.
`stall_next_booking(seconds)` makes the next booking succeed but answer only after that long, as a reply
lost after the courier was booked; `wait_for_stalled_reply()` waits until it has answered.
"""

import json
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt

from backoffice.casefold import ci_get
from backoffice.sandbox import credentials, state
from backoffice.sandbox.common import endpoint, json_reply
from backoffice.sandbox.held_replies import controls, hold_reply

from .pdf import PAGE_SIZES, label_pdf
from .rules import validation_errors

PARTNER = "innoship"
COURIERS = [  # sandbox: five couriers; the doc refers to a Courier table it does not contain
    {"CourierId": 1, "Name": "Cargus"},
    {"CourierId": 2, "Name": "DPD"},
    {"CourierId": 3, "Name": "FanCourier"},
    {"CourierId": 6, "Name": "Sameday"},
    {"CourierId": 47, "Name": "DHL Paket Germany"},
]
COURIER_NAMES = {c["CourierId"]: c["Name"] for c in COURIERS}
# sandbox: (seconds after booking, status id) while nobody sets the status by hand
AUTO_STATUSES = [(120, 2), (600, 20), (1200, 30), (1800, 100)]
PICKED_UP = 2
CANCELLED = 106
# spec: Innoship's public status table (as shipping/innoship/statuses.py keeps it): ids and names
STATUS_TEXT = {1: "New", 2: "Picked-Up", 10: "In Courier WH", 20: "In Transit", 30: "Out for Delivery",
               36: "Not Home", 100: "Delivered", 104: "Returned", 106: "Canceled"}
FIRST_AWB = 905230001  # sandbox: AWBs like the doc's examples (905230964 …)
LOCAL_TIME = ZoneInfo("Europe/Bucharest")  # spec: tracking dates without offset are Innoship's (Romanian) time


def _store():
    store = state.store(PARTNER)
    store.setdefault("bookings", {})
    return store


def authorised(request):  # spec: every call sends X-Api-Key (and api-version: 1.0)
    return request.headers.get("X-Api-Key") == credentials.INNOSHIP_API_KEY


def unauthorised():  # spec: errors as {errors: [{message, details}]}
    return json_reply({"errors": [{"message": "Invalid API key", "details": "X-Api-Key"}]}, status=401)


def _error(message, details="", status=400):  # spec: {errors: [{message, details}]}
    return json_reply({"errors": [{"message": message, "details": details}]}, status=status)


def _now():
    return datetime.now(UTC)


# --- test and demo controls -----------------------------------------------------------------------------------

def set_status(awb, status_id, *, at=None):
    """Adds a status event to a booking; from then on it advances only by hand."""
    with state.lock:
        booking = _store()["bookings"][str(awb)]
        booking["manual"] = True
        booking["events"].append({"status": int(status_id), "at": (at or _now()).isoformat()})


def stall_next_booking(seconds):
    with state.lock:
        _store()["stall"] = float(seconds)
        _store()["stall_over"] = threading.Event()


def rule_next_booking(**changes):
    """An account Rule (set in Innoship's portal) changes the next booking's extra services, e.g. OpenPackage=True;
    the reply's Extra then shows the change (doc, Response Parameters: Extra)."""
    with state.lock:
        _store()["rule"] = dict(changes)


def wait_for_stalled_reply(timeout=10):
    """Waits until the stalled booking has answered (to nobody), so no request is left running."""
    with state.lock:
        over = _store().get("stall_over")
    return over is None or over.wait(timeout)


def bookings():
    """Every booking the sandbox holds, for tests."""
    with state.lock:
        return [dict(b) for b in _store()["bookings"].values()]


@endpoint(PARTNER, "control")
def control_status(request):
    """sandbox control, no Innoship endpoint: sets a booking's status for tests and demos."""
    if not authorised(request):
        return unauthorised()
    data = _json(request) or {}
    awb = str(ci_get(data, "awb", default=""))
    if awb not in _store()["bookings"]:
        return _error("AWB not found", awb, status=404)  # sandbox control: no such booking
    set_status(awb, int(ci_get(data, "statusId", default=PICKED_UP)))
    return json_reply({"awb": awb, "statusId": ci_get(data, "statusId", default=PICKED_UP)})


# --- reading and checking requests -----------------------------------------------------------------------------

def _json(request):
    try:
        return json.loads(request.body or b"null")
    except ValueError:
        return None


def _advance(booking):
    """Moves a booking along AUTO_STATUSES as time passes, unless its status is set by hand."""
    if booking["manual"] or booking["cancelled"]:
        return
    age = time.time() - booking["created"]
    reached = [s for after, s in AUTO_STATUSES if age >= after]
    seen = {e["status"] for e in booking["events"]}
    for status in reached:
        if status not in seen:
            booking["events"].append({"status": status, "at": _now().isoformat()})


def _status(booking):
    return booking["events"][-1]["status"]


# --- the API ----------------------------------------------------------------------------------------------------

def _courier_for(to):
    """sandbox: Innoship's rules pick the courier (doc, request table: CourierId "Bypasses all rules")."""
    if ci_get(to, "fixedLocationId"):
        return 6
    return 47 if str(ci_get(to, "country", default="")).upper() == "DE" else 1


def _next_working_day(day):
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _create_booking(request, data):
    """doc, response table: ClientOrderId, CourierShipmentId (the AWB), Courier, Price, CalculatedDeliveryDate,
    Extra; TrackPageUrl from the doc's example replies. Prices and AWB numbers are the sandbox's."""
    to, content, extra = ci_get(data, "addressTo"), ci_get(data, "content"), ci_get(data, "extra") or {}
    weight = Decimal(str(ci_get(content, "totalWeight")))
    cod = Decimal(str(ci_get(extra, "bankRepaymentAmount", default=0) or 0))
    amount = (Decimal("4.90") + Decimal("0.80") * weight + (Decimal("1.50") if cod else 0)).quantize(Decimal("0.01"))
    vat = (amount * Decimal("0.19")).quantize(Decimal("0.01"))
    try:
        shipped = date.fromisoformat(str(ci_get(data, "shipmentDate"))[:10])
    except ValueError:
        shipped = date.today()
    with state.lock:
        store = _store()
        awb = str(store.get("next_awb", FIRST_AWB))
        store["next_awb"] = int(awb) + 1
        courier = _courier_for(to)
        parcels = max(int(ci_get(content, "parcelsCount", default=1) or 1), 1)
        booking = {
            "awb": awb, "courier": courier, "client_order_id": f"{courier}|{awb}",
            "external_order_id": str(ci_get(data, "externalOrderId", default="") or ""),
            "locality": str(ci_get(to, "localityName", default="") or ""),
            "created": time.time(), "manual": False, "cancelled": False,
            "events": [{"status": 1, "at": _now().isoformat()}],
            "track_url": request.build_absolute_uri(f"/sandbox/innoship/track/{awb}"),
            "price": {"Amount": float(amount), "VAT": float(vat), "TotalAmount": float(amount + vat),
                      "Currency": "EUR"},
            "delivery": f"{_next_working_day(shipped).isoformat()}T00:00:00+00:00",
            "barcodes": [awb if seq == 1 else f"{awb}{seq:03d}" for seq in range(1, parcels + 1)],
        }
        store["bookings"][awb] = booking
        # Reply field table, Extra: "All extra services requested ... will also include any changes from Rules"
        # (doc, Response Parameters); keys PascalCase as in the doc's example replies.
        booked_extra = {key[:1].upper() + key[1:]: value for key, value in extra.items()}
        booked_extra.update(store.pop("rule", {}))
        booking["extra"] = booked_extra
        stall = store.pop("stall", 0)
    return booking, stall


def _booking_reply(booking, with_barcodes):
    reply = {
        "ClientOrderId": booking["client_order_id"], "CourierShipmentId": booking["awb"],
        "Courier": booking["courier"], "Price": booking["price"], "CalculatedDeliveryDate": booking["delivery"],
        "TrackPageUrl": booking["track_url"], "Extra": booking.get("extra", {}),
    }
    # doc, response table: CourierParcelsBarcodes only when the request's GetParcelsBarcodes is true.
    if with_barcodes:
        reply["CourierParcelsBarcodes"] = [{"SequenceNo": i, "Barcode": code}
                                           for i, code in enumerate(booking["barcodes"], start=1)]
    return reply


@endpoint(PARTNER, "book")
def book(request):
    """doc, "1. Create a new order (POST)" at BASE_URL/api/Order; 200 with the booking (doc, "Example Response
    (Success - HTTP code 200)"), 400 with [{Context, Message}] when a rule fails."""
    if not authorised(request):
        return unauthorised()
    data = _json(request)
    errors = validation_errors(data)
    if errors:
        return json_reply([{"Context": context, "Message": message} for context, message in errors], status=400)
    booking, stall = _create_booking(request, data)
    if stall:
        time.sleep(stall)  # the courier is booked, but the reply comes too late for the caller
        _store()["stall_over"].set()
    hold_reply(PARTNER)
    parameters = ci_get(data, "parameters") or {}
    return json_reply(_booking_reply(booking, bool(ci_get(parameters, "getParcelsBarcodes", default=False))))


@endpoint(PARTNER, "lookup")
def lookup(request):
    """sandbox: neither the doc nor the spec documents a lookup by externalOrderId (GUIDE: "no documented way
    exists"); the client's guess at its REST shape is answered here so that reconciling can be exercised."""
    if not authorised(request):
        return unauthorised()
    wanted = request.GET.get("externalOrderId", "")
    if not wanted:
        return _error("externalOrderId is required", "externalOrderId")  # sandbox (see the docstring)
    found = []
    with state.lock:
        for booking in _store()["bookings"].values():
            if booking["external_order_id"] == wanted:
                _advance(booking)
                found.append({
                    "clientOrderId": booking["client_order_id"], "externalOrderId": booking["external_order_id"],
                    "courier": booking["courier"], "courierShipmentId": booking["awb"],
                    "trackPageUrl": booking["track_url"], "currentStatusId": _status(booking),
                    "price": {k[:1].lower() + k[1:]: v for k, v in booking["price"].items()},
                    "calculatedDeliveryDate": booking["delivery"],
                })
    return json_reply(found)


@csrf_exempt
def orders(request):
    """`api/Order`: POST books, GET looks bookings up by externalOrderId."""
    return book(request) if request.method == "POST" else lookup(request)


@endpoint(PARTNER, "validate")
def validate(request):
    """spec: `POST api/Order/validate` is a dry run of the same checks; its errors come in camelCase."""
    if not authorised(request):
        return unauthorised()
    errors = validation_errors(_json(request))
    if errors:
        return json_reply([{"context": context, "message": message} for context, message in errors], status=400)
    return json_reply({"isValid": True})


@endpoint(PARTNER, "label")
def label(request, courier_id, awb):
    """spec: `GET api/Label/by-courier/{courierId}/awb/{awb}` answers the label as a PDF (format A4 or A6)."""
    if not authorised(request):
        return unauthorised()
    label_format = request.GET.get("format", "A6").upper()
    if label_format not in PAGE_SIZES:
        return _error("Unknown label format", label_format)  # spec: A4 or A6
    with state.lock:
        booking = _store()["bookings"].get(awb)
        if booking is None or booking["courier"] != courier_id:
            return _error("AWB not found for this courier", awb, status=404)  # spec: the path names both
        if booking["cancelled"]:  # sandbox: a cancelled booking has no label to print
            return _error("The shipment is cancelled; it has no label", awb)
        lines = ["Innoship sandbox label", f"{COURIER_NAMES.get(courier_id, courier_id)} AWB {awb}",
                 f"Order {booking['external_order_id']}", booking["locality"]]
    return HttpResponse(label_pdf(lines, label_format), content_type="application/pdf")


def _local(moment):
    """Innoship's tracking dates carry no offset: they are Bucharest time."""
    return datetime.fromisoformat(moment).astimezone(LOCAL_TIME).replace(tzinfo=None).isoformat()


def _tracking(booking):
    history = [{
        "clientStatusId": e["status"], "clientStatusDescription": STATUS_TEXT.get(e["status"], str(e["status"])),
        "eventDate": _local(e["at"]), "isFinalStatus": e["status"] >= 100,
        "localityName": booking["locality"].upper() if e["status"] > 1 else None,
    } for e in booking["events"]]
    return {
        "returnAwb": None, "returnAwbHistory": [], "orderId": int(booking["awb"]) - FIRST_AWB + 26072799,
        "externalOrderId": booking["external_order_id"], "courier": booking["courier"],
        "shipmentAwb": booking["awb"], "trackUrl": booking["track_url"],
        "currentStatus": history[-1]["clientStatusDescription"], "currentStatusId": _status(booking),
        "history": history,
    }


@endpoint(PARTNER, "track")
def track(request):
    """spec: `POST api/Track/by-awb/with-return` with {courier, awbList}; the 200-AWB limit is the official
    plugins'. Unknown AWBs are left out of the list."""
    if not authorised(request):
        return unauthorised()
    data = _json(request) or {}
    awbs = [str(a) for a in ci_get(data, "awbList", default=[]) or []]
    if len(awbs) > 200:
        return _error("At most 200 AWBs per request", "awbList")  # spec: the official plugins' batch limit
    courier = ci_get(data, "courier")
    found = []
    with state.lock:
        for awb in awbs:
            booking = _store()["bookings"].get(awb)
            if booking is not None and booking["courier"] == courier:
                _advance(booking)
                found.append(_tracking(booking))
    return json_reply(found)


@endpoint(PARTNER, "cancel")
def cancel(request, courier_id, awb):
    """spec: `DELETE api/Order/{courierId}/awb/{awb}`; sandbox: refused once the courier has picked it up."""
    if request.method != "DELETE":
        return _error("Use DELETE", status=405)  # spec: cancelling is DELETE
    if not authorised(request):
        return unauthorised()
    with state.lock:
        booking = _store()["bookings"].get(awb)
        if booking is None or booking["courier"] != courier_id:
            return _error("AWB not found for this courier", awb, status=404)  # spec: the path names both
        _advance(booking)
        if not booking["cancelled"]:
            if _status(booking) >= PICKED_UP:
                # sandbox: a courier cannot cancel a parcel it holds; the error in the doc's {context, message} shape
                return json_reply([{"context": "awb", "message": "The courier has already picked the shipment up; "
                                                                 "it can no longer be cancelled."}], status=400)
            booking["cancelled"] = True
            booking["events"].append({"status": CANCELLED, "at": _now().isoformat()})
    return json_reply({"message": "Order cancelled"})


@endpoint(PARTNER, "couriers")
def couriers(request):
    """spec: `GET api/Courier/All`, as the official SDK and plugins call it."""
    if not authorised(request):
        return unauthorised()
    return json_reply(COURIERS)


def track_page(request, awb):
    """The public tracking page a TrackPageUrl points to (doc, example replies: TrackPageUrl)."""
    with state.lock:
        booking = _store()["bookings"].get(awb)
        if booking is None:
            return HttpResponse("Unknown shipment", status=404, content_type="text/plain")
        _advance(booking)
        rows = "".join(f"<li>{escape(e['at'][:16])} {escape(STATUS_TEXT.get(e['status'], e['status']))}</li>"
                       for e in booking["events"])
    return HttpResponse(f"<!doctype html><title>AWB {escape(awb)}</title><h1>AWB {escape(awb)}</h1><ul>{rows}</ul>")


urlpatterns = [
    path("api/Order", orders),
    path("api/Order/validate", validate),
    path("api/Order/<int:courier_id>/awb/<str:awb>", cancel),
    path("api/Label/by-courier/<int:courier_id>/awb/<str:awb>", label),
    path("api/Track/by-awb/with-return", track),
    path("api/Courier/All", couriers),
    path("api/_sandbox/status", control_status),
    *controls(PARTNER, lambda: dict(Counter(b["external_order_id"] for b in _store()["bookings"].values()))),
    path("track/<str:awb>", track_page),
]
