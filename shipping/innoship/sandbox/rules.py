"""The sandbox's check of an Innoship booking request (`POST api/Order` and `api/Order/validate`).

Every rule names its source: "doc" is `partner-docs/innoship-order-api.txt` (the table and row named), "spec"
Innoship's public OpenAPI spec and official plugins as GUIDE.md lists them, "sandbox" a choice of this
emulation where neither says anything (its own service and locker lists, or a refusal a real courier makes).
As strict as the doc where it is explicit. Contexts are PascalCase paths, as `Context` in the doc's error
table ("This refers to an item that is wrong").
"""

from datetime import date

from backoffice.casefold import ci_get

SERVICES = {1, 3, 4, 5, 6}  # sandbox: the doc's "See Service table" is not part of the doc we have
FIXED_LOCATIONS = {"1001": "Sameday easybox Hamburg Altona", "1002": "Sameday easybox Berlin Mitte"}  # sandbox
# sandbox: the 27 EU member states; the doc's "non - EU" (Content table) names none. The sender is the shop's
# warehouse in Germany, so the destination decides.
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
# doc, Parcel table: Type "Envelope (1), Parcel (2), Pallet (3)"; its example request sends "parcel".
PARCEL_TYPES = {"envelope": "envelope", "1": "envelope", "parcel": "parcel", "2": "parcel", "pallet": "pallet",
                "3": "pallet"}
NON_COMMERCIAL = 12  # doc, CustomDeclaration table: Reason "10 - commercial shipment, 12- non-commercial shipment"


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


class Rules:
    """Collects (context, message) pairs while one request is checked."""

    def __init__(self):
        self.errors = []

    def add(self, context, message):
        self.errors.append((context, message))

    def need(self, value, context, limit=None):
        text = "" if value is None else str(value).strip()
        if not text:
            self.add(context, f"The {context.rsplit('.', 1)[-1]} field is required.")
        else:
            self.at_most(text, context, limit)

    def at_most(self, value, context, limit):
        if limit and value is not None and len(str(value)) > limit:
            self.add(context, f"The field {context.rsplit('.', 1)[-1]} must be at most {limit} characters.")

    def count(self, value, context):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.add(context, f"The {context.rsplit('.', 1)[-1]} field is required (a whole number).")

    def amount(self, value, context, *, required=False):
        if value is None and not required:
            return
        if not _number(value) or value < 0:
            self.add(context, f"The {context.rsplit('.', 1)[-1]} field must be a positive number.")


def _address(rules, to):
    # doc, Address table: Name string[64] and ContactPerson string[100] Yes for home and locker delivery;
    # Phone string[64] Yes for both; Email string[100] and PostalCode string[50] optional.
    rules.need(ci_get(to, "name"), "AddressTo.Name", 64)
    rules.need(ci_get(to, "contactPerson"), "AddressTo.ContactPerson", 100)
    rules.need(ci_get(to, "phone"), "AddressTo.Phone", 64)
    rules.at_most(ci_get(to, "email"), "AddressTo.Email", 100)
    rules.at_most(ci_get(to, "postalCode"), "AddressTo.PostalCode", 50)
    fixed = ci_get(to, "fixedLocationId")
    if fixed:
        # doc, Address table: FixedLocationId "obtained using Get Fixed Locations"; sandbox: its own two lockers.
        if str(fixed) not in FIXED_LOCATIONS:
            rules.add("AddressTo.FixedLocationId", "Unknown fixed location.")
        return
    # doc, Address table, home delivery: Country string[2] Yes; LocalityName Yes; CountyName "not mandatory if
    # PostalCode is sent" ("either LocalityName + CountyName or LocalityName + PostalCode"); AddressText [100] Yes.
    if len(str(ci_get(to, "country", default="") or "")) != 2:
        rules.add("AddressTo.Country", "The Country field is required (two letters).")
    rules.need(ci_get(to, "localityName"), "AddressTo.LocalityName")
    if not (ci_get(to, "countyName") or ci_get(to, "postalCode")):
        rules.add("AddressTo.PostalCode", "Either CountyName or PostalCode is required.")
    rules.need(ci_get(to, "addressText"), "AddressTo.AddressText", 100)


