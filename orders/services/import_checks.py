"""Plausibility warnings on an order that passed the import's checks: data a partner may refuse later.

A warning never stops the import; it tells staff, at import, what would otherwise surprise them at submission
("a one-digit postcode"). Each is (field path, reason), like the import's problems.
"""

import re

from django.utils.translation import gettext as _

# The postcode shape of each country we ship to most (Universal Postal Union's addressing formats).
POSTCODE_SHAPES = {
    "DE": (re.compile(r"\d{5}"), "5 digits"),
    "AT": (re.compile(r"\d{4}"), "4 digits"),
    "CH": (re.compile(r"\d{4}"), "4 digits"),
    "LI": (re.compile(r"94\d{2}"), "4 digits starting with 94"),
    "BE": (re.compile(r"\d{4}"), "4 digits"),
    "DK": (re.compile(r"\d{4}"), "4 digits"),
    "LU": (re.compile(r"(L-?)?\d{4}"), "4 digits"),
    "FR": (re.compile(r"\d{5}"), "5 digits"),
    "IT": (re.compile(r"\d{5}"), "5 digits"),
    "ES": (re.compile(r"\d{5}"), "5 digits"),
    "NL": (re.compile(r"\d{4} ?[A-Za-z]{2}"), "4 digits and 2 letters"),
    "PL": (re.compile(r"\d{2}-\d{3}"), "2 digits, a dash and 3 digits"),
    "CZ": (re.compile(r"\d{3} ?\d{2}"), "5 digits"),
    "SE": (re.compile(r"\d{3} ?\d{2}"), "5 digits"),
}
NAME_FIELDS = ("first_name", "last_name", "city", "street")
PHONE_MIN_DIGITS = 6
LARGE_QUANTITY = 100


def _address_warnings(address, prefix):
    for name in NAME_FIELDS:
        value = (address.get(name) or "").strip()
        if len(value) == 1:
            yield f"{prefix}.{name}", _("is a single character (%(value)s); check it before submitting") % {
                "value": value}
    shape = POSTCODE_SHAPES.get(address.get("country"))
    postcode = (address.get("postcode") or "").strip()
    if shape and postcode and not shape[0].fullmatch(postcode):
        yield f"{prefix}.postcode", _("%(postcode)s does not look like a postcode of %(country)s (%(shape)s); "
                                      "check it with the customer before submitting") % {
            "postcode": postcode, "country": address["country"], "shape": shape[1]}


def order_warnings(data) -> list[tuple[str, str]]:
    """What looks implausible in a clean order (the output of `order_clean`)."""
    warnings = []
    for key in ("shipping_address", "billing_address"):
        if data.get(key):
            warnings.extend(_address_warnings(data[key], key))
    phone = data.get("phone") or ""
    digits = sum(character.isdigit() for character in phone)
    if phone and digits < PHONE_MIN_DIGITS:
        warnings.append(("phone", _("has only %(digits)s digits; a courier may not reach the customer") % {
            "digits": digits}))
    for index, line in enumerate(data.get("lines") or []):
        if (line.get("quantity") or 0) > LARGE_QUANTITY:
            warnings.append((f"lines[{index}].quantity",
                             _("%(quantity)s pieces is unusually many for one order; check it is not a typo") % {
                                 "quantity": line["quantity"]}))
    return warnings
