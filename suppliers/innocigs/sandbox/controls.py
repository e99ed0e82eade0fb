"""Control endpoints of the InnoCigs order commands, for demos and tests."""

from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from backoffice.sandbox import state
from backoffice.sandbox.common import endpoint

from .api import urlpatterns
from .book import _ship_due, orders_state
from .tracking import _day

# --- control endpoints for demos and tests (sandbox only; no InnoCigs call, so no reference) --------------------

@require_POST
@endpoint("innocigs", "control")
def control_ship(request):
    """Ships every placed dropship and standard order now, instead of SHIP_AFTER later."""
    with state.lock:
        book = orders_state()
        for placed in [*book["dropships"].values(), *book["standard_orders"].values()]:
            placed["ship_at"] = min(placed["ship_at"], timezone.now())
        _ship_due(book, timezone.now())
        shipped = [p["number"] for p in [*book["dropships"].values(), *book["standard_orders"].values()]
                   if p["shipped"]]
    return JsonResponse({"shipped": shipped})


@require_POST
@endpoint("innocigs", "control")
def control_cancel(request):
    """InnoCigs cancels a dropship that has not shipped: POST orders_number=… [listed_on=YYYY-MM-DD].

    The reference lists cancellations in tracking by day ("CANCELLATION - Container für Stornofälle") without
    saying under which day: `listed_on` (default today) is the day tracking by day shows it, so a test can put
    it outside the by-day window. Tracking by order shows it whatever the day."""
    number = request.POST.get("orders_number", "")
    listed_on = _day(request.POST.get("listed_on", "")) if request.POST.get("listed_on") else timezone.localdate()
    if listed_on is None:
        return JsonResponse({"error": "listed_on must be YYYY-MM-DD"}, status=400)
    with state.lock:
        placed = orders_state()["dropships"].get(number)
        if placed is None or placed["shipped"]:
            return JsonResponse({"error": f"no unshipped dropship {number!r}"}, status=404)
        placed["cancelled"] = listed_on
    return JsonResponse({"cancelled": number})


@require_POST
@endpoint("innocigs", "control")
def control_latency(request):
    """Holds every live dropship reply back: POST seconds=… (0 answers at once again)."""
    try:
        seconds = max(0.0, float(request.POST.get("seconds", "0")))
    except ValueError:
        return JsonResponse({"error": "seconds must be a number"}, status=400)
    with state.lock:
        orders_state()["latency"] = seconds
    return JsonResponse({"latency": seconds})


@require_GET
@endpoint("innocigs", "control")
def control_dropships(request):
    """What reached the dropship command, per live order number, and the requests whose reply is held back."""
    with state.lock:
        book = orders_state()
        orders = {number: _count(events) for number, events in book["history"].items()}
        return JsonResponse({"requests": len(book["dropship_requests"]),
                             "in_flight": [list(numbers) for numbers in book["in_flight"]], "orders": orders})


def _count(events):
    """Counts one number's events. An arrival of a number already placed, with no look-up since the arrival
    before, is a blind resend (after a refusal, sending the number again is the way to fix it)."""
    blind, checked, placed = 0, False, False
    for event in events:
        if event == "arrived":
            blind += placed and not checked
            checked = False
        elif event == "placed":
            placed = True
        elif event == "looked_up":
            checked = True
    return {"arrived": events.count("arrived"), "placed": events.count("placed"),
            "looked_up": events.count("looked_up"), "resent_blindly": blind}


@require_POST
@endpoint("innocigs", "control")
def control_stock(request):
    """Sets InnoCigs' stock of articles, e.g. for a benchmark of thousands of orders: POST MODEL=quantity …"""
    try:
        levels = {model: int(quantity) for model, quantity in request.POST.items()}
    except ValueError:
        return JsonResponse({"error": "quantities must be whole numbers"}, status=400)
    with state.lock:
        stock = orders_state()["stock"]
        stock.update(levels)
        return JsonResponse({"stock": dict(stock)})


# The frame's urlpatterns are read after this module is imported, so the control URLs join them here.
urlpatterns.extend([
    path("_control/ship", control_ship),
    path("_control/cancel", control_cancel),
    path("_control/latency", control_latency),
    path("_control/dropships", control_dropships),
    path("_control/stock", control_stock),
])