def _parcels(rules, content):
    parcels = ci_get(content, "parcels")
    if parcels is None:
        return  # doc, Content table: Parcels "Optional"
    if not isinstance(parcels, list):
        rules.add("Content.Parcels", "Parcels must be a list.")
        return
    kinds = []
    for i, parcel in enumerate(parcels):
        at = f"Content.Parcels[{i}]"
        if not isinstance(parcel, dict):
            rules.add(at, "A parcel must be an object.")
            continue
        # doc, Parcel table: SequenceNo integer Yes, Size Yes, Weight decimal Yes (kg), Type Yes, Reference1
        # string[100] Yes ("Content for parcel"), Reference2 string[100] No.
        rules.count(ci_get(parcel, "sequenceNo"), f"{at}.SequenceNo")
        size = ci_get(parcel, "size")
        if not isinstance(size, dict):
            rules.add(f"{at}.Size", "The Size field is required.")
        else:
            # doc, Size table: Width, Length, Height double Yes, in centimetres.
            for side in ("Width", "Length", "Height"):
                rules.amount(ci_get(size, side), f"{at}.Size.{side}", required=True)
        rules.amount(ci_get(parcel, "weight"), f"{at}.Weight", required=True)
        kind = PARCEL_TYPES.get(str(ci_get(parcel, "type", default="")).strip().casefold())
        if kind is None:
            rules.add(f"{at}.Type", "Type must be Envelope (1), Parcel (2) or Pallet (3).")
        kinds.append(kind)
        rules.need(ci_get(parcel, "reference1"), f"{at}.Reference1", 100)
        rules.at_most(ci_get(parcel, "reference2"), f"{at}.Reference2", 100)
    # doc, Content table: Parcels is the "Size and weight for each individual unit of transport", and the three
    # counts are the "Count of unit of transport": one entry per counted unit, of its type.
    for kind, key in (("envelope", "EnvelopeCount"), ("parcel", "ParcelsCount"), ("pallet", "PalettesCount")):
        counted = ci_get(content, key)
        if isinstance(counted, int) and kinds.count(kind) != counted:
            rules.add(f"Content.{key}", f"{key} is {counted} but Parcels lists {kinds.count(kind)} of type {kind}.")


