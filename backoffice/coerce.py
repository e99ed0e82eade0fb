"""Reading one field of a partner's reply: text, whole numbers, amounts, moments, days and flags.

Every client reads its replies with these, so a field means the same whatever partner sent it. Each returns
a safe empty value (None, "" or a default) for what is not that kind of field: callers decide whether a
missing or unreadable field is an error.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from backoffice.storable import storable

BIGGEST = 2**63 - 1  # the largest whole number every supported database stores


def text(value, *, strip=False) -> str:
    """A text field; what is no text (null, an object, a list) is empty."""
    if value is None or isinstance(value, dict | list):
        return ""
    return storable(str(value).strip() if strip else str(value))


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


_COMMA_DECIMAL = re.compile(r"\s*[+-]?[0-9]+,[0-9]+\s*")


def decimal(value, *, places=None, limit=None, comma=False):
    """An amount given as a number or its text ("12.5", 12.5); None for empty, no number, NaN or infinity.

    `places` (e.g. Decimal("0.01")) rounds it; `limit` refuses amounts of that size or more (what a column
    holds); `comma` also reads a German "12,50" (a single comma and no dot, so "1,250.00" stays unreadable).
    """
    if value in (None, "") or isinstance(value, bool | dict | list):
        return None
    if comma and isinstance(value, str) and _COMMA_DECIMAL.fullmatch(value):
        value = value.replace(",", ".")
    try:
        amount = Decimal(str(value))
        if places is not None:
            amount = amount.quantize(places)
    except InvalidOperation:
        return None
    if not amount.is_finite() or (limit is not None and abs(amount) >= limit):
        return None
    return amount


def aware_datetime(value, *, zone=None):
    """An ISO 8601 moment ("2026-11-20T10:15:00+01:00") as an aware datetime; one without an offset is in
    `zone` (the shop's time zone when None). None for anything that is not a real moment (e.g. 30 February,
    or a year at the edge of the calendar that does not exist in `zone`)."""
    if not isinstance(value, str) or not value.strip():
        return None
    zone = zone or timezone.get_current_timezone()
    try:
        parsed = parse_datetime(value.strip())
        if parsed is None:
            return None
        if timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=zone)
        parsed.astimezone(zone)  # a moment near year 1 or 9999 may not exist in `zone`
    except (ValueError, OverflowError):
        return None
    return parsed


def day(value):
    """The calendar day an ISO 8601 date or moment starts with ("2026-11-20", "2026-11-20T10:15"); None
    otherwise. The day as written: a moment's offset is not applied."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


_FLAGS = {"true": True, "1": True, "false": False, "0": False}


def flag(value, default=False) -> bool:
    """A yes/no field: true, "true", 1 or "1", and their false counterparts; `default` for anything else.
    (`bool("false")` is True: a flag sent as text must not flip.)"""
    if isinstance(value, bool):
        return value
    return _FLAGS.get(str(value).strip().lower() if isinstance(value, str | int) else None, default)
