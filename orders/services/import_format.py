"""The order import format: its keys, how each is checked, and an order read back in the same shape.

An order is a dict with the keys of `order_keys()` (ORDER_KEYS, and the PartnerKeys a partner package owns),
`shipping_address` and `billing_address` (ADDRESS_KEYS) and `lines` (a list with LINE_KEYS). Optional keys may be
missing; lengths come from the model fields, so the format and the database never disagree.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.registry import imported_route_names, partner_specs, route_countries
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


@dataclass(frozen=True)
class PartnerKeys:
    """Order keys of the import that a partner package owns, kept in its own tables (a PartnerSpec's
    `import_keys` names one): Innoship's courier options."""

    keys: dict[str, Key]
    # [(order, clean order)] -> None: saves the partner's values of orders just created, in the import's
    # transaction (the orders have their ids)
    save: Callable
    read: Callable  # order -> {key: value}: the values stored, to compare a repeated import with
    related: tuple[str, ...] = ()  # what `read` follows from an order, for select_related


def model_text(model, name, **kwargs):
    max_length = model._meta.get_field(name).max_length
    return lambda value: v.text(value, max_length=max_length, **kwargs)


def model_amount(model, name, **kwargs):
    field = model._meta.get_field(name)
    return lambda value: v.decimal(value, max_digits=field.max_digits, places=field.decimal_places, **kwargs)


ORDER_KEYS = {
    "number": Key(model_text(Order, "number", pattern=NUMBER_PATTERN,
                        pattern_help=gettext_lazy("may contain only letters, digits and . _ / - and must start "
                                                  "with a letter or digit")), required=True),
    "placed_at": Key(lambda value: v.day(value, not_before=date(2000, 1, 1)), required=True),
    "route": Key(lambda value: v.choice(value, choices=imported_route_names()), required=True),
    "currency": Key(v.currency, default="EUR"),
    "payment_type": Key(model_text(Order, "payment_type")),
    "shipping_cost": Key(model_amount(Order, "shipping_cost"), default=Decimal("0.00")),
    "cash_on_delivery": Key(model_amount(Order, "cash_on_delivery"), default=Decimal("0.00")),
    "discount": Key(model_amount(Order, "discount"), default=Decimal("0.00")),
    "email": Key(lambda value: v.email(value, max_length=Order._meta.get_field("email").max_length)),
    "phone": Key(lambda value: v.phone(value, max_length=Order._meta.get_field("phone").max_length)),
    "birthday": Key(lambda value: v.day(value, not_before=date(1900, 1, 1), not_after=timezone.localdate()),
                    default=None),
    "zonos_order_id": Key(model_text(Order, "zonos_order_id")),
}
ADDRESS_KEYS = {
    "company": Key(model_text(Address, "company")),
    "first_name": Key(model_text(Address, "first_name"), required=True),
    "last_name": Key(model_text(Address, "last_name"), required=True),
    "street": Key(model_text(Address, "street"), required=True),
    "house_number": Key(model_text(Address, "house_number")),
    "address_line2": Key(model_text(Address, "address_line2")),
    "postcode": Key(model_text(Address, "postcode", pattern=POSTCODE_PATTERN,
                          pattern_help=gettext_lazy("may contain only letters, digits, spaces and -")), required=True),
    "city": Key(model_text(Address, "city"), required=True),
    "county": Key(model_text(Address, "county")),
    "country": Key(v.country, required=True),
}
LINE_KEYS = {
    "sku": Key(model_text(OrderLine, "sku"), required=True),
    "name": Key(model_text(OrderLine, "name")),
    "quantity": Key(lambda value: v.whole(value, minimum=1), required=True),
    "unit_price": Key(model_amount(OrderLine, "unit_price"), required=True),
    "vat_rate": Key(model_amount(OrderLine, "vat_rate", maximum=Decimal(100)), default=Decimal("19.00")),
    "weight_grams": Key(lambda value: v.whole(value, minimum=0), default=None),
    "ean": Key(model_text(OrderLine, "ean", pattern=EAN_PATTERN, pattern_help=gettext_lazy("must be 8 to 14 digits"))),
    "country_of_origin": Key(v.country),
}
NESTED_KEYS = ("shipping_address", "billing_address", "lines")


def _partner_paths() -> tuple[str, ...]:
    return tuple(spec.import_keys for spec in partner_specs() if spec.import_keys)


@cache
def _imported(paths) -> tuple[PartnerKeys, ...]:
    # Read per order of a long file: imported once per set of partners.
    return tuple(import_string(path) for path in paths)


@cache
def _keys(paths) -> dict[str, Key]:
    keys = dict(ORDER_KEYS)
    for partner in _imported(paths):
        keys.update(partner.keys)
    return keys


def partner_keys() -> tuple[PartnerKeys, ...]:
    return _imported(_partner_paths())


def order_keys() -> dict[str, Key]:
    """Every order key of the import: the core's (ORDER_KEYS, the Order model's fields) and the partners'
    (read when asked: the admin loads before the partners register). Not to be changed by the caller."""
    return _keys(_partner_paths())


def order_fields(data) -> dict:
    """The Order model's fields of a clean order."""
    return {name: data[name] for name in ORDER_KEYS}


def partner_values_save(created):
    """Saves the partners' values of the orders just created: `created` is [(order, clean order)]."""
    created = list(created)
    for partner in partner_keys():
        partner.save(created)


def snapshot_related() -> list[str]:
    """The relations `order_snapshot` reads, for the caller's select_related."""
    return [name for partner in partner_keys() for name in partner.related]


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
    data = _clean_object({key: value for key, value in raw.items() if key not in NESTED_KEYS}, order_keys(), "",
                          problems)
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
    for partner in partner_keys():
        data.update(partner.read(order))
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
