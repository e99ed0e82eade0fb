"""The booking request built from an order, the checks made before any call, and Innoship's field names
translated back into the order's.

Lengths and required fields follow the doc's Address table: home delivery needs the full address; a locker
or pick-up point (FixedLocationId) needs only name, contact person and phone besides the location.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext

from orders.adapters import Problem

from .customs import articles, customs_problems, declared_value, invoice, leaves_the_eu
from .models import options_for
from .parcels import parcel_weights, parcels_list
from .payout import payout_extra, payout_words
from .statuses import service_name

GRAMS_PER_KG = Decimal(1000)
CONTENTS_LENGTH = 100
REQUIRED_FOR = N_("required for %(delivery)s")
CANNOT_BE_NEGATIVE = N_("cannot be negative")

# Innoship's field path (casefolded) → (the order field staff fix, what it is), in the shop's terms; stored in
# English with the refusal's explanation, said in the reader's language where shown.
SHOP_FIELDS = {
    "addressto.name": ("shipping_address.last_name", N_("the recipient's name (company, or first and last name)")),
    "addressto.contactperson": ("shipping_address.last_name", N_("the contact person (first and last name)")),
    "addressto.country": ("shipping_address.country", N_("the country")),
    "addressto.countyname": ("shipping_address.county", N_("the county")),
    "addressto.localityname": ("shipping_address.city", N_("the city")),
    "addressto.addresstext": ("shipping_address.street", N_("the street, house number and second address line")),
    "addressto.postalcode": ("shipping_address.postcode", N_("the postcode")),
    "addressto.phone": ("phone", N_("the customer's phone number")),
    "addressto.email": ("email", N_("the customer's email address")),
    "addressto.fixedlocationid": ("fixed_location_id", N_("the locker or pick-up point")),
    "serviceid": ("service_id", N_("the courier service")),
    "extra.bankrepaymentamount": ("cash_on_delivery", N_("the cash-on-delivery amount")),
    "extra.bankrepaymentcurrency": ("currency", N_("the order's currency")),
    "extra.insuranceamount": ("insurance_amount", N_("the insured amount")),
    "extra.openpackage": ("open_package", N_("the open-package option")),
    "content.totalweight": ("lines.weight_grams", N_("the parcel's weight, from the lines' weights")),
    "content.contents": ("lines.name", N_("the description of the contents")),
    "content.invoicenumber": ("number", N_("the invoice number (the order number)")),
    "content.invoicedate": ("placed_at", N_("the invoice date (the order date)")),
    "content.invoicevalue": ("lines.unit_price", N_("the invoice value")),
    "content.invoicevaluecurrency": ("currency", N_("the order's currency")),
    "content.articles.countryoforigin": ("lines.country_of_origin", N_("a line's country of origin")),
    "content.articles.tariff": ("lines.hs_code", N_("a line's HS code")),
    "content.articles.description": ("lines.name", N_("a line's description")),
    "content.articles": ("lines", N_("the articles of the customs declaration")),
    "extra.declaredvalueamount": ("lines.unit_price", N_("the declared value of the goods")),
    "extra.bank": ("INNOSHIP_BANK_NAME", N_("the payout bank (a setting)")),
    "extra.bankiban": ("INNOSHIP_BANK_IBAN", N_("the payout IBAN (a setting)")),
    "extra.bankaccountholder": ("INNOSHIP_BANK_ACCOUNT_HOLDER", N_("the payout account holder (a setting)")),
    "content.parcels.size": ("INNOSHIP_PARCEL_SIZE_CM", N_("the parcel size (a setting)")),
    "externalorderid": ("number", N_("the order number")),
    "externalclientlocation": ("INNOSHIP_LOCATION", N_("the shop's warehouse in Innoship (a setting)")),
    "payment": ("INNOSHIP_PAYMENT", N_("who pays the courier (a setting)")),
}


def shop_field(innoship_path) -> tuple[str, str]:
    """(order field, what it is) for an Innoship field path such as `addressTo.phone`; ("", "") if unknown."""
    key = (innoship_path or "").casefold()
    if key in SHOP_FIELDS:
        return SHOP_FIELDS[key]
    if key.startswith("content."):
        return SHOP_FIELDS["content.totalweight"]
    return "", ""


@dataclass(frozen=True)
class Summary:
    """What a booking of this order carries: shown on the confirmation page and sent to Innoship."""

    parcels: int
    weight_kg: Decimal
    parcel_weights: tuple[Decimal, ...]
    lines_without_weight: int
    cash_on_delivery: Decimal
    currency: str
    service_id: int
    locker: bool
    leaves_eu: bool


def next_working_day(today):
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def service_for(order) -> int:
    options = options_for(order)
    if options.service_id:
        return options.service_id
    return settings.INNOSHIP_LOCKER_SERVICE_ID if options.fixed_location_id else settings.INNOSHIP_SERVICE_ID


def line_grams(line) -> int:
    """The weight counted for a line: its pieces' weight, or INNOSHIP_DEFAULT_LINE_WEIGHT_GRAMS a piece."""
    piece = line.weight_grams if line.weight_grams is not None else settings.INNOSHIP_DEFAULT_LINE_WEIGHT_GRAMS
    return piece * line.quantity


