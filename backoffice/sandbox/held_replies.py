"""Slow replies and a read-out of what was placed, for the booking and registration emulations.

`POST _control/latency seconds=…` on Innoship or MeinEinkauf holds each live booking or registration reply back
that long after the partner has acted, so a test can kill the sender while a request is in flight (as InnoCigs'
own `_control/latency` does for dropships). `GET _control/placements` reads out how many requests are in flight
and how often each order number was booked or registered: both partners take a repeat (their documents promise
no refusal), so only this count tells whether the back-office sent an order twice.
"""

import time

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from . import state
from .common import endpoint


def _held(partner) -> dict:
    """Call with `state.lock` held."""
    return state.store(partner).setdefault("held_replies", {"latency": 0.0, "in_flight": 0})


def hold_reply(partner):
    """After the partner acted: waits out the set latency, counted as a request in flight meanwhile."""
    with state.lock:
        held = _held(partner)
        seconds = held["latency"]
        if not seconds:
            return
        held["in_flight"] += 1
    try:
        time.sleep(seconds)
    finally:
        with state.lock:
            _held(partner)["in_flight"] -= 1


def controls(partner, placements):
    """The two control URLs of `partner`; `placements()` counts its bookings or registrations per order number
    (called with `state.lock` held)."""

    @require_POST
    @endpoint(partner, "control")
    def latency(request):
        try:
            seconds = max(0.0, float(request.POST.get("seconds", "0")))
        except ValueError:
            return JsonResponse({"error": "seconds must be a number"}, status=400)
        with state.lock:
            _held(partner)["latency"] = seconds
        return JsonResponse({"latency": seconds})

    @require_GET
    @endpoint(partner, "control")
    def read_out(request):
        with state.lock:
            return JsonResponse({"in_flight": _held(partner)["in_flight"], "placements": placements()})

    return [path("_control/latency", latency), path("_control/placements", read_out)]


def set_latency(partner, seconds):
    """What `_control/latency` sets, for a test in the sandbox's own process."""
    with state.lock:
        _held(partner)["latency"] = float(seconds)
