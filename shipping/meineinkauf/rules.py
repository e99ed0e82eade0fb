"""The doc's rules for MeinEinkauf's `POST /order` body, checked on the payload itself so that what is checked is
exactly what is sent; and everything that stops an order from being registered, named by the order field."""

import re
from decimal import Decimal

from django.utils.translation import gettext_noop as N_

from orders.adapters import Problem
from shipping.meineinkauf.fields import shop_field
from shipping.meineinkauf.mapping import (
    CURRENCIES,
    MAX_GROSS_SUM,
    MAX_TEXT,
    ORDER_DATE,
    PAYMENT_TYPES,
    SWISS,
    VAT_CLASSES,
    _rates,
    invoice_problems,
    order_payload,
    vat_class,
)

# --- The doc's rules, checked on the payload itself so that what is checked is exactly what is sent. ---
# Their messages are stored with a held-back order in English and said in the reader's language where shown.
IS_REQUIRED = N_("is required")


def _texts(value, path=""):
    """Every string in the payload with its property path, e.g. ('invoiceAddress.zip', '8005')."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def _parts_sum(payload) -> Decimal:
    total = Decimal(0)
    for consignment in payload.get("consignments", []):
        for article in consignment.get("articles", []):
            total += Decimal(str(article.get("grossPrice", 0))) * int(article.get("quantity", 0))
    total += Decimal(str(payload.get("shippingCost", {}).get("grossPrice", 0)))
    for extra in (*payload.get("discounts", []), *payload.get("donations", [])):
        total += Decimal(str(extra.get("grossPrice", 0)))
    return total


def payload_problems(payload) -> list[tuple[str, str]]:
    """(property, message) for every documented rule the payload breaks."""
    found = []
    for path, text in _texts(payload):
        if len(text) > MAX_TEXT:
            found.append((path, N_("%(length)d characters; MeinEinkauf takes at most %(limit)d") % {
                "length": len(text), "limit": MAX_TEXT}))
    if not payload.get("orderNumber"):
        found.append(("orderNumber", IS_REQUIRED))
    if not ORDER_DATE.match(payload.get("orderDate", "")):
        found.append(("orderDate", N_("%(value)s is not a date of the form 20YY-MM-DD") % {
            "value": repr(payload.get("orderDate"))}))
    if payload.get("currency") not in CURRENCIES:
        found.append(("currency", N_("%(currency)s is not accepted; EUR or CHF only") % {
            "currency": payload.get("currency", "").upper() or "none"}))
    if payload.get("paymentType") not in PAYMENT_TYPES:
        found.append(("paymentType", N_("%(value)s is not one of %(types)s") % {
            "value": repr(payload.get("paymentType")), "types": ", ".join(PAYMENT_TYPES)}))
    gross = Decimal(str(payload.get("grossSum", 0)))
    if not 0 <= gross <= MAX_GROSS_SUM:
        found.append(("grossSum", N_("%(sum)s is outside 0 to %(limit)s") % {
            "sum": f"{gross:.2f}", "limit": MAX_GROSS_SUM}))
    elif _parts_sum(payload) != gross:
        found.append(("grossSum", N_("%(sum)s does not equal the articles, shipping, discounts and donations "
                                     "(%(parts)s)") % {"sum": f"{gross:.2f}", "parts": f"{_parts_sum(payload):.2f}"}))
    if not payload.get("customer"):
        found.append(("customer.contactEmail", N_("an email address is needed for the customer")))
    found += _address_problems(payload.get("invoiceAddress") or {}, "invoiceAddress")
    shipping = payload.get("shippingAddress") or {}
    found += _address_problems(shipping, "shippingAddress")
    if shipping.get("country") not in SWISS:
        only_swiss = N_("%(country)s: MeinEinkauf delivers only to Switzerland (CH) and Liechtenstein (LI)")
        found.append(("shippingAddress.country", only_swiss % {"country": shipping.get("country") or "none"}))
    consignments = payload.get("consignments") or []
    if not any(c.get("articles") for c in consignments):
        found.append(("consignments", N_("the order has no articles")))
    for i, consignment in enumerate(consignments):
        for j, article in enumerate(consignment.get("articles") or []):
            found += _article_problems(article, f"consignments[{i}].articles[{j}]")
    if payload.get("shippingCost", {}).get("vatRate") not in VAT_CLASSES:
        found.append(("shippingCost.vatRate", _vat_message(payload["shippingCost"].get("vatRate"))))
    for i, discount in enumerate(payload.get("discounts") or []):
        if discount.get("vatRate") not in VAT_CLASSES:
            found.append((f"discounts[{i}].vatRate", _vat_message(discount.get("vatRate"))))
    return found


def _vat_message(value):
    return N_("VAT rate %(rate)s has no MeinEinkauf class: Swiss rates (%(ch)s %%), German rates (%(de)s %%) or "
              "0 %%") % {"rate": value, "ch": _rates("CH"), "de": _rates("DE")}


def vat_problems(order) -> list[Problem]:
    """A line whose VAT rate is neither a Swiss nor a German one is held back, naming the order and the line."""
    message = N_("Order %(order)s, line %(line)s: a VAT rate of %(rate)s %% is neither a Swiss rate (%(ch)s %%) "
                 "nor a German one (%(de)s %%), so MeinEinkauf has no class for it. Correct the line's VAT rate, "
                 "then register the order again.")
    return [Problem(f"lines[{line.sku}].vat_rate",
                    message % {"order": order.number, "line": line.name or line.sku,
                               "rate": f"{line.vat_rate.normalize():f}", "ch": _rates("CH"), "de": _rates("DE")})
            for line in order.lines.order_by("id") if vat_class(line.vat_rate) is None]


def _address_problems(address, path):
    found = []
    for key in ("lastName", "zip", "city", "country"):
        if not address.get(key):
            found.append((f"{path}.{key}", IS_REQUIRED))
    if address.get("country") in SWISS and not address.get("street"):
        found.append((f"{path}.street", N_("is required for an address in Switzerland or Liechtenstein")))
    if address.get("country") and address.get("country") not in SWISS and not address.get("addressLine"):
        found.append((f"{path}.addressLine", N_("is required for an address outside Switzerland and Liechtenstein")))
    return found


def _article_problems(article, path):
    found = []
    if not article.get("name"):
        found.append((f"{path}.name", N_("the article has no name")))
    if int(article.get("quantity") or 0) < 1:
        found.append((f"{path}.quantity", N_("must be at least 1")))
    if article.get("grossWeight") is None:
        found.append((f"{path}.grossWeight", N_("the weight in grams is unknown; customs needs it")))
    if article.get("vatRate") not in VAT_CLASSES:
        found.append((f"{path}.vatRate", _vat_message(article.get("vatRate"))))
    origin = article.get("countryOfOrigin")
    if origin and not re.fullmatch(r"[A-Z]{2}", origin):
        found.append((f"{path}.countryOfOrigin", N_("%(origin)s is not a two-letter country code") % {
            "origin": repr(origin)}))
    return found


def order_problems(order) -> list[Problem]:
    """Everything that stops `order` from being registered, named by the order field to correct."""
    problems = []
    if order.cash_on_delivery:
        problems.append(Problem("cash_on_delivery", N_("MeinEinkauf takes no cash on delivery")))
    vat = vat_problems(order)
    problems += vat + invoice_problems(order)
    payload = order_payload(order)
    seen = set()
    for prop, message in payload_problems(payload):
        if vat and prop.endswith("vatRate"):
            continue  # said above, naming the line
        field = shop_field(prop, order)
        if (field, message) not in seen:
            seen.add((field, message))
            problems.append(Problem(field, message))
    return problems
