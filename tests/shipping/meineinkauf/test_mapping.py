"""The order as MeinEinkauf's JSON, and the doc's rules checked before anything is sent."""

from datetime import date
from decimal import Decimal

import pytest

from shipping.meineinkauf.fields import shop_field
from shipping.meineinkauf.mapping import VAT_RATES, order_payload, payment_type
from shipping.meineinkauf.rules import order_problems, payload_problems
from shipping.models import Shipment

from .conftest import LINE, make_order

pytestmark = pytest.mark.django_db


def problems_of(order):
    return {p.field: p.message for p in order_problems(order)}


def test_a_swiss_order_maps_field_by_field():
    order = make_order("CH1001", to_hub=False)
    line = order.lines.get()
    assert order_payload(order) == {
        "orderNumber": "CH1001",
        "externalId": str(order.pk),
        "orderDate": "2026-11-20",
        "currency": "chf",
        "paymentType": "paypal",
        "grossSum": 34.9,
        "customer": {"contactEmail": "erika@example.ch"},
        "invoiceAddress": {"firstName": "Erika", "lastName": "Muster", "street": "Musterstrasse",
                           "houseNumber": "28a", "zip": "8005", "city": "Zürich", "country": "CH"},
        "shippingAddress": {"firstName": "Erika", "lastName": "Muster", "street": "Musterstrasse",
                            "houseNumber": "28a", "zip": "8005", "city": "Zürich", "country": "CH",
                            "telephone": "+41711234567"},
        "consignments": [{
            "externalId": str(order.pk),
            "grossWeight": 240,
            "articles": [{"articleNumber": "IC10000L10-TE-3", "externalId": str(line.pk), "name": "Liquid Tabak 10 ml",
                          "quantity": 2, "grossWeight": 120, "grossPrice": 12.5, "vatRate": "standard",
                          "countryOfOrigin": "DE", "attributes": {"ean": "4260123456789"}}],
        }],
        "shippingCost": {"grossPrice": 9.9, "vatRate": "standard"},
    }
    assert order_problems(order) == []


def test_liechtenstein_delivery_with_a_german_invoice_address_uses_an_address_line():
    order = make_order("LI1001", country="LI", billing={"country": "DE", "street": "Teststr.", "house_number": "23"},
                       currency="EUR")
    payload = order_payload(order)
    assert payload["invoiceAddress"]["addressLine"] == "Teststr. 23"
    assert "street" not in payload["invoiceAddress"] and "houseNumber" not in payload["invoiceAddress"]
    assert payload["shippingAddress"]["country"] == "LI"
    assert (payload["shippingAddress"]["street"], payload["shippingAddress"]["houseNumber"]) == ("Musterstrasse", "28a")
    assert payload["currency"] == "eur"
    assert order_problems(order) == []


def test_a_french_invoice_address_puts_the_house_number_first():
    order = make_order(billing={"country": "FR", "street": "Av. des Champs-Élysées", "house_number": "140",
                                "postcode": "75008", "city": "Paris"})
    assert order_payload(order)["invoiceAddress"]["addressLine"] == "140 Av. des Champs-Élysées"


def test_the_gross_sum_includes_shipping_and_discounts_and_adds_up():
    order = make_order(lines=[
        LINE,
        {**LINE, "sku": "IC20000", "name": "Coil", "quantity": 1, "unit_price": Decimal("7.95"),
         "vat_rate": Decimal("7")},
        {**LINE, "sku": "RABATT5", "name": "Gutschein", "quantity": 1, "unit_price": Decimal("-5.00")},
    ])
    payload = order_payload(order)
    assert payload["grossSum"] == 37.85  # 2 × 12.50 + 7.95 − 5.00 + 9.90 shipping
    assert payload["discounts"] == [{"name": "Gutschein", "grossPrice": -5, "vatRate": "standard"}]
    assert [a["articleNumber"] for a in payload["consignments"][0]["articles"]] == ["IC10000L10-TE-3", "IC20000"]
    assert payload_problems(payload) == []
    tampered = {**payload, "grossSum": 40}
    assert [p for p, _ in payload_problems(tampered)] == ["grossSum"]


def test_the_gross_sum_is_lines_and_shipping_less_the_order_discount():
    order = make_order(discount=Decimal("7.50"))
    payload = order_payload(order)
    assert payload["grossSum"] == float(order.total()) == 27.40  # 2 × 12.50 + 9.90 shipping − 7.50
    assert payload["discounts"] == [{"name": "discount", "grossPrice": -7.5, "vatRate": "standard"}]
    assert payload_problems(payload) == []


@pytest.mark.parametrize(("rate", "vat_class"), [
    # German (the public client's VatRates.properties): 19 / 16 / 15 standard, 7 / 5 reduced.
    ("19", "standard"), ("16", "standard"), ("15", "standard"), ("7", "reduced"), ("5.00", "reduced"),
    # Swiss: 8.1 / 7.7 / 8.0 / 7.6 standard, 2.6 / 2.5 / 3.8 / 3.7 / 2.4 reduced.
    ("8.1", "standard"), ("7.70", "standard"), ("8", "standard"), ("7.6", "standard"), ("2.6", "reduced"),
    ("2.5", "reduced"), ("3.8", "reduced"), ("3.7", "reduced"), ("2.4", "reduced"),
    ("0", "none"),
])
def test_shop_vat_rates_map_to_meineinkauf_classes(rate, vat_class):
    order = make_order(lines=[{**LINE, "vat_rate": Decimal(rate)}])
    assert order_payload(order)["consignments"][0]["articles"][0]["vatRate"] == vat_class
    assert order_problems(order) == []


