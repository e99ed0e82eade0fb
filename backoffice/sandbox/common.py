"""What every emulated partner view shares."""

import base64
import functools

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import state


def endpoint(partner, operation):
    """Marks a sandbox view: CSRF-exempt (partners are machines) and recorded in the sandbox's memory."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            state.record(partner, operation, request.body.decode("utf-8", "replace"))
            return view(request, *args, **kwargs)

        return inner

    return wrap


def basic_auth(request):
    """(user, password) from an Authorization: Basic header, or (None, None)."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None, None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None, None
    return user, password


def json_reply(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
