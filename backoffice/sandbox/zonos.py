"""Zonos / iGlobal emulation: JSON POST; errors come with HTTP 200 and an {"error": ...} body."""

import json

from django.urls import path

from . import credentials
from .common import endpoint, json_reply


def read_request(request):
    """(body, None) when the store and secret match, else (None, the error reply)."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None, json_reply({"error": "Invalid JSON"})
    if str(body.get("store")) != credentials.ZONOS_STORE_ID or body.get("secret") != credentials.ZONOS_SECRET:
        return None, json_reply({"error": "Invalid store or secret"})
    return body, None


@endpoint("zonos", "orderNumbers")
def order_numbers(request):
    body, refusal = read_request(request)
    if refusal:
        return refusal
    return json_reply({"totalCount": 0, "orderCount": 0, "testOrderCount": 0, "orders": []})


urlpatterns = [
    path("v1/orderNumbers", order_numbers),
]
