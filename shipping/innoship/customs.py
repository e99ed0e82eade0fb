"""The invoice and articles a shipment leaving the EU carries, and what an order lacks for them.

The doc's Content table: InvoiceNumber string[32], InvoiceDate, InvoiceValue and InvoiceValueCurrency
string[3] are "Yes - for commercial shipment for non - EU" (the shop's shipments are all sales); Articles
("List of articles for customs declaration") with the Article table's names; the Extra table's
DeclaredValueAmount and DeclaredValueAmountCurrency ("Declared shipment valued for customs declaration").

A line without a country of origin holds the order here: a default would declare every unknown origin as
one country to customs, a false declaration the shop signs; staff know (or ask InnoCigs) where it was made.
"""

from decimal import Decimal

from django.utils.translation import gettext_noop as N_

from orders.adapters import Problem
from orders.countries import COUNTRY_CODES

from .models import options_for

# The 27 member states (ISO 3166-1 alpha-2; Greece is GR): a shipment from the shop's warehouse in Germany to
# any of them crosses no customs border.
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
INVOICE_NUMBER_LENGTH = 32  # Content.InvoiceNumber string[32]
DESCRIPTION_LENGTH = 50  # Article.Description string[50]
TARIFF_LENGTH = 18  # Article.Tariff string[18]


def leaves_the_eu(order) -> bool:
    """True for a home delivery to a country outside the EU (a locker's country is Innoship's to know)."""
    country = order.shipping_address.country.strip().upper()
    return bool(country) and not options_for(order).fixed_location_id and country not in EU_COUNTRIES


def _money(amount):
    return float(Decimal(amount).quantize(Decimal("0.01")))


def goods_value(order) -> Decimal:
    """What the customer paid for the goods: the lines less the whole-order discount (shipping not included)."""
    return order.lines_total() - order.discount


def _description(line):
    text = (line.name or line.sku).strip()
    return text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"


def articles(order, line_kg) -> list[dict]:
    """`Content.Articles`: one per order line. `line_kg` gives the weight counted for a line (kg)."""
    found = []
    for line in order.lines.all():
        article = {
            "quantity": line.quantity,
            "description": _description(line),
            "countryOfOrigin": line.country_of_origin.strip().upper(),
            "weightNet": float(line_kg(line)),
            "weightGross": float(line_kg(line)),  # the shop knows one weight per piece, packed as sold
            "pricePerPieceAmount": _money(line.unit_price),
            "pricePerPieceAmountCurrency": order.currency,
            "sku": line.sku,
        }
        if line.hs_code.strip():
            article["tariff"] = line.hs_code.strip()
        found.append(article)
    return found


def invoice(order) -> dict:
    """The invoice fields of `Content` (the invoice's total, shipping included, less the discount)."""
    return {"invoiceNumber": order.number, "invoiceDate": order.placed_at.isoformat(),
            "invoiceValue": _money(order.total()), "invoiceValueCurrency": order.currency}


def declared_value(order) -> dict:
    return {"declaredValueAmount": _money(goods_value(order)), "declaredValueAmountCurrency": order.currency}


def customs_problems(order) -> list[Problem]:
    """What order `order` lacks for a shipment leaving the EU, named by the field staff fix."""
    if not leaves_the_eu(order):
        return []
    problems = []
    country = order.shipping_address.country.strip().upper()
    if len(order.number) > INVOICE_NUMBER_LENGTH:
        problems.append(Problem("number", N_(
            "order %(order)s goes to %(country)s, outside the EU, with the order number as invoice number; "
            "Innoship accepts at most %(limit)s characters there") % {
                "order": order.number, "country": country, "limit": INVOICE_NUMBER_LENGTH}))
    for line in order.lines.all():
        origin = line.country_of_origin.strip().upper()
        if origin not in COUNTRY_CODES:
            problems.append(Problem("lines.country_of_origin", N_(
                "order %(order)s goes to %(country)s, outside the EU: the customs declaration needs the country "
                "of origin of %(item)s; enter it on the order line, then book again") % {
                    "order": order.number, "country": country, "item": line.name or line.sku}))
        if len(line.hs_code.strip()) > TARIFF_LENGTH:
            problems.append(Problem("lines.hs_code", N_(
                "the HS code of %(item)s has more than %(limit)s characters, Innoship's limit") % {
                    "item": line.name or line.sku, "limit": TARIFF_LENGTH}))
    return problems
