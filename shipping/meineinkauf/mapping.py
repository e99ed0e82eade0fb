"""A shop order as MeinEinkauf's `POST /order` body; the doc's rules checked before sending are in rules.py, and the
way back from a MeinEinkauf `property` (e.g. `invoiceAddress.zip`) to the order field staff can correct
(`billing_address.postcode`) in fields.py.

Local problems are named with the same field names as MeinEinkauf's refusals, so staff see one language.
"""

import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_noop as N_

from orders.adapters import Problem
from shipping.selectors import hub_parcels

SWISS = ("CH", "LI")
CURRENCIES = ("eur", "chf")
PAYMENT_TYPES = ("mastercard", "visa", "amex", "creditcard", "paypal", "prepayment", "invoice", "other")
VAT_CLASSES = ("standard", "reduced", "none")
MAX_GROSS_SUM = Decimal(100000)
MAX_TEXT = 255  # the doc's limit for order number and external id; applied to every text for safety
ORDER_DATE = re.compile(r"^20\d{2}-\d{2}-\d{2}$")

# The shop's payment types (as imported) → MeinEinkauf's enum; anything else is sent as `other`.
PAYMENT_TYPE_MAP = {
    "mastercard": "mastercard", "master_card": "mastercard", "mc": "mastercard",
    "visa": "visa",
    "amex": "amex", "american_express": "amex",
    "creditcard": "creditcard", "credit_card": "creditcard", "card": "creditcard", "kreditkarte": "creditcard",
    "paypal": "paypal", "paypal_express": "paypal", "paypal_plus": "paypal",
    "prepayment": "prepayment", "prepaid": "prepayment", "vorkasse": "prepayment", "bank_transfer": "prepayment",
    "invoice": "invoice", "rechnung": "invoice", "pay_by_invoice": "invoice", "kauf_auf_rechnung": "invoice",
}

# VAT rates → MeinEinkauf's VAT classes, by the country whose VAT the price carries, as the one public client
# maps them (rentasad/MeinEinkaufApiV1, VatRates.properties). Swiss (standard / reduced / accommodation): 8.1 /
# 2.6 / 3.8 since 2024, 7.7 / 2.5 / 3.7 2018–2023, 8.0 / 2.5 / 3.8 2011–2017, 7.6 / 2.4 before; German: 19 / 7,
# and 16 / 5 in the second half of 2020, 15 before 2007. The order keeps no VAT country, but the two
# countries' rates never coincide, so the rate itself names its country (a test keeps it so).
VAT_RATES = {
    "CH": {Decimal("8.1"): "standard", Decimal("7.7"): "standard", Decimal("8.0"): "standard",
           Decimal("7.6"): "standard", Decimal("2.6"): "reduced", Decimal("2.5"): "reduced",
           Decimal("3.8"): "reduced", Decimal("3.7"): "reduced", Decimal("2.4"): "reduced", Decimal(0): "none"},
    "DE": {Decimal(19): "standard", Decimal(16): "standard", Decimal(15): "standard", Decimal(7): "reduced",
           Decimal(5): "reduced", Decimal(0): "none"},
}
VAT_MAP = {rate: vat for rates in VAT_RATES.values() for rate, vat in rates.items()}

# The shop's payment details for an invoice (doc: InvoiceInformationRequest, qrrInformation), by setting.
INVOICE_SETTINGS = {
    "qrIban": "MEINEINKAUF_INVOICE_QR_IBAN",
    "creditor.name": "MEINEINKAUF_INVOICE_CREDITOR_NAME",
    "creditor.addressLine1": "MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE1",
    "creditor.addressLine2": "MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE2",
    "creditor.country": "MEINEINKAUF_INVOICE_CREDITOR_COUNTRY",
}

# House number first, as these countries write an address line.
NUMBER_FIRST = {"FR", "GB", "IE", "LU", "US", "CA", "AU", "NZ"}

