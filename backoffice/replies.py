"""Small helpers every client uses to turn an HTTP reply into data or a typed error."""

import re

from backoffice.errors import PartnerAuthError, PartnerResponseError, PartnerUnavailable


def raise_for_transport(response, partner):
    """Statuses that mean the partner processed nothing: authentication, overload, maintenance."""
    status = response.status_code
    if status in (401, 403):
        raise PartnerAuthError(
            f"Credentials refused (HTTP {status}). Check the {partner} settings.", partner=partner,
            code=f"http_{status}",
        )
    if status == 429 or status >= 500:
        raise PartnerUnavailable(
            f"{partner} is unavailable (HTTP {status}); try again later.", partner=partner,
            code=f"http_{status}",
        )


def json_body(response, partner):
    """The reply as JSON, or a clear error naming what came instead."""
    try:
        return response.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python's parser goes
        snippet = response.text[:80].strip() or "an empty body"
        raise PartnerResponseError(
            f"Expected JSON from {partner} (HTTP {response.status_code}) but got: {snippet!r}",
            partner=partner, code="malformed_reply",
        ) from None


# NUL (PostgreSQL refuses it in text) and lone surrogates (valid in JSON as "\ud800", storable nowhere).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text) -> str:
    """A partner's text as every database and page can hold it: NUL and lone surrogates become U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text)
