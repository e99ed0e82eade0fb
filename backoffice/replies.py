"""Small helpers every client uses to turn an HTTP reply into data or a typed error."""

import re

from backoffice.errors import PartnerAuthError, PartnerResponseError, PartnerUnavailable
from backoffice.partners import PARTNERS

BIGGEST = 2**63 - 1  # the largest whole number every supported database stores


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
        snippet = response.text[:80].strip() or "an empty body"
        raise PartnerResponseError(
            f"Expected JSON from {partner} (HTTP {response.status_code}) but got: {snippet!r}",
            partner=partner, code="malformed_reply",
        ) from None


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


def whole_number(value, *, maximum=BIGGEST):
    """A whole number from 0 to `maximum`, given as a number or its text (12, 12.0, "12"); None otherwise.

    For ids, counts and statuses: NaN, infinity, 12.5, true, "twelve" or a number beyond what a database
    column holds are not any of those."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        value = int(value) if re.fullmatch(r"\s*\+?[0-9]{1,19}\s*", value) else None
    return value if isinstance(value, int) and 0 <= value <= maximum else None


_FLAGS = {"true": True, "1": True, "false": False, "0": False}


def flag(value, default=False) -> bool:
    """A yes/no field: true, "true", 1 or "1", and their false counterparts; `default` for anything else.
    (`bool("false")` is True: a flag sent as text must not flip.)"""
    if isinstance(value, bool):
        return value
    return _FLAGS.get(str(value).strip().lower() if isinstance(value, str | int) else None, default)