def payment_type(value) -> str:
    key = re.sub(r"[\s-]+", "_", (value or "").strip().lower())
    return PAYMENT_TYPE_MAP.get(key, "other")


def vat_class(rate) -> str | None:
    return VAT_MAP.get(Decimal(rate)) if rate is not None else None


def _rates(country):
    return ", ".join(f"{rate.normalize():f}" for rate in VAT_RATES[country] if rate)


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _number(value: Decimal):
    """JSON number for a money amount: an int when whole, else a float with at most two decimals."""
    return int(value) if value == value.to_integral_value() else float(value)


def _carrier(name) -> str:
    folded = (name or "").strip().lower()
    for known in ("dhl", "dpd", "ups", "gls", "hermes", "fedex"):
        if known in folded:
            return known
    return folded


def _address(address, *, swiss_format, phone=""):
    data = {
        "company": address.company,
        "firstName": address.first_name,
        "lastName": address.last_name,
        "additionalAddressLine": address.address_line2,
        "zip": address.postcode,
        "city": address.city,
        "country": (address.country or "").upper(),
        "state": address.county,
    }
    if swiss_format:
        data["street"] = address.street
        data["houseNumber"] = address.house_number
    else:
        parts = [address.street, address.house_number]
        if data["country"] in NUMBER_FIRST:
            parts.reverse()
        data["addressLine"] = " ".join(p.strip() for p in parts if p and p.strip())
    if phone:
        data["telephone"] = phone
    return {key: value for key, value in data.items() if value not in ("", None)}


def order_lines(order):
    """The order's lines in a fixed order: articles (price ≥ 0) first, then discounts (negative price)."""
    lines = list(order.lines.select_related("product").order_by("id"))
    return [line for line in lines if line.unit_price >= 0], [line for line in lines if line.unit_price < 0]


def inbound_shipments(order):
    """Parcels already on their way to MeinEinkauf's German hub (e.g. an InnoCigs dropship), oldest first."""
    return hub_parcels(order, "meineinkauf")


def _weight(line):
    return line.weight_grams or (line.product.weight_grams if line.product else None)


def _article(line):
    name = line.name or (line.product.name if line.product else "")
    ean = line.ean or (line.product.ean if line.product else "")
    article = {
        "articleNumber": line.sku,
        "externalId": str(line.pk),
        "name": name,
        "quantity": line.quantity,
        "grossWeight": _weight(line),
        "grossPrice": _number(_money(line.unit_price)),
        "vatRate": vat_class(line.vat_rate) or f"{line.vat_rate}%",
        "countryOfOrigin": (line.country_of_origin or "").upper(),
    }
    if ean:
        article["attributes"] = {"ean": ean}
    return {key: value for key, value in article.items() if value not in ("", None)}


def qr_reference(number: int) -> str:
    """The Swiss QR reference (QRR) for an invoice: `number` (the order id) in 26 digits and a check digit
    (modulo 10, recursive), as a QR-IBAN requires under the Swiss QR-bill rules; the doc names only the field."""
    digits = f"{number:026d}"
    carry = 0
    for digit in digits:
        carry = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)[(carry + int(digit)) % 10]
    return digits + str((10 - carry) % 10)


def invoice_problems(order) -> list[Problem]:
    """An invoice order needs the shop's payment details; each missing setting is named."""
    if payment_type(order.payment_type) != "invoice":
        return []
    message = N_("Order %(order)s is paid by invoice, but %(setting)s is not set: MeinEinkauf prints the shop's "
                 "payment details on the invoice. Set it, then register the order again.")
    return [Problem("", message % {"order": order.number, "setting": setting})
            for setting in (*INVOICE_SETTINGS.values(), "MEINEINKAUF_INVOICE_DUE_DAYS")
            if getattr(settings, setting, None) in ("", None)]


