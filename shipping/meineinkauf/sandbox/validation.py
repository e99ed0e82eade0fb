"""The emulated MeinEinkauf.ch's check of an order before it is registered."""

import re
from decimal import Decimal

from .store import _error

CURRENCIES = {"eur", "chf"}  # doc line 75
PAYMENT_TYPES = {  # doc line 76
    "mastercard", "visa", "amex", "creditcard", "paypal", "prepayment", "invoice", "other"}
# The doc's examples show only "standard" (e.g. line 150); the three classes are the public client's
# (rentasad/MeinEinkaufApiV1, VatRates.properties).
VAT_RATES = {"standard", "reduced", "none"}

# --- Validation, as the doc describes the order (doc "Post order", lines 71-87 and 531-545, and its example
# request, lines 90-209). Every refusal is E1000 (doc, error table: "The transmitted data is invalid. A
# detailed error report will be returned as well.") with the offending `property`. ---

ORDER_DATE = re.compile(r"^20\d{2}-\d{2}-\d{2}$")  # doc line 74: orderDate string^20\d{2}-\d{2}-\d{2}$
EXAMPLE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # doc lines 183-184: invoiceDate, dueDate as "2018-02-21"
SWISS = ("CH", "LI")


def _text(value, prop, errors, *, required=False, maximum=255):
    """A string property; present and empty counts as missing when `required`, else as too short."""
    if value is None:
        if required:
            errors.append(_error("E1000", "This value should not be blank.", prop))
        return
    if not isinstance(value, str):
        errors.append(_error("E1000", "This value should be of type string.", prop))
    elif not value:
        # doc lines 72-73: orderNumber and externalId are "string [ 1 .. 255 ] characters".
        errors.append(_error("E1000", "This value should not be blank." if required else
                             "This value is too short. It should have 1 character or more.", prop))
    elif len(value) > maximum:
        errors.append(_error("E1000", f"This value is too long. It should have {maximum} characters or less.", prop))


def _amount(value, prop, errors, *, required=True, low=None, high=None):
    if value is None:
        if required:
            errors.append(_error("E1000", "This value should not be blank.", prop))
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        errors.append(_error("E1000", "This value should be of type number.", prop))
        return Decimal(0)
    amount = Decimal(str(value))
    if (low is not None and amount < low) or (high is not None and amount > high):
        errors.append(_error("E1000", f"This value should be between {low} and {high}.", prop))
    return amount


def _enum(value, allowed, prop, errors):
    if value not in allowed:
        errors.append(_error("E1000", "The value you selected is not a valid choice.", prop))


def _object(value, prop, errors, *, required=False):
    """True when `value` is an object; a missing required one or a wrong type is an error."""
    if isinstance(value, dict):
        return True
    if value is not None or required:
        errors.append(_error("E1000", "This value should not be blank." if value is None else
                             "This value should be of type object.", prop))
    return False


def _texts_of(data, prop, errors):
    # The doc gives lengths only for orderNumber and externalId ([1 .. 255]); the same 255 for every other
    # text is our reading: the example's texts all fit, and a longer one is not taken on trust.
    for key, value in data.items():
        if isinstance(value, str):
            _text(value, f"{prop}.{key}", errors)


def _address(data, prop, errors, *, swiss_only):
    if not _object(data, prop, errors, required=True):
        return
    _texts_of(data, prop, errors)
    # The doc marks no AddressRequest field required; an address goods are delivered or invoiced to cannot
    # do without a name, postcode, city and country (our reading, and the country decides the doc's rule below).
    for key in ("lastName", "zip", "city", "country"):
        _text(data.get(key), f"{prop}.{key}", errors, required=True)
    country = data.get("country")
    if country in SWISS:
        # doc line 80: in Switzerland or Liechtenstein "the street has to be transmitted in the property street".
        _text(data.get("street"), f"{prop}.street", errors, required=True)
        # Our reading, the doc is silent: Swiss and Liechtenstein postcodes have four digits (Swiss Post).
        if data.get("zip") and not re.fullmatch(r"\d{4}", str(data["zip"])):
            errors.append(_error("E1000", "Swiss and Liechtenstein postcodes have four digits.", f"{prop}.zip"))
    elif swiss_only:
        # doc line 81: "The shipping address must always be located in Switzerland or Liechtenstein."
        errors.append(_error("E1000", "The shipping address must be in Switzerland or Liechtenstein.",
                             f"{prop}.country"))
    else:
        # doc line 80: elsewhere "the address must be transmitted in the property addressLine".
        _text(data.get("addressLine"), f"{prop}.addressLine", errors, required=True)


