"""Contract tests: every example request and reply of Innoship's doc (fixtures/, copied verbatim) against our
request builder, our reply readers and the sandbox."""

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import responses

from backoffice.errors import PartnerIssue, PartnerValidationError
from orders.models import Address, Order, OrderLine
from shipping.innoship.client import InnoshipClient, parse_booking, parse_errors
from shipping.innoship.models import CourierOptions
from shipping.innoship.remote import Price
from shipping.innoship.request import booking_request

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name):
    """A doc example as JSON; the doc's two typos (a trailing comma, a missing opening brace) mended."""
    text = (FIXTURES / name).read_text()
    if not text.lstrip().startswith(("{", "[")):
        text = "{" + text
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))


def flat(data, prefix=""):
    """{casefolded path: value} of every leaf, so that PascalCase and camelCase compare alike."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in flat(value, f"{prefix}{key.casefold()}.").items()}
    if isinstance(data, list):
        return {k: v for i, value in enumerate(data) for k, v in flat(value, f"{prefix}{i}.").items()}
    return {prefix.rstrip("."): data}


# Where our request differs from the doc's example, and why. Each value is what we send for the example's order.
OURS_DIFFER = {
    "shipmentdate": "2020-02-17",  # the next working day: the example's 2020-02-16 is a Sunday
    "content.contents": "Order 212: 1x t-shirt",  # the order number and every line, for the packer and courier
    "parameters.getparcelsbarcodes": True,  # the shop keeps each parcel's barcode
}
OURS_ONLY = {  # fields the example does not send
    "extra.bankrepaymentcurrency": "EUR", "extra.insuranceamountcurrency": "EUR",  # the order's currency
    "extra.bank": "Test Bank", "extra.bankiban": "DE89370400440532013000",  # the payout account (settings)
    "extra.bankaccountholder": "Test Shop GmbH",
}
EXAMPLE_ONLY = {  # fields of the example we do not send, and why
    "content.oversizedpackage",  # false is the default; the shop sends no oversized parcels
    "content.parcels.0.sequenceno", "content.parcels.0.size.width", "content.parcels.0.size.height",
    "content.parcels.0.size.length", "content.parcels.0.weight", "content.parcels.0.type",
    "content.parcels.0.reference1",  # one parcel goes without Parcels[] ("Optional"); several are listed
    "metadata", "sourcechannel", "observation",  # optional texts for rules and labels the shop does not use
}


# The doc's example address, as its web page obfuscated it ("[email protected]", with a no-break space).
EXAMPLE_EMAIL = json.loads((FIXTURES / "request_example.json").read_text())["addressTo"]["email"]


@pytest.fixture
def example_order(db, settings):
    """The doc's example request as a shop order."""
    settings.INNOSHIP_LOCATION = "1"
    settings.INNOSHIP_SERVICE_ID = 1
    settings.INNOSHIP_PAYMENT = "sender"
    address = Address.objects.create(company="Name of recipient", first_name="Contact for", last_name="recipient",
                                     street="adress text", house_number="10", postcode="123456", city="Bucuresti",
                                     county="Bucuresti", country="RO")
    order = Order.objects.create(number="212", placed_at=date(2020, 2, 14), route="innoship", shipping_address=address,
                                 phone="+40734123456", email=EXAMPLE_EMAIL, cash_on_delivery=Decimal("50.25"),
                                 currency="EUR")
    CourierOptions.objects.create(order=order, insurance_amount=Decimal("100"), open_package=True)
    OrderLine.objects.create(order=order, sku="TS-1", name="t-shirt", quantity=1, unit_price="50.25",
                             weight_grams=1000)
    return order


@pytest.mark.parametrize("name", ["request_example.json", "request_example_custom_attributes.json"])
def test_our_request_for_the_example_order_is_the_doc_example(example_order, name):
    example = flat(fixture(name))
    example = {k: v for k, v in example.items() if not k.startswith("customattributes.")}  # rules input, unused
    ours = flat(booking_request(example_order, today=date(2020, 2, 14)))
    for path, value in ours.items():
        expected = OURS_DIFFER.get(path, OURS_ONLY.get(path, example.get(path, "<not in the example>")))
        assert value == expected, path
    assert set(example) - set(ours) == EXAMPLE_ONLY
    assert set(ours) - set(example) == set(OURS_ONLY)