def invoice_information(order) -> dict:
    """The doc's InvoiceInformationRequest: dated on the order day, due after the shop's payment term, with
    the QR-bill details (the doc's qrrInformation). No esrInformation: Swiss banks stopped taking the orange
    ESR slip on 30 September 2022, so only the QR-bill can be paid."""
    creditor = {key.split(".")[1]: getattr(settings, name) for key, name in INVOICE_SETTINGS.items()
                if key.startswith("creditor.")}
    information = {
        "invoiceDate": order.placed_at.isoformat(),
        "dueDate": (order.placed_at + timedelta(days=int(settings.MEINEINKAUF_INVOICE_DUE_DAYS))).isoformat(),
        "qrrInformation": {"qrIban": settings.MEINEINKAUF_INVOICE_QR_IBAN, "referenceNumber": qr_reference(order.pk),
                           "creditor": creditor},
    }
    if settings.MEINEINKAUF_INVOICE_ADDITIONAL_TEXT:
        information["additionalInvoiceText"] = settings.MEINEINKAUF_INVOICE_ADDITIONAL_TEXT
    return information


def consignments(order, articles):
    """One consignment per parcel on its way to the hub, each with its carrier and tracking number.

    The doc's example carries the articles inside the consignment and says nothing on how to divide them.
    We do not know which article InnoCigs packed into which parcel, and the customs declaration must list
    each article exactly once, so all articles (and their weight) go on the first consignment and the others
    carry only their tracking. Before any parcel has shipped there is one consignment without tracking."""
    first = {
        "externalId": str(order.pk),
        "grossWeight": sum((_weight(line) or 0) * line.quantity for line in articles),
        "articles": [_article(line) for line in articles],
    }
    parcels = inbound_shipments(order)
    if not parcels:
        return [first]
    # The first keeps the order's id as its externalId; later ones add their place: 12-2, 12-3 …
    later = [{"externalId": f"{order.pk}-{n}"} for n in range(2, len(parcels) + 1)]
    for consignment, parcel in zip([first, *later], parcels, strict=True):
        tracking = {"carrier": _carrier(parcel.carrier), "trackingNumber": parcel.tracking_code}
        consignment["tracking"] = {key: value for key, value in tracking.items() if value}  # a carrier may be unknown
    return [first, *later]


def order_total(order) -> Decimal:
    """What the customer pays: every line (discounts are negative lines) plus shipping, less the order's discount."""
    return _money(order.total())


def order_payload(order) -> dict:
    """The `POST /order` body for `order`, exactly as the doc describes it."""
    articles, discounts = order_lines(order)
    invoice = order.invoice_address
    # Shipping is taxed like the goods it carries: standard as soon as one article is.
    classes = {vat_class(line.vat_rate) for line in articles} - {None}
    shipping_vat = "standard" if "standard" in classes or not classes else sorted(classes)[-1]
    payload = {
        "orderNumber": order.number,
        "externalId": str(order.pk),
        "orderDate": order.placed_at.isoformat(),
        "currency": (order.currency or "").lower(),
        "paymentType": payment_type(order.payment_type),
        "grossSum": _number(order_total(order)),
        "customer": {"contactEmail": order.email} if order.email else {},
        "invoiceAddress": _address(invoice, swiss_format=(invoice.country or "").upper() in SWISS),
        "shippingAddress": _address(order.shipping_address, swiss_format=True, phone=order.phone),
        "consignments": consignments(order, articles),
        "shippingCost": {"grossPrice": _number(_money(order.shipping_cost)), "vatRate": shipping_vat},
    }
    if discounts:
        payload["discounts"] = [
            {"name": line.name or line.sku, "grossPrice": _number(_money(line.unit_price) * line.quantity),
             "vatRate": vat_class(line.vat_rate) or f"{line.vat_rate}%"}
            for line in discounts
        ]
    if order.discount:
        payload.setdefault("discounts", []).append(
            {"name": "discount", "grossPrice": _number(-_money(order.discount)), "vatRate": shipping_vat})
    if payload["paymentType"] == "invoice" and not invoice_problems(order):
        payload["invoiceInformation"] = invoice_information(order)
    return payload
