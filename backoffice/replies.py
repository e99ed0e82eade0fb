"""Small helpers every client uses to turn an HTTP reply into data or a typed error."""

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


def json_body(response, partner):
    """The reply as JSON, or a clear error naming what came instead."""
    try:
        return response.json()
    except ValueError:
        snippet = response.text[:80].strip() or "an empty body"
        raise PartnerResponseError(
            f"Expected JSON from {partner} (HTTP {response.status_code}) but got: {snippet!r}",
            partner=partner, code="malformed_reply",
        ) from None
