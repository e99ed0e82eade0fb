"""InnoCigs' documented field rules for a sender or receiver, checked locally before any call.

Each party (SHIPPER, RECEIVER) is built from the shop's data; every rule that fails becomes a Problem
that names the shop's own field (`shipping_address.street`, `SHOP_SENDER_COMPANY`), not InnoCigs' tag.
"""

import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from orders.adapters import Problem

# DHL's Packstation and Postfiliale addresses leave less room for company and address line 2.
PACKSTATION = re.compile(r"packstation|postfiliale", re.IGNORECASE)
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Party:
    """A SHIPPER or RECEIVER exactly as InnoCigs receives it; empty values are left out of the request."""

    COMPANY: str = ""
    COMPANY2: str = ""
    FIRSTNAME: str = ""
    LASTNAME: str = ""
    STREET_ADDRESS: str = ""
    POSTCODE: str = ""
    CITY: str = ""
    COUNTRY_CODE: str = ""
    EMAIL: str = ""
    TELEPHONE: str = ""
    BIRTHDAY: str = ""

    def items(self):
        return [(f.name, getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)]


# Where each tag comes from, in the shop's terms.
ADDRESS_FIELDS = {
    "COMPANY": "company", "COMPANY2": "address_line2", "FIRSTNAME": "first_name", "LASTNAME": "last_name",
    "STREET_ADDRESS": "street", "POSTCODE": "postcode", "CITY": "city", "COUNTRY_CODE": "country",
}
SENDER_FIELDS = {
    "COMPANY": "SHOP_SENDER_COMPANY", "FIRSTNAME": "SHOP_SENDER_FIRST_NAME", "LASTNAME": "SHOP_SENDER_LAST_NAME",
    "STREET_ADDRESS": "SHOP_SENDER_STREET", "POSTCODE": "SHOP_SENDER_POSTCODE", "CITY": "SHOP_SENDER_CITY",
    "COUNTRY_CODE": "SHOP_SENDER_COUNTRY", "EMAIL": "SHOP_SENDER_EMAIL", "TELEPHONE": "SHOP_SENDER_PHONE",
}


def german_date(day) -> str:
    """InnoCigs' BIRTHDAY format: day.month.year without leading zeros, e.g. 23.6.1989."""
    return f"{day.day}.{day.month}.{day.year}" if day else ""


HUB_SETTINGS = {"COMPANY": "MEINEINKAUF_HUB_COMPANY", "STREET_ADDRESS": "MEINEINKAUF_HUB_STREET",
                "POSTCODE": "MEINEINKAUF_HUB_POSTCODE", "CITY": "MEINEINKAUF_HUB_CITY"}
HUB_FIELDS = {**HUB_SETTINGS, "COMPANY2": "number", "LASTNAME": "number"}


def hub_party(order) -> Party:
    """A Swiss order's first leg goes to MeinEinkauf's hub in Germany, never to the customer: the label
    carries the shop's order number (COMPANY2) so the hub can match the parcel to the registration."""
    return Party(
        COMPANY=settings.MEINEINKAUF_HUB_COMPANY.strip(), COMPANY2=order.number,
        # InnoCigs needs a first and last name of 2+ characters; the hub's goods-in desk and the order number
        # stand in for a person, so no customer data reaches InnoCigs.
        FIRSTNAME="Wareneingang", LASTNAME=order.number,
        STREET_ADDRESS=settings.MEINEINKAUF_HUB_STREET.strip(), POSTCODE=settings.MEINEINKAUF_HUB_POSTCODE.strip(),
        CITY=settings.MEINEINKAUF_HUB_CITY.strip(), COUNTRY_CODE="DE",
    )


def receiver_party(order) -> Party:
    if order.goes_via_hub:
        return hub_party(order)
    address = order.shipping_address
    return Party(
        COMPANY=address.company.strip(), COMPANY2=address.address_line2.strip(),
        FIRSTNAME=address.first_name.strip(), LASTNAME=address.last_name.strip(),
        STREET_ADDRESS=address.street_address, POSTCODE=address.postcode.strip(), CITY=address.city.strip(),
        COUNTRY_CODE=address.country.strip().upper(), EMAIL=order.email.strip(), BIRTHDAY=german_date(order.birthday),
    )


def sender_party() -> Party:
    s = settings.SHOP_SENDER
    return Party(
        COMPANY=s["company"].strip(), FIRSTNAME=s["first_name"].strip(), LASTNAME=s["last_name"].strip(),
        STREET_ADDRESS=s["street"].strip(), POSTCODE=s["postcode"].strip(), CITY=s["city"].strip(),
        COUNTRY_CODE=s["country"].strip().upper(), EMAIL=s["email"].strip(), TELEPHONE=s["phone"].strip(),
    )