def _kg_of(grams) -> Decimal:
    return (Decimal(grams) / GRAMS_PER_KG).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def line_kg(line) -> Decimal:
    return _kg_of(line_grams(line))


def order_summary(order) -> Summary:
    lines = list(order.lines.all())
    weight_kg = _kg_of(sum(map(line_grams, lines)))
    weights = parcel_weights(weight_kg)
    return Summary(
        parcels=len(weights),
        weight_kg=weight_kg,
        parcel_weights=tuple(weights),
        lines_without_weight=sum(1 for line in lines if line.weight_grams is None),
        cash_on_delivery=order.cash_on_delivery or Decimal("0"),
        currency=order.currency,
        service_id=service_for(order),
        locker=bool(options_for(order).fixed_location_id),
        leaves_eu=leaves_the_eu(order),
    )


def _kg(value) -> str:
    return f"{Decimal(str(value)).normalize():f} kg"


def _parcels_words(summary) -> str:
    if summary.parcels == 1:
        return "1"
    return _("%(count)s parcels of at most %(limit)s (%(weights)s), each %(size)s cm") % {
        "count": summary.parcels, "limit": _kg(settings.INNOSHIP_MAX_PARCEL_KG),
        "weights": ", ".join(_kg(w) for w in summary.parcel_weights), "size": settings.INNOSHIP_PARCEL_SIZE_CM}


def _article_words(article) -> str:
    return _("%(quantity)sx %(description)s (%(price).2f %(currency)s each, %(weight)s kg, "
             "origin %(origin)s%(hs)s)") % {
        "quantity": article["quantity"], "description": article["description"],
        "price": article["pricePerPieceAmount"], "currency": article["pricePerPieceAmountCurrency"],
        "weight": article["weightNet"], "origin": article["countryOfOrigin"] or "?",
        "hs": f", HS {article['tariff']}" if "tariff" in article else ""}


def _customs_words(order) -> str:
    bill, declared = invoice(order), declared_value(order)
    return _("invoice %(number)s of %(date)s, %(value).2f %(currency)s; declared value of the goods "
             "%(declared).2f %(currency)s; articles: %(items)s") % {
        "number": bill["invoiceNumber"], "date": bill["invoiceDate"], "value": bill["invoiceValue"],
        "currency": bill["invoiceValueCurrency"], "declared": declared["declaredValueAmount"],
        "items": "; ".join(_article_words(a) for a in articles(order, line_kg))}


def preview_rows(order) -> list[tuple[str, str]]:
    summary = order_summary(order)
    weight = f"{summary.weight_kg} kg"
    if summary.lines_without_weight:
        weight += " (" + ngettext("%(count)s line without weight counted at %(grams)s g per piece",
                                  "%(count)s lines without weight counted at %(grams)s g per piece",
                                  summary.lines_without_weight) % {
            "count": summary.lines_without_weight, "grams": settings.INNOSHIP_DEFAULT_LINE_WEIGHT_GRAMS} + ")"
    cod = (f"{summary.cash_on_delivery} {summary.currency}, {payout_words()}" if summary.cash_on_delivery > 0
           else _("none"))
    delivery = (_("locker / pick-up point %(location)s") % {"location": options_for(order).fixed_location_id}
                if summary.locker
                else _("home delivery"))
    rows = [
        (_("Parcels"), _parcels_words(summary)),
        (_("Weight"), weight),
        (_("Cash on delivery"), cod),
        (_("Service"), f"{summary.service_id} – {service_name(summary.service_id)}, {delivery}"),
    ]
    if summary.leaves_eu:
        rows.append((_("Customs (outside the EU)"), _customs_words(order)))
    return rows


def _recipient(address):
    return address.company.strip() or address.full_name


def _address_text(address):
    return ", ".join(part for part in (address.street_address, address.address_line2.strip()) if part)


def _contents(order):
    parts = [f"{line.quantity}x {line.name or line.sku}" for line in order.lines.all()]
    text = f"Order {order.number}: " + ", ".join(parts)
    return text if len(text) <= CONTENTS_LENGTH else text[: CONTENTS_LENGTH - 1] + "…"


def _too_long(problems, field, value, limit, what):
    if len(value) > limit:
        problems.append(Problem(field, N_("%(what)s is %(length)d characters; Innoship accepts at most %(limit)d") % {
            "what": what, "length": len(value), "limit": limit}))


