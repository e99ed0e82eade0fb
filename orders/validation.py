"""Checks of single values that come from outside (an import file, another partner's data, an admin form).

Each check returns the clean value or raises `Invalid` with a reason staff can act on, in their language.
Reasons never repeat personal data (names, addresses, emails), since reports end up on screens and in terminals.
"""

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from orders.countries import COUNTRY_CODES


class Invalid(ValueError):
    @property
    def reason(self):
        return self.args[0]


# Control characters, lone surrogates and line/paragraph separators break partner requests (and PostgreSQL
# refuses NUL); right-to-left marks, emoji and other printable text pass.
_FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_WHOLE = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PHONE_CHARS = set("0123456789 +()/-.")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}
MAX_POSITIVE_INTEGER = 2147483647  # what PositiveIntegerField holds on every database


def text(value, *, max_length, pattern=None, pattern_help=""):
    if isinstance(value, (bool, int, float, Decimal)):
        # A postcode or house number as a JSON number has already lost its leading zeros or letters.
        raise Invalid(_('must be text in quotes, e.g. "%(value)s"') % {"value": value})
    if not isinstance(value, str):
        raise Invalid(_("must be text"))
    value = value.strip()
    for position, char in enumerate(value, start=1):
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            raise Invalid(_("contains a control character (U+%(code)s) at position %(position)s; remove it") % {
                "code": f"{ord(char):04X}", "position": position})
    if len(value) > max_length:
        raise Invalid(_("must be at most %(limit)s characters long (has %(length)s)") % {
            "limit": max_length, "length": len(value)})
    if pattern and value and not pattern.fullmatch(value):
        raise Invalid(str(pattern_help))
    return value


def decimal(value, *, max_digits, places, minimum=Decimal(0), maximum=None):
    """An exact amount: "12.50" or 12.5 pass; 0.30000000000000004 (a float's binary noise) does not."""
    # The reasons are translated only when one is given (this runs for every amount of an import).
    def shape():
        return _("must be a number like 12.50")

    def too_large():
        return _("is too large (at most %(digits)s digits before the point)") % {"digits": max_digits - places}

    if isinstance(value, bool):
        raise Invalid(shape())
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Invalid(shape())
        amount = Decimal(repr(value))  # the shortest text that reads back as this float
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise Invalid(shape())
        amount = value
    elif isinstance(value, str):
        cleaned = value.strip()
        if not _DECIMAL.fullmatch(cleaned):
            raise Invalid(_("must be a number like 12.50 (with a dot, not a comma)") if "," in cleaned else shape())
        amount = Decimal(cleaned)
    else:
        raise Invalid(shape())
    try:
        rounded = amount.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        raise Invalid(too_large()) from None
    if rounded != amount:
        raise Invalid(_("must have at most %(places)s decimal places (got %(amount)s)") % {
            "places": places, "amount": amount})
    if len(rounded.as_tuple().digits) > max_digits:
        raise Invalid(too_large())
    amount = rounded
    if amount < minimum:
        raise Invalid(_("must not be negative") if minimum == 0 else _("must be at least %(minimum)s") % {
            "minimum": minimum})
    if maximum is not None and amount > maximum:
        raise Invalid(_("must be at most %(maximum)s") % {"maximum": maximum})
    return amount


def whole(value, *, minimum=0, maximum=MAX_POSITIVE_INTEGER):
    def reason():
        return (_("must be a positive whole number") if minimum == 1
                else _("must be a whole number from %(minimum)s") % {"minimum": minimum})

    if isinstance(value, bool):
        raise Invalid(reason())
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise Invalid(reason())
    if number < minimum:
        raise Invalid(reason())
    if number > maximum:
        raise Invalid(_("must be at most %(maximum)s") % {"maximum": maximum})
    return number


def day(value, *, not_after=None, not_before=None):
    if isinstance(value, datetime):
        raise Invalid(_("must be a date like 2026-11-20, without a time"))
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(_("is not a calendar date (%(value)s)") % {"value": value.strip()}) from None
    else:
        raise Invalid(_("must be a date like 2026-11-20"))
    if not_after and parsed > not_after:
        raise Invalid(_("must not be after %(day)s") % {"day": not_after.isoformat()})
    if not_before and parsed < not_before:
        raise Invalid(_("must not be before %(day)s") % {"day": not_before.isoformat()})
    return parsed


def email(value, *, max_length):
    value = text(value, max_length=max_length)
    try:
        validate_email(value)
    except ValidationError:
        raise Invalid(_("is not a valid email address")) from None
    return value


def phone(value, *, max_length):
    value = text(value, max_length=max_length)
    if not set(value) <= _PHONE_CHARS or sum(c.isdigit() for c in value) < 4:
        raise Invalid(_("must be a phone number: digits, spaces and + ( ) / - . only"))
    return value


def country(value):
    value = text(value, max_length=100).upper()
    if value not in COUNTRY_CODES:
        raise Invalid(_("must be an ISO 3166-1 alpha-2 country code, e.g. DE, AT, CH"))
    return value


def currency(value):
    value = text(value, max_length=100).upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise Invalid(_("must be a three-letter ISO 4217 currency code, e.g. EUR"))
    return value


def choice(value, *, choices):
    value = text(value, max_length=max(len(c) for c in choices))
    if value not in choices:
        raise Invalid(_("must be one of: %(choices)s") % {"choices": ", ".join(choices)})
    return value


def boolean(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise Invalid(_("must be true or false"))
