"""A shop order as MeinEinkauf's `POST /order` body, the doc's rules checked before sending, and the way
back from a MeinEinkauf `property` (e.g. `invoiceAddress.zip`) to the order field staff can correct
(`billing_address.postcode`).

Local problems are named with the same field names as MeinEinkauf's refusals, so staff see one language.
"""

import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

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

ADDRESS_FIELDS = {
    "company": "company", "firstName": "first_name", "lastName": "last_name", "street": "street",
    "houseNumber": "house_number", "addressLine": "street", "additionalAddressLine": "address_line2",
    "zip": "postcode", "city": "city", "country": "country", "state": "county",
}
ARTICLE_FIELDS = {
    "articleNumber": "sku", "name": "name", "quantity": "quantity", "grossWeight": "weight_grams",
    "grossPrice": "unit_price", "vatRate": "vat_rate", "countryOfOrigin": "country_of_origin", "attributes": "ean",
    "externalId": "sku",
}
ORDER_FIELDS = {
    "orderNumber": "number", "externalId": "number", "orderDate": "placed_at", "currency": "currency",
    "paymentType": "payment_type", "grossSum": "total", "customer": "email", "shippingCost": "shipping_cost",
}


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
    message = _("Order %(order)s is paid by invoice, but %(setting)s is not set: MeinEinkauf prints the shop's "
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


# --- The doc's rules, checked on the payload itself so that what is checked is exactly what is sent. ---


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
            found.append((path, f"{len(text)} characters; MeinEinkauf takes at most {MAX_TEXT}"))
    if not payload.get("orderNumber"):
        found.append(("orderNumber", "is required"))
    if not ORDER_DATE.match(payload.get("orderDate", "")):
        found.append(("orderDate", f"{payload.get('orderDate')!r} is not a date of the form 20YY-MM-DD"))
    if payload.get("currency") not in CURRENCIES:
        found.append(("currency", f"{payload.get('currency', '').upper() or 'none'} is not accepted; EUR or CHF only"))
    if payload.get("paymentType") not in PAYMENT_TYPES:
        found.append(("paymentType", f"{payload.get('paymentType')!r} is not one of {', '.join(PAYMENT_TYPES)}"))
    gross = Decimal(str(payload.get("grossSum", 0)))
    if not 0 <= gross <= MAX_GROSS_SUM:
        found.append(("grossSum", f"{gross:.2f} is outside 0 to {MAX_GROSS_SUM}"))
    elif _parts_sum(payload) != gross:
        found.append(("grossSum", f"{gross:.2f} does not equal the articles, shipping, discounts and "
                                  f"donations ({_parts_sum(payload):.2f})"))
    if not payload.get("customer"):
        found.append(("customer.contactEmail", "an email address is needed for the customer"))
    found += _address_problems(payload.get("invoiceAddress") or {}, "invoiceAddress")
    shipping = payload.get("shippingAddress") or {}
    found += _address_problems(shipping, "shippingAddress")
    if shipping.get("country") not in SWISS:
        found.append(("shippingAddress.country", f"{shipping.get('country') or 'none'}: MeinEinkauf delivers only "
                                                 "to Switzerland (CH) and Liechtenstein (LI)"))
    consignments = payload.get("consignments") or []
    if not any(c.get("articles") for c in consignments):
        found.append(("consignments", "the order has no articles"))
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
    return (f"VAT rate {value} has no MeinEinkauf class: Swiss rates ({_rates('CH')} %), German rates "
            f"({_rates('DE')} %) or 0 %")


def vat_problems(order) -> list[Problem]:
    """A line whose VAT rate is neither a Swiss nor a German one is held back, naming the order and the line."""
    message = _("Order %(order)s, line %(line)s: a VAT rate of %(rate)s %% is neither a Swiss rate (%(ch)s %%) "
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
            found.append((f"{path}.{key}", "is required"))
    if address.get("country") in SWISS and not address.get("street"):
        found.append((f"{path}.street", "is required for an address in Switzerland or Liechtenstein"))
    if address.get("country") and address.get("country") not in SWISS and not address.get("addressLine"):
        found.append((f"{path}.addressLine", "is required for an address outside Switzerland and Liechtenstein"))
    return found


def _article_problems(article, path):
    found = []
    if not article.get("name"):
        found.append((f"{path}.name", "the article has no name"))
    if int(article.get("quantity") or 0) < 1:
        found.append((f"{path}.quantity", "must be at least 1"))
    if article.get("grossWeight") is None:
        found.append((f"{path}.grossWeight", "the weight in grams is unknown; customs needs it"))
    if article.get("vatRate") not in VAT_CLASSES:
        found.append((f"{path}.vatRate", _vat_message(article.get("vatRate"))))
    origin = article.get("countryOfOrigin")
    if origin and not re.fullmatch(r"[A-Z]{2}", origin):
        found.append((f"{path}.countryOfOrigin", f"{origin!r} is not a two-letter country code"))
    return found


def order_problems(order) -> list[Problem]:
    """Everything that stops `order` from being registered, named by the order field to correct."""
    problems = []
    if order.cash_on_delivery:
        problems.append(Problem("cash_on_delivery", "MeinEinkauf takes no cash on delivery"))
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


# --- MeinEinkauf's property names → the order's fields ---

def _tokens(prop):
    """'consignments[0].articles[1].vatRate' or 'consignments.0.articles.1.vatRate' → ['consignments', 0, …]."""
    return [int(t) if t.isdigit() else t for t in re.findall(r"[A-Za-z_]\w*|\d+", prop or "")]


def _line_field(lines, index, attribute):
    if isinstance(index, int) and 0 <= index < len(lines):
        return f"lines[{lines[index].sku or index}].{attribute}"
    return f"lines.{attribute}"


def shop_field(prop, order) -> str:
    """The order field MeinEinkauf's `property` refers to, in the shop's terms; unknown ones as they came."""
    tokens = _tokens(prop)
    if not tokens:
        return ""
    head, rest = tokens[0], tokens[1:]
    if head in ("invoiceAddress", "shippingAddress"):
        if head == "invoiceAddress":
            owner = "billing_address" if order.billing_address_id else "shipping_address"
        else:
            owner = "shipping_address"
        if rest and rest[0] == "telephone":
            return "phone"
        return f"{owner}.{ADDRESS_FIELDS[rest[0]]}" if rest and rest[0] in ADDRESS_FIELDS else owner
    if head == "consignments":
        articles, _ = order_lines(order)
        if len(rest) >= 3 and rest[1] == "articles":
            attribute = ARTICLE_FIELDS.get(rest[3], rest[3]) if len(rest) > 3 else ""
            return _line_field(articles, rest[2], attribute) if attribute else _line_field(articles, rest[2], "sku")
        if len(rest) >= 2 and rest[1] == "tracking":
            return "shipments.tracking_code"
        if len(rest) >= 2 and rest[1] == "grossWeight":
            return "lines.weight_grams"
        return "lines"
    if head == "discounts":
        _, discounts = order_lines(order)
        return _line_field(discounts, rest[0] if rest else None, "unit_price")
    return ORDER_FIELDS.get(head, prop)
