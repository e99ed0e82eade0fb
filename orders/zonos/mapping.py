"""A Zonos orderDetail as one order of the JSON import format (issue 4). Pure: no database, no HTTP."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from orders.zonos.client import Address, OrderDetail

# Swiss and Liechtenstein customers are served across the border by MeinEinkauf.ch; every other country
# is dropshipped by InnoCigs.
MEINEINKAUF_COUNTRIES = frozenset({"CH", "LI"})
GRAMS = {"G": Decimal(1), "KG": Decimal(1000), "LB": Decimal("453.59237"), "LBS": Decimal("453.59237"),
         "OZ": Decimal("28.349523125")}
MAX_AMOUNT = Decimal(10) ** 9  # far beyond any order; the import says what the shop holds below it
# "Bahnhofstrasse 12b", "Rue du Lac 3-5", "Main St, 12/3": a house number at the end (European style) …
NUMBER_LAST = re.compile(r"^(?P<street>.*?\D)[\s,]+(?P<number>\d+\s?[a-zA-Z]?(?:\s?[-/]\s?\d+\s?[a-zA-Z]?)?)$")
# … or at the start ("123 Main Street", "12B Baker St"), as in North America and the UK.
NUMBER_FIRST = re.compile(r"^(?P<number>\d+[a-zA-Z]?(?:[-/]\d+[a-zA-Z]?)?),?\s+(?P<street>\D.*)$")


class MappingError(Exception):
    """The Zonos order cannot become a shop order as it is; the message names the field."""


@dataclass(frozen=True)
class Mapped:
    payload: dict  # one order of {"orders": [...]}
    notes: tuple[str, ...]  # what the shop order does not carry, for staff to know


def shop_order_number(zonos_order_id, prefix):
    """The shop order number of a Zonos order: fixed by its id, so importing again finds the same order."""
    return f"{prefix}{zonos_order_id}"


def route_for(country_code):
    return "meineinkauf" if country_code.upper() in MEINEINKAUF_COUNTRIES else "innocigs"


def split_name(name):
    """('Jane', 'van Doe') from 'Jane van Doe'; a single word is the last name."""
    first, _, last = " ".join(name.split()).partition(" ")
    return (first, last) if last else ("", first)


def split_street(address1):
    """(street, house number) from one address line; the whole line is the street when no number is found."""
    line = " ".join(address1.split())
    for pattern in (NUMBER_LAST, NUMBER_FIRST):
        match = pattern.match(line)
        if match:
            return match["street"].strip(" ,"), match["number"].replace(" ", "")
    return line, ""


def _birthday(text):
    """ISO (1989-06-23) or US (06/23/1989) dates; anything else is left out rather than guessed."""
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text[:10], fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _money(value: Decimal, what):
    """An amount as the import format writes it. Beyond MAX_AMOUNT it is refused here: rounding it would
    exceed what Decimal arithmetic holds, and no shop order carries it."""
    if abs(value) >= MAX_AMOUNT:
        raise MappingError(f"{what}: {value:.2E} is not an amount the shop can take.")
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _address(address: Address, what):
    if not address.address1:
        raise MappingError(f"{what}: Zonos sent no street (address1).")
    if not address.country_code:
        raise MappingError(f"{what}: Zonos sent no country.")
    first, last = split_name(address.name)
    street, number = split_street(address.address1)
    return {
        "company": address.company, "first_name": first, "last_name": last, "street": street,
        "house_number": number, "address_line2": address.address2, "postcode": address.zip,
        # Some countries have no city in Zonos' data; its integrations then use the state.
        "city": address.city or address.state, "county": address.state, "country": address.country_code,
    }


def _line(item, position):
    if not item.sku:
        raise MappingError(f"item {position} ({item.description or 'no description'}): Zonos sent no SKU.")
    if item.quantity < 1:
        raise MappingError(f"item {position} ({item.sku}): quantity {item.quantity} is not a positive number.")
    line = {"sku": item.sku, "name": item.description, "quantity": item.quantity,
            "unit_price": _money(item.unit_price, f"item {position} ({item.sku}) unit price")}
    if item.weight is not None and item.weight_units in GRAMS:
        if abs(item.weight) >= MAX_AMOUNT:
            raise MappingError(f"item {position} ({item.sku}): weight {item.weight:.2E} {item.weight_units} is not "
                               "a parcel's weight.")
        line["weight_grams"] = int((item.weight * GRAMS[item.weight_units]).to_integral_value(ROUND_HALF_UP))
    return line


def order_payload(detail: OrderDetail, *, placed_on: date, prefix, currency) -> Mapped:
    """The import-format order for `detail`. Raises MappingError naming what Zonos left out."""
    shipping = _address(detail.shipping, "shipping address")
    notes, lines, discount = [], [], Decimal(0)
    for position, item in enumerate(detail.items, start=1):
        # Zonos lists a discount as an item with a negative price and no product: the shop order keeps
        # their sum as its whole-order discount, and the note says what each one was.
        if item.unit_price < 0:
            amount = Decimal(_money(item.unit_price * max(item.quantity, 1), f"item {position} discount"))
            discount -= amount
            notes.append(f"discount {item.description or item.sku} {amount} kept as the order's discount")
            continue
        lines.append(_line(item, position))
    if not lines:
        raise MappingError("Zonos sent no items for this order.")
    if detail.duty_taxes_total:
        notes.append(f"duties and taxes {_money(detail.duty_taxes_total, 'duties and taxes')} were paid to Zonos")
    order = {
        "number": shop_order_number(detail.order_id, prefix),
        "placed_at": placed_on.isoformat(),
        "route": route_for(detail.shipping.country_code),
        "currency": currency,
        "payment_type": "zonos",
        "shipping_cost": _money(detail.shipping_total, "shipping total"),
        "discount": _money(discount, "discount"),
        "cash_on_delivery": "0.00",
        "email": detail.shipping.email or (detail.billing.email if detail.billing else ""),
        "phone": detail.shipping.phone or (detail.billing.phone if detail.billing else ""),
        "shipping_address": shipping,
        "lines": lines,
        "zonos_order_id": detail.order_id,
    }
    if detail.billing is not None:
        order["billing_address"] = _address(detail.billing, "billing address")
    birthday = _birthday(detail.birth_date) if detail.birth_date else None
    if birthday:
        order["birthday"] = birthday
    return Mapped(order, tuple(notes))
