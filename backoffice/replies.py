"""Small helpers every client uses to turn an HTTP reply into data or a typed error."""

import re

from backoffice.errors import PartnerAuthError, PartnerOutcomeUnknown, PartnerResponseError, PartnerUnavailable
from backoffice.partner_http import retry_after_seconds
from backoffice.partners import PARTNERS

# However long a partner asks to wait, an order is tried again within a day: staff see the time either way.
RETRY_AFTER_LIMIT = 24 * 60 * 60
# Only these say the partner processed nothing; any other server error may come after it acted (a crash after
# the commit, a gateway that gave up waiting), so after a write it leaves the outcome open.
NOTHING_PROCESSED = frozenset({429, 503})


def raise_for_transport(response, partner, *, write=False):
    """Raises for statuses that are about the transport, not the content: refused credentials, overload and
    maintenance (nothing processed), and, when the request was a `write` (it places, books or registers
    something), server errors that leave it open whether the partner acted."""
    status = response.status_code
    label = PARTNERS.get(partner, partner)
    if status in (401, 403):
        raise PartnerAuthError(
            f"Credentials refused (HTTP {status}). Check the {label} settings.", partner=partner,
            code=f"http_{status}",
        )
    if write and status >= 500 and status not in NOTHING_PROCESSED:
        raise PartnerOutcomeUnknown(
            f"{label} answered HTTP {status} to a request that changes data: it may have acted on it before "
            "failing, so its outcome is unknown.", partner=partner, code=f"http_{status}",
        )
    if status in NOTHING_PROCESSED or status >= 500:
        wait = retry_after_seconds(response, RETRY_AFTER_LIMIT)
        asked = f" and asks to wait {duration(wait)}" if wait else ""
        raise PartnerUnavailable(
            f"{label} is unavailable (HTTP {status}){asked}; try again later.", partner=partner,
            code=f"http_{status}", retry_after=wait,
        )


def duration(seconds) -> str:
    """ "45 s", "2 min", "3 h" for a wait in seconds."""
    if seconds < 120:
        return f"{seconds:g} s"
    if seconds < 2 * 60 * 60:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"


# What reading a body as JSON raises when it is none: RecursionError for JSON nested deeper than Python's
# reader goes (a few hundred levels, depending on how deep the caller already is).
NOT_JSON = (ValueError, RecursionError)


def json_or_none(response):
    """The reply as JSON, or None when it is not JSON (a reply that may or may not explain itself)."""
    try:
        return response.json()
    except NOT_JSON:
        return None


def json_body(response, partner):
    """The reply as JSON, or a clear error naming what came instead."""
    try:
        return response.json()
    except NOT_JSON:
        raise unreadable(response, partner, "JSON") from None


def unreadable(response, partner, expected) -> PartnerResponseError:
    """The error for a reply that is not the `expected` format, saying what came instead: a maintenance or
    error page (often from something in front of the partner), an empty body, or the start of the text."""
    text = response.text.strip()
    if is_html_page(response):
        title = _TITLE.search(text) or _HEADING.search(text)
        words = " ".join(_TAG.sub(" ", title.group(1)).split()) if title else ""
        came = "an HTML page" + (f" ({words[:80]!r})" if words else "")
    else:
        came = repr(text[:80]) if text else "an empty body"
    return PartnerResponseError(
        f"Expected {expected} from {PARTNERS.get(partner, partner)} (HTTP {response.status_code}) but got {came}.",
        partner=partner, code="malformed_reply",
    )


def is_html_page(response) -> bool:
    """True for an HTML page (a maintenance or error page), whatever format the partner's API speaks."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml") or bool(_HTML.match(response.text.lstrip()))


_HTML = re.compile(r"<(!doctype\s+html|html)[\s>]", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<h[1-3][^>]*>(.*?)</h[1-3]>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def bounded(text, max_length, *, partner, field) -> str:
    """A partner's id, number or code as the shop stores it. One longer than the column it goes into is no
    real one: the reply cannot be read (rather than a truncated id matching the wrong record)."""
    if len(text) > max_length:
        raise PartnerResponseError(
            f"{PARTNERS.get(partner, partner)} sent a {field} of {len(text)} characters; the shop keeps at most "
            f"{max_length}.",
            partner=partner, code="malformed_reply", field=field,
        )
    return text