def test_several_parcels_have_the_shape_of_the_example_parcel(example_order, settings):
    settings.INNOSHIP_MAX_PARCEL_KG = 0.5
    [doc_parcel] = fixture("request_example.json")["content"]["parcels"]
    parcels = booking_request(example_order)["content"]["parcels"]
    assert len(parcels) == 2
    for parcel in parcels:
        assert flat(parcel).keys() == flat(doc_parcel).keys()
        assert parcel["type"] == doc_parcel["type"] == "parcel"


@pytest.mark.parametrize("name", ["request_example.json", "request_example_custom_attributes.json"])
def test_the_sandbox_books_the_doc_examples_as_they_are(innoship, name):
    booking = InnoshipClient.from_settings().book(fixture(name))
    assert booking.awb == "905230001" and booking.courier_id == 1
    [held] = innoship.bookings()
    assert held["external_order_id"] == "212"


BUCHAREST_DAY = {  # CalculatedDeliveryDate read in Innoship's time zone (INNOSHIP_TIME_ZONE)
    "reply_success.json": date(2020, 7, 27), "reply_success_barcodes.json": date(2020, 7, 27),
    "reply_success_price_breakdown.json": date(2022, 12, 29),  # 22:00 UTC is past midnight in Bucharest
    "reply_success_courier_response.json": date(2020, 7, 27),
}


@pytest.mark.parametrize(("name", "awb", "barcodes"), [
    ("reply_success.json", "905230964", ()),
    ("reply_success_barcodes.json", "905230966", ("905230966",)),
    ("reply_success_courier_response.json", "905230968", ()),
])
def test_the_pascal_case_success_replies_parse(settings, name, awb, barcodes):
    settings.INNOSHIP_TIME_ZONE = "Europe/Bucharest"
    booking = parse_booking(fixture(name))
    assert (booking.client_order_id, booking.awb, booking.courier_id, booking.barcodes) == (f"1|{awb}", awb, 1,
                                                                                             barcodes)
    assert booking.price == Price(Decimal("13.13"), Decimal("2.49"), Decimal("15.62"), "RON")
    assert booking.delivery_date == BUCHAREST_DAY[name]
    assert booking.track_page_url.startswith("https://track.innoship.io/")
    assert booking.extra == (("BankRepaymentAmount", Decimal("32.12")), ("BankRepaymentCurrency", "RON"),
                             ("OpenPackage", True))


def test_the_camel_case_reply_with_price_breakdown_parses(settings):
    settings.INNOSHIP_TIME_ZONE = "Europe/Bucharest"
    booking = parse_booking(fixture("reply_success_price_breakdown.json"))
    assert (booking.client_order_id, booking.awb, booking.courier_id) == ("1|1001152135", "1001152135", 1)
    assert booking.price == Price(Decimal("8.76"), Decimal("1.66"), Decimal("10.42"), "RON")
    assert booking.delivery_date == BUCHAREST_DAY["reply_success_price_breakdown.json"]
    assert booking.track_page_url == "https://track.innoship.io/dLMib6fdrUaHLvXSdISG0g"
    assert dict(booking.extra) == {
        "bankRepaymentAmount": Decimal("100.00"), "bankRepaymentCurrency": "RON", "openPackage": False,
        "saturdayDelivery": False, "reference2": "test", "reference3": "test1", "reference4": "1",
        "returnPackage": True,
    }


@pytest.mark.parametrize(("name", "expected"), [
    ("reply_error_context_message.json", PartnerIssue("", "The Phone field is required.", "addressTo.phone")),
    ("reply_error_context_message_pascal.json", PartnerIssue("", "The Phone field is required.", "addressTo.phone")),
    ("reply_error_errors_details.json", PartnerIssue("", "Invalid API key (X-Api-Key)", "")),
    ("reply_error_errors_details_pascal.json", PartnerIssue("", "Invalid API key (X-Api-Key)", "")),
])
def test_the_error_replies_parse_in_either_casing(name, expected):
    assert parse_errors(fixture(name)) == [expected]


@pytest.mark.django_db
@responses.activate
@pytest.mark.parametrize("name", ["reply_error_context_message.json", "reply_error_context_message_pascal.json"])
def test_a_refusal_in_the_doc_shape_is_a_validation_error_naming_the_field(offline, name):
    responses.post(f"{offline}/api/Order", json=fixture(name), status=400)
    with pytest.raises(PartnerValidationError) as refused:
        InnoshipClient.from_settings().book({"serviceId": 1})
    assert refused.value.issues == (PartnerIssue("", "The Phone field is required.", "addressTo.phone"),)
