"""The order import format: its keys, how each is checked, and an order read back in the same shape.

An order is a dict with the keys of ORDER_KEYS, `shipping_address` and `billing_address` (ADDRESS_KEYS) and
`lines` (a list with LINE_KEYS). Optional keys may be missing; lengths come from the model fields, so the
format and the database never disagree.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.registry import imported_route_names, route_countries
from backoffice.words import field_words
from orders import validation as v
from orders.models import Address, Order, OrderLine

NUMBER_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
POSTCODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]*")
EAN_PATTERN = re.compile(r"\d{8,14}")


@dataclass(frozen=True)
class Key:
    clean: Callable
    required: bool = False
    default: object = ""


def _text(model, name, **kwargs):
    max_length = model._meta.get_field(name).max_length
    return lambda value: v.text(value, max_length=max_length, **kwargs)


def _amount(model, name, **kwargs):
    field = model._meta.get_field(name)
    return lambda value: v.decimal(value, max_digits=field.max_digits, places=field.decimal_places, **kwargs)


ORDER_KEYS = {
    "number": Key(_text(Order, "number", pattern=NUMBER_PATTERN,
                        pattern_help=gettext_lazy("may contain only letters, digits and . _ / - and must start "
                                                  "with a letter or digit")), required=True),
    "placed_at": Key(lambda value: v.day(value, not_before=date(2000, 1, 1)), required=True),
    "route": Key(lambda value: v.choice(value, choices=imported_route_names()), required=True),
    "currency": Key(v.currency, default="EUR"),
    "payment_type": Key(_text(Order, "payment_type")),
    "shipping_cost": Key(_amount(Order, "shipping_cost"), default=Decimal("0.00")),
    "cash_on_delivery": Key(_amount(Order, "cash_on_delivery"), default=Decimal("0.00")),
    "discount": Key(_amount(Order, "discount"), default=Decimal("0.00")),
    "email": Key(lambda value: v.email(value, max_length=Order._meta.get_field("email").max_length)),
    "phone": Key(lambda value: v.phone(value, max_length=Order._meta.get_field("phone").max_length)),
    "birthday": Key(lambda value: v.day(value, not_before=date(1900, 1, 1), not_after=timezone.localdate()),
                    default=None),
    "zonos_order_id": Key(_text(Order, "zonos_order_id")),
    "service_id": Key(lambda value: v.whole(value, minimum=1), default=None),
    "fixed_location_id": Key(_text(Order, "fixed_location_id")),
    "insurance_amount": Key(_amount(Order, "insurance_amount"), default=None),
    "open_package": Key(v.boolean, default=False),
}
ADDRESS_KEYS = {
    "company": Key(_text(Address, "company")),
    "first_name": Key(_text(Address, "first_name"), required=True),
    "last_name": Key(_text(Address, "last_name"), required=True),
    "street": Key(_text(Address, "street"), required=True),
    "house_number": Key(_text(Address, "house_number")),
    "address_line2": Key(_text(Address, "address_line2")),
    "postcode": Key(_text(Address, "postcode", pattern=POSTCODE_PATTERN,
                          pattern_help=gettext_lazy("may contain only letters, digits, spaces and -")), required=True),
    "city": Key(_text(Address, "city"), required=True),
    "county": Key(_text(Address, "county")),
    "country": Key(v.country, required=True),
}
LINE_KEYS = {
    "sku": Key(_text(OrderLine, "sku"), required=True),
    "name": Key(_text(OrderLine, "name")),
    "quantity": Key(lambda value: v.whole(value, minimum=1), required=True),
    "unit_price": Key(_amount(OrderLine, "unit_price"), required=True),
    "vat_rate": Key(_amount(OrderLine, "vat_rate", maximum=Decimal(100)), default=Decimal("19.00")),
    "weight_grams": Key(lambda value: v.whole(value, minimum=0), default=None),
    "ean": Key(_text(OrderLine, "ean", pattern=EAN_PATTERN, pattern_help=gettext_lazy("must be 8 to 14 digits"))),
    "country_of_origin": Key(v.country),
}
NESTED_KEYS = ("shipping_address", "billing_address", "lines")


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_object(raw, keys, prefix, problems):
    for name in raw:
        if name not in keys:
            problems.append((f"{prefix}{name}", _("unknown field")))
    clean = {}
    for name, key in keys.items():
        value = raw.get(name)
        if _blank(value):
            if key.required:
                problems.append((f"{prefix}{name}", _("required")))
            clean[name] = key.default
            continue
        try:
            clean[name] = key.clean(value)
        except v.Invalid as exc:
            problems.append((f"{prefix}{name}", exc.reason))
    return clean


def _clean_address(raw, path, problems, *, required):
    if raw is None or raw == {}:
        if required:
            problems.append((path, "required"))
        return None
    if not isinstance(raw, dict):
        problems.append((path, _("must be an object with the address fields")))
        return None
    return _clean_object(raw, ADDRESS_KEYS, f"{path}.", problems)


def _clean_lines(raw, problems):
    if raw is None:
        problems.append(("lines", "required"))
        return []
    if not isinstance(raw, list):
        problems.append(("lines", _("must be a list of lines")))
        return []
    if not raw:
        problems.append(("lines", _("must hold at least one line")))
    lines = []
    for index, line in enumerate(raw):
        if not isinstance(line, dict):
            problems.append((f"lines[{index}]", _("must be an object with the line fields")))
            continue
        lines.append(_clean_object(line, LINE_KEYS, f"lines[{index}].", problems))
    return lines


def order_clean(raw) -> tuple[dict | None, list[tuple[str, str]]]:
    """The order in canonical form, or None with every problem found as (field path, reason)."""
    if not isinstance(raw, dict):
        return None, [("", _("must be an object with the order's fields"))]
    problems = []
    data = _clean_object({key: value for key, value in raw.items() if key not in NESTED_KEYS}, ORDER_KEYS, "", problems)
    data["shipping_address"] = _clean_address(raw.get("shipping_address"), "shipping_address", problems,
                                              required=True)
    billing = _clean_address(raw.get("billing_address"), "billing_address", problems, required=False)
    data["billing_address"] = None if billing == data["shipping_address"] else billing
    data["lines"] = _clean_lines(raw.get("lines"), problems)
    shipping_country = (data["shipping_address"] or {}).get("country")
    countries = route_countries(data.get("route"))
    if countries and shipping_country and shipping_country not in countries:
        problems.append(("shipping_address.country",
                         _("must be %(countries)s for route %(route)s") % {
                             "countries": _(" or ").join(sorted(countries)), "route": data["route"]}))
    return (None if problems else data), problems


def _address_dict(address):
    return {name: getattr(address, name) for name in ADDRESS_KEYS}


def order_snapshot(order) -> dict:
    """An order from the database in the canonical form of `order_clean`, to compare an import with."""
    data = {name: getattr(order, name) for name in ORDER_KEYS}
    data["shipping_address"] = _address_dict(order.shipping_address)
    billing = _address_dict(order.billing_address) if order.billing_address_id else None
    data["billing_address"] = None if billing == data["shipping_address"] else billing
    data["lines"] = [{name: getattr(line, name) for name in LINE_KEYS} for line in order.lines.all()]
    return data


def differences(here, incoming, path=""):
    """The field paths where `incoming` differs from `here` (both canonical)."""
    if isinstance(here, dict) and isinstance(incoming, dict):
        for key in incoming:
            yield from differences(here.get(key), incoming[key], f"{path}.{key}" if path else key)
    elif isinstance(here, list) and isinstance(incoming, list) and len(here) == len(incoming):
        for index, (old, new) in enumerate(zip(here, incoming, strict=True)):
            yield from differences(old, new, f"{path}[{index}]")
    elif isinstance(here, list) and isinstance(incoming, list):
        yield _("%(field)s (%(here)s here, %(incoming)s in the import)") % {
            "field": field_words(path), "here": len(here), "incoming": len(incoming)}
    elif here != incoming:
        yield path
