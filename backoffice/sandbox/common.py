"""What every emulated partner view shares."""

import base64
import functools
import hmac

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from . import state

CONTROL_TOKEN_HEADER = "X-Sandbox-Control-Token"


def endpoint(partner, operation):
    """Marks a sandbox view: CSRF-exempt (partners are machines) and recorded in the sandbox's memory."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            state.record(partner, operation, request.body.decode("utf-8", "replace"),
                         request.META.get("QUERY_STRING", ""))
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


def _holds_control_token(request):
    expected = settings.SANDBOX_CONTROL_TOKEN
    given = request.headers.get(CONTROL_TOKEN_HEADER, "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def control(view):
    """Guards a sandbox control call (ship now, set the stock, advance a state …): it answers only a caller that
    sends SANDBOX_CONTROL_TOKEN in the X-Sandbox-Control-Token header, or a logged-in superuser; anyone else
    gets 403. The emulated partner APIs stay open, as partners' APIs are to any client with the credentials."""

    def as_superuser(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    # The views are CSRF-exempt for machines; a call made with a browser's session must pass the CSRF check.
    as_superuser = csrf_protect(as_superuser)

    @csrf_exempt
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if _holds_control_token(request):
            return view(request, *args, **kwargs)
        if request.user.is_active and request.user.is_superuser:
            request.body  # noqa: B018  (kept for the view: the CSRF check reads the form, the view the raw body)
            return as_superuser(request, *args, **kwargs)
        return json_reply({"error": _("Sandbox controls are only for a logged-in superuser, or a caller that "
                                      "sends the sandbox's control token.")}, status=403)

    return guarded