def _article(article, prop, errors):
    """An article as the example shows it (doc lines 142-163); the doc marks none of its fields, so what a
    customs declaration cannot do without is required (our reading): number, name, quantity, price, VAT class."""
    if not _object(article, prop, errors, required=True):
        return Decimal(0)
    _texts_of(article, prop, errors)
    _text(article.get("articleNumber"), f"{prop}.articleNumber", errors, required=True)
    _text(article.get("name"), f"{prop}.name", errors, required=True)
    quantity = article.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        errors.append(_error("E1000", "This value should be a positive integer.", f"{prop}.quantity"))
        quantity = 0
    price = _amount(article.get("grossPrice"), f"{prop}.grossPrice", errors)
    _enum(article.get("vatRate"), VAT_RATES, f"{prop}.vatRate", errors)
    if article.get("attributes") is not None:
        _object(article["attributes"], f"{prop}.attributes", errors)
    return price * quantity


def _consignment(consignment, prop, errors):
    """A ConsignmentRequest (example, doc lines 130-166). The doc does not say every consignment carries
    articles; the order as a whole must have one (checked by the caller), a consignment may carry none."""
    if not _object(consignment, prop, errors, required=True):
        return Decimal(0), 0
    _texts_of(consignment, prop, errors)
    tracking = consignment.get("tracking")
    if _object(tracking, f"{prop}.tracking", errors):
        _texts_of(tracking, f"{prop}.tracking", errors)
        # The example's tracking has both (doc lines 138-141); a tracking without its number tells nothing.
        _text(tracking.get("trackingNumber"), f"{prop}.tracking.trackingNumber", errors, required=True)
    articles = consignment.get("articles")
    if articles is None:
        return Decimal(0), 0
    if not isinstance(articles, list):
        errors.append(_error("E1000", "This value should be of type array.", f"{prop}.articles"))
        return Decimal(0), 0
    amounts = [_article(article, f"{prop}.articles[{j}]", errors) for j, article in enumerate(articles)]
    return sum(amounts, Decimal(0)), len(articles)


def _invoice_information(data, errors):
    """InvoiceInformationRequest (doc lines 86 and 545; example lines 182-208 and 638-664). The doc marks none
    of its fields required, nor says which payment type needs it, so none is demanded; dates are checked in the
    example's form, texts as texts, the parts as objects."""
    prop = "invoiceInformation"
    if not _object(data, prop, errors):
        return
    for key in ("invoiceDate", "dueDate"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and EXAMPLE_DATE.match(value)):
            errors.append(_error("E1000", "This value is not a valid date.", f"{prop}.{key}"))
    _text(data.get("additionalInvoiceText"), f"{prop}.additionalInvoiceText", errors)
    if _object(data.get("esrInformation"), f"{prop}.esrInformation", errors):
        _texts_of(data["esrInformation"], f"{prop}.esrInformation", errors)
    qrr = data.get("qrrInformation")
    if _object(qrr, f"{prop}.qrrInformation", errors):
        _texts_of(qrr, f"{prop}.qrrInformation", errors)
        if _object(qrr.get("creditor"), f"{prop}.qrrInformation.creditor", errors):
            _texts_of(qrr["creditor"], f"{prop}.qrrInformation.creditor", errors)