def test_no_rate_is_both_swiss_and_german_so_the_rate_names_its_country():
    swiss, german = (set(VAT_RATES[country]) - {Decimal(0)} for country in ("CH", "DE"))
    assert not swiss & german


def test_a_vat_rate_without_a_meineinkauf_class_is_held_back_naming_order_line_and_rate():
    order = make_order("CH1077", lines=[{**LINE, "vat_rate": Decimal("12")}])
    assert problems_of(order) == {"lines[IC10000L10-TE-3].vat_rate": (
        "Order CH1077, line Liquid Tabak 10 ml: a VAT rate of 12 % is neither a Swiss rate (8.1, 7.7, 8, 7.6, 2.6, "
        "2.5, 3.8, 3.7, 2.4 %) nor a German one (19, 16, 15, 7, 5 %), so MeinEinkauf has no class for it. Correct "
        "the line's VAT rate, then register the order again.")}


@pytest.mark.parametrize(("shop", "sent"), [
    ("paypal", "paypal"), ("PayPal Express", "paypal"), ("credit_card", "creditcard"), ("Visa", "visa"),
    ("mastercard", "mastercard"), ("american-express", "amex"), ("vorkasse", "prepayment"),
    ("invoice", "invoice"), ("klarna", "other"), ("", "other"),
])
def test_payment_types_map_to_the_enum_with_other_as_fallback(shop, sent):
    assert payment_type(shop) == sent


def test_the_doc_rules_are_checked_before_sending():
    order = make_order(country="DE", currency="USD", placed_at=date(1999, 12, 31), email="", cash_on_delivery=5,
                       lines=[{**LINE, "weight_grams": None}])
    found = problems_of(order)
    assert found["shipping_address.country"].startswith("DE: MeinEinkauf delivers only to Switzerland")
    assert found["currency"] == "USD is not accepted; EUR or CHF only"
    assert found["placed_at"] == "'1999-12-31' is not a date of the form 20YY-MM-DD"
    assert found["email"] == "an email address is needed for the customer"
    assert found["cash_on_delivery"] == "MeinEinkauf takes no cash on delivery"
    assert found["lines[IC10000L10-TE-3].weight_grams"] == "the weight in grams is unknown; customs needs it"


def test_an_order_without_articles_or_above_the_gross_limit_is_refused_locally():
    assert problems_of(make_order("A", lines=[])) == {"lines": "the order has no articles"}
    expensive = make_order("B", lines=[{**LINE, "quantity": 1, "unit_price": Decimal("100000.00")}])
    assert problems_of(expensive) == {"total": "100009.90 is outside 0 to 100000"}


def test_a_text_longer_than_meineinkauf_takes_is_refused_locally_with_the_field_named():
    order = make_order(billing={"country": "CH"})
    order.billing_address.street = "S" * 300  # not saved: the limit is MeinEinkauf's, checked before any call
    assert problems_of(order) == {
        "billing_address.street": "300 characters; MeinEinkauf takes at most 255"}


def test_a_parcel_already_sent_to_the_hub_is_announced_with_its_german_tracking():
    order = make_order(to_hub=False)
    Shipment.objects.create(order=order, partner="innocigs", carrier="DHL Paket", tracking_code="00340434161094042557")
    Shipment.objects.create(order=order, partner="meineinkauf", carrier="swisspost", tracking_code="99.60.1")
    tracking = order_payload(order)["consignments"][0]["tracking"]
    assert tracking == {"carrier": "dhl", "trackingNumber": "00340434161094042557"}


@pytest.mark.parametrize(("prop", "with_billing", "field"), [
    ("invoiceAddress.zip", True, "billing_address.postcode"),
    ("invoiceAddress.zip", False, "shipping_address.postcode"),
    ("invoiceAddress.addressLine", True, "billing_address.street"),
    ("shippingAddress.houseNumber", False, "shipping_address.house_number"),
    ("shippingAddress.telephone", False, "phone"),
    ("consignments[0].articles[1].vatRate", False, "lines[IC20000].vat_rate"),
    ("consignments.0.articles.0.grossPrice", False, "lines[IC10000L10-TE-3].unit_price"),
    ("consignments[0].articles[0].attributes.ean", False, "lines[IC10000L10-TE-3].ean"),
    ("consignments[0].tracking.trackingNumber", False, "shipments.tracking_code"),
    ("grossSum", False, "total"),
    ("orderDate", False, "placed_at"),
    ("customer.contactEmail", False, "email"),
    ("somethingNew.deep", False, "somethingNew.deep"),
])
def test_meineinkauf_properties_name_the_order_field_to_correct(prop, with_billing, field):
    order = make_order(billing={"country": "CH"} if with_billing else None,
                       lines=[LINE, {**LINE, "sku": "IC20000"}])
    assert shop_field(prop, order) == field


def test_each_parcel_to_the_hub_is_a_consignment_and_an_unknown_carrier_is_left_out():
    order = make_order(to_hub=False)
    Shipment.objects.create(order=order, partner="innocigs", carrier="DHL", tracking_code="D1")
    Shipment.objects.create(order=order, partner="innocigs", carrier="", tracking_code="X2")
    consignments = order_payload(order)["consignments"]
    assert [(c["externalId"], c["tracking"]) for c in consignments] == [
        (str(order.pk), {"carrier": "dhl", "trackingNumber": "D1"}), (f"{order.pk}-2", {"trackingNumber": "X2"})]
    assert "articles" in consignments[0] and "articles" not in consignments[1]
    assert order_problems(order) == []
