"""MeinEinkauf.ch emulation: Basic auth as user `api`; the doc's test key works in test mode."""

from django.urls import path

from . import credentials
from .common import basic_auth, endpoint, json_reply

KEYS = {credentials.MEINEINKAUF_API_KEY: False, credentials.MEINEINKAUF_TEST_API_KEY: True}


def authenticate(request):
    """(test_mode, None) when authorised, else (None, the 401 reply)."""
    user, key = basic_auth(request)
    if not key:
        error = {"code": "E0000", "message": "ApiKey is missing", "property": ""}
    elif user != "api" or key not in KEYS:
        error = {"code": "E0001", "message": "Unknown ApiKey", "property": ""}
    else:
        return KEYS[key], None
    return None, json_reply({"success": False, "errors": [error]}, status=401)


@endpoint("meineinkauf", "echo")
def echo(request, text):
    test_mode, refusal = authenticate(request)
    if refusal:
        return refusal
    return json_reply({"echo": text, "errors": [], "success": True, "testMode": test_mode})


urlpatterns = [
    path("echo/<str:text>", echo),
]