def _articles(rules, content, declared):
    items = ci_get(content, "articles")
    if items is None:
        return
    if not isinstance(items, list):
        rules.add("Content.Articles", "Articles must be a list.")
        return
    for i, item in enumerate(items):
        at = f"Content.Articles[{i}]"
        if not isinstance(item, dict):
            rules.add(at, "An article must be an object.")
            continue
        # doc, Article table: Quantity integer Yes, Description string[50] Yes, CountryOfOrigin string[3]
        # (ISO 3166-1 alpha-2), Tariff string[18], PricePerPieceAmountCurrency string[3].
        quantity = ci_get(item, "quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            rules.add(f"{at}.Quantity", "The Quantity field is required (a whole number of items).")
        rules.need(ci_get(item, "description"), f"{at}.Description", 50)
        rules.at_most(ci_get(item, "countryOfOrigin"), f"{at}.CountryOfOrigin", 3)
        rules.at_most(ci_get(item, "tariff"), f"{at}.Tariff", 18)
        rules.at_most(ci_get(item, "pricePerPieceAmountCurrency"), f"{at}.PricePerPieceAmountCurrency", 3)
        for key in ("weightNet", "weightGross", "pricePerPieceAmount"):
            rules.amount(ci_get(item, key), f"{at}.{key[:1].upper()}{key[1:]}")
        if declared:
            # doc, Article table: the other fields are "Only for Non-EU shipments with customs declaration".
            for key in ("countryOfOrigin", "tariff", "pricePerPieceAmountCurrency"):
                rules.need(ci_get(item, key), f"{at}.{key[:1].upper()}{key[1:]}")
            for key in ("weightNet", "weightGross", "pricePerPieceAmount"):
                rules.amount(ci_get(item, key), f"{at}.{key[:1].upper()}{key[1:]}", required=True)


def _invoice(rules, data, content):
    """doc, Content table: InvoiceNumber string[32], InvoiceDate Date, InvoiceValue Decimal, InvoiceValueCurrency
    string[3]: "Yes - for commercial shipment for non - EU"."""
    to = ci_get(data, "addressTo") or {}
    country = str(ci_get(to, "country", default="") or "").upper()
    declaration = ci_get(ci_get(data, "extra") or {}, "customsDeclaration")
    # sandbox: a business account's shipments count as commercial unless a declaration says Reason 12.
    commercial = not (isinstance(declaration, dict) and ci_get(declaration, "reason") == NON_COMMERCIAL)
    outside = len(country) == 2 and country not in EU_COUNTRIES
    rules.at_most(ci_get(content, "invoiceNumber"), "Content.InvoiceNumber", 32)
    currency = ci_get(content, "invoiceValueCurrency")
    rules.at_most(currency, "Content.InvoiceValueCurrency", 3)
    invoice_date = ci_get(content, "invoiceDate")
    if invoice_date is not None:
        try:
            date.fromisoformat(str(invoice_date)[:10])
        except ValueError:
            rules.add("Content.InvoiceDate", "InvoiceDate must be a date.")
    rules.amount(ci_get(content, "invoiceValue"), "Content.InvoiceValue")
    if outside and commercial:
        rules.need(ci_get(content, "invoiceNumber"), "Content.InvoiceNumber")
        rules.need(invoice_date, "Content.InvoiceDate")
        rules.amount(ci_get(content, "invoiceValue"), "Content.InvoiceValue", required=True)
        rules.need(currency, "Content.InvoiceValueCurrency")
    _articles(rules, content, declared=outside and isinstance(declaration, dict))


def _content(rules, data):
    content = ci_get(data, "content")
    if not isinstance(content, dict):
        rules.add("Content", "The Content field is required.")  # doc, request table: Content Yes / Yes
        return
    # doc, Content table: EnvelopeCount, ParcelsCount, PalettesCount integer Yes; TotalWeight decimal Yes;
    # Contents string[100] Yes; Package string[100].
    for key in ("EnvelopeCount", "ParcelsCount", "PalettesCount"):
        rules.count(ci_get(content, key), f"Content.{key}")
    weight = ci_get(content, "totalWeight")
    if not _number(weight) or weight <= 0:  # sandbox: a courier prices by weight, so none is refused
        rules.add("Content.TotalWeight", "TotalWeight must be greater than 0.")
    rules.need(ci_get(content, "contents"), "Content.Contents", 100)
    rules.at_most(ci_get(content, "package"), "Content.Package", 100)
    _parcels(rules, content)
    _invoice(rules, data, content)


def _extra(rules, data):
    extra = ci_get(data, "extra") or {}
    if not isinstance(extra, dict):
        rules.add("Extra", "Extra must be an object.")
        return
    # doc, Extra table: amounts are Decimal (sandbox: a negative one is refused); currencies string[3].
    for key in ("bankRepaymentAmount", "cashOnDeliveryAmount", "declaredValueAmount", "insuranceAmount"):
        rules.amount(ci_get(extra, key), f"Extra.{key[:1].upper()}{key[1:]}")
    for key in ("bankRepaymentCurrency", "cashOnDeliveryAmountCurrency", "declaredValueAmountCurrency",
                "insuranceAmountCurrency"):
        rules.at_most(ci_get(extra, key), f"Extra.{key[:1].upper()}{key[1:]}", 3)
    # doc, Extra table: Bank string[50] and BankIBAN string[35] "Required for pick-ups with Bank Repayment
    # Amount"; a pick-up is a request with AddressFrom (request table: AddressFrom Yes for Pickup only). For a
    # shipment the doc's example sends bankRepaymentAmount without them: the portal's account applies.
    rules.at_most(ci_get(extra, "bank"), "Extra.Bank", 50)
    rules.at_most(ci_get(extra, "bankIBAN"), "Extra.BankIBAN", 35)
    repayment = ci_get(extra, "bankRepaymentAmount")
    if ci_get(data, "addressFrom") and _number(repayment) and repayment > 0:
        rules.need(ci_get(extra, "bank"), "Extra.Bank")
        rules.need(ci_get(extra, "bankIBAN"), "Extra.BankIBAN")


def validation_errors(data):
    """What Innoship's validation says about a booking request: [(context, message)]."""
    if not isinstance(data, dict):
        return [("", "The request body must be a JSON object.")]
    rules = Rules()
    # doc, request table: ServiceId Yes ("See Service table"); ShipmentDate Yes; ExternalClientLocation Yes;
    # ExternalOrderId string[100]; Payment Yes, "Sender / Recipient or [int] 1 / 2"; AddressTo Yes.
    if ci_get(data, "serviceId") not in SERVICES:
        rules.add("ServiceId", "Unknown service.")
    rules.need(ci_get(data, "shipmentDate"), "ShipmentDate")
    rules.need(ci_get(data, "externalClientLocation"), "ExternalClientLocation")
    rules.at_most(ci_get(data, "externalOrderId"), "ExternalOrderId", 100)
    if str(ci_get(data, "payment", default="")).casefold() not in ("sender", "recipient", "1", "2"):
        rules.add("Payment", "Payment must be Sender or Recipient.")
    to = ci_get(data, "addressTo")
    if not isinstance(to, dict):
        rules.add("AddressTo", "The AddressTo field is required.")
    else:
        _address(rules, to)
    _content(rules, data)
    _extra(rules, data)
    return rules.errors
