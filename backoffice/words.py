"""Field paths in the words staff read: "shipping_address.postcode" becomes "Postcode (shipping address)"; and
dates and times in one format and the shop's time zone (`when`).

Problems, import reports and partner issues name fields by their path in our data; staff never see the path.
A setting's name (all capitals, e.g. INNOSHIP_LOCATION) is kept, since that is what they look up in `.env`, and so
is a partner's own camelCase field name, which is the partner's text.
"""

import re
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from backoffice.stored_texts import in_reader_words

# Our names for the fields staff meet; anything else falls back to its name with spaces.
FIELD_WORDS = {
    "birthday": _("Date of birth"),
    "carrier": _("Carrier"),
    "cash_on_delivery": _("Cash on delivery"),
    "city": _("City"),
    "company": _("Company"),
    "country": _("Country"),
    "country_of_origin": _("Country of origin"),
    "ean": _("EAN"),
    "email": _("Email"),
    "first_name": _("First name"),
    "fixed_location_id": _("Locker or pick-up point"),
    "hs_code": _("Customs tariff number"),
    "insurance_amount": _("Insurance amount"),
    "last_name": _("Last name"),
    "lines": _("Order lines"),
    "name": _("Name"),
    "number": _("Order number"),
    "phone": _("Phone"),
    "placed_at": _("Order date"),
    "postcode": _("Postcode"),
    "price": _("Price"),
    "quantity": _("Quantity"),
    "route": _("Route"),
    "sku": _("Article number"),
    "status": _("Status"),
    "street": _("Street"),
    "submission": _("Submission"),
    "total": _("Total"),
    "vat_rate": _("VAT rate"),
    "weight_grams": _("Weight (grams)"),
}
PARENT_WORDS = {
    "billing_address": _("billing address"),
    "shipping_address": _("shipping address"),
    "lines": _("order lines"),
}
# "Postcode (shipping address)": also how a stored problem names its field, said in the reader's language.
FIELD_IN = _("%(field)s (%(where)s)")
_LINE = re.compile(r"^lines\[(?P<key>[^\]]+)\](?:\.(?P<field>\w+))?$")
_SETTING = re.compile(r"^[A-Z][A-Z0-9_]+$")
# camelCase is a partner's own field name ("addressTo.phone"): kept as it came.
_PARTNER_NAME = re.compile(r"[a-z][A-Z]")


def word(name: str) -> str:
    """One field's name in words: "country_of_origin" -> "Country of origin"."""
    known = FIELD_WORDS.get(name)
    return str(known) if known else name.replace("_", " ").strip().capitalize()


def field_words(path: str) -> str:
    """A field path in words; an empty path stays empty and a setting's name stays as it is."""
    path = (path or "").strip()
    if not path or _SETTING.match(path) or _PARTNER_NAME.search(path) or " " in path:
        return path
    line = _LINE.match(path)
    if line:
        key = line["key"]
        where = _("line %(number)s") % {"number": int(key) + 1} if key.isdigit() else _("line %(sku)s") % {"sku": key}
        return FIELD_IN % {"field": word(line["field"]), "where": where} if line["field"] else str(where)
    if "." in path:
        parent, _dot, leaf = path.rpartition(".")
        parent_words = PARENT_WORDS.get(parent, parent.replace("_", " ").replace(".", ", "))
        return FIELD_IN % {"field": word(leaf), "where": parent_words}
    return word(path)


def when(value) -> str:
    """A date or time as staff read it everywhere: the shop's time zone, Django's format for the language
    (DATETIME_FORMAT / DATE_FORMAT, as templates show them)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")


def stored_words(text):
    """A text of ours stored when it was written (a partner error's explanation, why an order was held back,
    a job's line), in the reader's language; any other text as it is (`backoffice.stored_texts`)."""
    return in_reader_words(text)