def booking_problems(order) -> list[Problem]:
    """Everything Innoship would refuse, found before any call, named by the order field to fix."""
    problems = []
    address = order.shipping_address
    options = options_for(order)
    locker = bool(options.fixed_location_id)
    delivery = N_("locker delivery") if locker else N_("courier delivery")
    if not settings.INNOSHIP_LOCATION:
        problems.append(Problem("INNOSHIP_LOCATION", N_("the setting is empty: name the shop's warehouse in Innoship")))
    if not order.lines.exists():
        problems.append(Problem("lines", N_("the order has no lines to ship")))
    elif order_summary(order).weight_kg <= 0:
        problems.append(Problem("lines.weight_grams", N_("the parcel weighs nothing: give the lines a weight")))
    if not _recipient(address):
        problems.append(Problem("shipping_address.last_name", N_("a recipient name is required for %(delivery)s") % {
            "delivery": delivery}))
    _too_long(problems, "shipping_address.company" if address.company.strip() else "shipping_address.last_name",
              _recipient(address), 64, N_("the recipient name"))
    _too_long(problems, "shipping_address.last_name", address.full_name, 100, N_("the contact person"))
    if not order.phone.strip():
        problems.append(Problem("phone", REQUIRED_FOR % {"delivery": delivery}))
    _too_long(problems, "phone", order.phone.strip(), 64, N_("the phone number"))
    _too_long(problems, "email", order.email, 100, N_("the email address"))
    _too_long(problems, "number", order.number, 100, N_("the order number"))
    if not locker:
        if len(address.country.strip()) != 2:
            problems.append(Problem("shipping_address.country", N_("a two-letter country code is required")))
        if not address.city.strip():
            problems.append(Problem("shipping_address.city", REQUIRED_FOR % {"delivery": delivery}))
        if not (address.postcode.strip() or address.county.strip()):
            problems.append(Problem("shipping_address.postcode", N_("required for %(delivery)s (or a county)") % {
                "delivery": delivery}))
        if not address.street.strip():
            problems.append(Problem("shipping_address.street", REQUIRED_FOR % {"delivery": delivery}))
    _too_long(problems, "shipping_address.street", _address_text(address), 100,
              N_("street, house number and second address line together"))
    _too_long(problems, "shipping_address.postcode", address.postcode.strip(), 50, N_("the postcode"))
    if order.cash_on_delivery < 0:
        problems.append(Problem("cash_on_delivery", CANNOT_BE_NEGATIVE))
    if options.insurance_amount is not None and options.insurance_amount < 0:
        problems.append(Problem("insurance_amount", CANNOT_BE_NEGATIVE))
    problems.extend(customs_problems(order))
    return problems


def _money(amount):
    return float(Decimal(amount).quantize(Decimal("0.01")))


def booking_request(order, *, today=None) -> dict:
    """The body of `POST api/Order` for this order (check `booking_problems` first)."""
    address = order.shipping_address
    options = options_for(order)
    summary = order_summary(order)
    address_to = {
        "name": _recipient(address),
        "contactPerson": address.full_name,
        "country": address.country.strip().upper(),
        "countyName": address.county.strip(),
        "localityName": address.city.strip(),
        "addressText": _address_text(address),
        "postalCode": address.postcode.strip(),
        "phone": order.phone.strip(),
        "email": order.email,
    }
    if options.fixed_location_id:
        address_to["fixedLocationId"] = options.fixed_location_id
    extra = {}
    if summary.cash_on_delivery > 0:
        extra.update(bankRepaymentAmount=_money(summary.cash_on_delivery), bankRepaymentCurrency=order.currency,
                     **payout_extra())
    if options.insurance_amount:
        extra.update(insuranceAmount=_money(options.insurance_amount), insuranceAmountCurrency=order.currency)
    if options.open_package:
        extra["openPackage"] = True
    content = {
        "envelopeCount": 0, "parcelsCount": summary.parcels, "palettesCount": 0,
        "totalWeight": float(summary.weight_kg), "contents": _contents(order), "package": "box",
    }
    if summary.parcels > 1:
        content["parcels"] = parcels_list(order, summary.parcel_weights)
    if summary.leaves_eu:
        content.update(invoice(order), articles=articles(order, line_kg))
        extra.update(declared_value(order))
    payload = {
        "serviceId": summary.service_id,
        "shipmentDate": next_working_day(today or timezone.localdate()).isoformat(),
        "addressTo": {key: value for key, value in address_to.items() if value},
        "payment": settings.INNOSHIP_PAYMENT,
        "content": content,
        "externalClientLocation": settings.INNOSHIP_LOCATION,
        "externalOrderId": order.number,
        "parameters": {"GetParcelsBarcodes": True},
    }
    if extra:
        payload["extra"] = extra
    return payload