def unsendable_character(text):
    """The first character XML 1.0 cannot carry or a name never contains (controls, surrogates), or None."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff":
            return char
    return None


def party_problems(party: Party, names: dict, *, sender=False) -> list[Problem]:
    """Every documented rule `party` breaks. `names` maps each tag to the shop's field name."""
    problems = []

    def add(tag, message):
        problems.append(Problem(names.get(tag, tag), message))

    for tag, value in party.items():
        char = unsendable_character(value)
        if char is not None:
            add(tag, N_("contains the control character U+%(code)s, which cannot be sent; remove it") % {
                "code": f"{ord(char):04X}"})
    length = {tag: len(value) for tag, value in party.items()}

    if sender and length.get("COMPANY", 0) < 3:
        add("COMPANY", N_("the sender company is %(length)d characters; InnoCigs needs at least 3") % {
            "length": length.get("COMPANY", 0)})
    for tag in ("COMPANY", "COMPANY2"):
        if length.get(tag, 0) > 30:
            add(tag, N_("%(length)d characters; InnoCigs allows 30") % {"length": length[tag]})
    together = length.get("COMPANY", 0) + length.get("COMPANY2", 0)
    if PACKSTATION.search(party.STREET_ADDRESS) and together > 34:
        add("COMPANY2", N_("company and address line 2 together are %(length)d characters; InnoCigs allows 34 for "
                           "a Packstation") % {"length": together})

    for tag, too_short in (("FIRSTNAME", N_("the first name is %(length)d characters; InnoCigs needs at least 2")),
                           ("LASTNAME", N_("the last name is %(length)d characters; InnoCigs needs at least 2"))):
        if length.get(tag, 0) < 2:
            add(tag, too_short % {"length": length.get(tag, 0)})
    names_length = length.get("FIRSTNAME", 0) + length.get("LASTNAME", 0)
    if names_length > 34:
        add("LASTNAME", N_("first and last name together are %(length)d characters; InnoCigs allows 34") % {
            "length": names_length})

    street = length.get("STREET_ADDRESS", 0)
    if street > 35:
        add("STREET_ADDRESS", (N_("the street with house number is %(length)d characters; InnoCigs allows 35")
                               if sender else N_("street and house number together are %(length)d characters; "
                                                 "InnoCigs allows 35")) % {"length": street})
    elif street < 5:
        add("STREET_ADDRESS", (N_("the street with house number is %(length)d characters; InnoCigs needs at least 5")
                               if sender else N_("street and house number together are %(length)d characters; "
                                                 "InnoCigs needs at least 5")) % {"length": street})
    if length.get("POSTCODE", 0) < 4:
        add("POSTCODE", N_("the postcode is %(length)d characters; InnoCigs needs at least 4") % {
            "length": length.get("POSTCODE", 0)})
    if length.get("CITY", 0) < 3:
        add("CITY", N_("the city is %(length)d characters; InnoCigs needs at least 3") % {
            "length": length.get("CITY", 0)})
    if not COUNTRY_CODE.match(party.COUNTRY_CODE):
        add("COUNTRY_CODE", N_("%(code)s is not a two-letter ISO country code such as DE") % {
            "code": party.COUNTRY_CODE or "empty"})

    if party.EMAIL or sender:
        try:
            validate_email(party.EMAIL)
            valid = len(party.EMAIL) >= 6
        except ValidationError:
            valid = False
        if not valid:
            add("EMAIL", N_("not a valid email address of at least 6 characters") if party.EMAIL
                else N_("missing; InnoCigs needs the sender's email address"))
    return problems


RECEIVER_FIELDS = {tag: f"shipping_address.{name}" for tag, name in ADDRESS_FIELDS.items()} | {
    "EMAIL": "email", "BIRTHDAY": "birthday",
}


def receiver_problems(order) -> list[Problem]:
    if order.goes_via_hub:
        missing = [name for name in HUB_SETTINGS.values() if not getattr(settings, name).strip()]
        if missing:
            return [Problem("hub address", N_("the parcel goes to MeinEinkauf's hub, whose address is not set: set "
                                              "%(settings)s") % {"settings": ", ".join(missing)})]
        return party_problems(hub_party(order), HUB_FIELDS)
    problems = party_problems(receiver_party(order), RECEIVER_FIELDS)
    if order.birthday and not (date(1900, 1, 1) <= order.birthday < timezone.localdate()):
        problems.append(Problem("birthday", N_("not a plausible date of birth (before 1900 or not in the past)")))
    return problems


def sender_problems() -> list[Problem]:
    return party_problems(sender_party(), SENDER_FIELDS, sender=True)