def validate_order(data, orders):
    if not isinstance(data, dict):
        return [_error("E1000", "Invalid JSON")]  # doc, error table: E1000 Invalid JSON
    errors = []
    # The doc does not say a repeated orderNumber is refused (its E1000 is "Invalid JSON"): a repeat is
    # registered again, so no test can lean on MeinEinkauf to stop a double registration.
    _text(data.get("orderNumber"), "orderNumber", errors, required=True)  # doc line 72
    _text(data.get("externalId"), "externalId", errors)  # doc line 73: optional, [1 .. 255]
    order_date = data.get("orderDate")  # doc line 74
    if not (isinstance(order_date, str) and ORDER_DATE.match(order_date)):
        errors.append(_error("E1000", "This value is not valid.", "orderDate"))
    _enum(data.get("currency"), CURRENCIES, "currency", errors)  # doc line 75
    _enum(data.get("paymentType"), PAYMENT_TYPES, "paymentType", errors)  # doc line 76
    gross = _amount(data.get("grossSum"), "grossSum", errors, low=0, high=100000)  # doc line 77
    if "soldOnMarketplace" in data and not isinstance(data["soldOnMarketplace"], bool):  # doc line 78
        errors.append(_error("E1000", "This value should be of type bool.", "soldOnMarketplace"))
    if _object(data.get("customer"), "customer", errors, required=True):  # doc line 79: required
        _texts_of(data["customer"], "customer", errors)
    _address(data.get("invoiceAddress"), "invoiceAddress", errors, swiss_only=False)  # doc line 80: required
    if data.get("shippingAddress"):
        _address(data["shippingAddress"], "shippingAddress", errors, swiss_only=True)
    elif isinstance(data.get("invoiceAddress"), dict) and data["invoiceAddress"].get("country") not in SWISS:
        # doc line 81: "If it is empty, the invoice address will be taken as shipping address."
        errors.append(_error("E1000", "The shipping address must be in Switzerland or Liechtenstein.",
                             "shippingAddress"))
    parts, articles = Decimal(0), 0
    consignments = data.get("consignments")
    if not isinstance(consignments, list) or not consignments:  # doc line 82: required, non-empty
        errors.append(_error("E1000", "This collection should contain 1 element or more.", "consignments"))
        consignments = []
    for i, consignment in enumerate(consignments):
        amount, count = _consignment(consignment, f"consignments[{i}]", errors)
        parts, articles = parts + amount, articles + count
    if consignments and not articles:
        # Our reading: an order with no article has nothing to declare at the border.
        errors.append(_error("E1000", "This collection should contain 1 element or more.", "consignments[0].articles"))
    # doc lines 83-85: shippingCost, discounts, donations, each grossPrice and vatRate (example lines 167-181).
    shipping = data.get("shippingCost")
    if _object(shipping, "shippingCost", errors):
        parts += _amount(shipping.get("grossPrice"), "shippingCost.grossPrice", errors)
        _enum(shipping.get("vatRate"), VAT_RATES, "shippingCost.vatRate", errors)
    for key in ("discounts", "donations"):
        entries = data.get(key)
        if entries is not None and not isinstance(entries, list):
            errors.append(_error("E1000", "This value should be of type array.", key))
            entries = []
        for i, entry in enumerate(entries or []):
            if _object(entry, f"{key}[{i}]", errors, required=True):
                _texts_of(entry, f"{key}[{i}]", errors)
                parts += _amount(entry.get("grossPrice"), f"{key}[{i}].grossPrice", errors)
                _enum(entry.get("vatRate"), VAT_RATES, f"{key}[{i}].vatRate", errors)
    _invoice_information(data.get("invoiceInformation"), errors)  # doc line 86: optional object
    # doc line 77: grossSum is the "Gross total (incl. shipping cost, donactions and discounts)".
    if not errors and parts != gross:
        errors.append(_error("E1000", f"The gross sum does not match the order's positions ({parts}).", "grossSum"))
    return errors
