"""The booking request built from an order, and the checks made before any call."""

from datetime import date
from decimal import Decimal

import pytest

from orders.adapters import Problem
from shipping.innoship.request import booking_problems, booking_request, next_working_day, preview_rows, shop_field

from .conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shop(settings):
    settings.INNOSHIP_LOCATION = "hamburg-1"
    settings.INNOSHIP_SERVICE_ID = 1
    settings.INNOSHIP_LOCKER_SERVICE_ID = 3
    settings.INNOSHIP_PAYMENT = "sender"
    settings.INNOSHIP_DEFAULT_LINE_WEIGHT_GRAMS = 500


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 11, 23), date(2026, 11, 24)),  # Monday → Tuesday
    (date(2026, 11, 27), date(2026, 11, 30)),  # Friday → Monday
    (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday → Monday
    (date(2026, 11, 29), date(2026, 11, 30)),  # Sunday → Monday
])
def test_shipment_date_is_the_next_working_day(today, expected):
    assert next_working_day(today) == expected


def test_home_delivery_request_carries_everything_the_issue_lists():
    order = make_order("A1001", cod="49.90", weights=(120, None), insurance_amount=Decimal("80.00"),
                       open_package=True, address={"address_line2": "Hinterhaus", "county": "Hamburg"})
    payload = booking_request(order, today=date(2026, 11, 27))
    assert payload == {
        "serviceId": 1,
        "shipmentDate": "2026-11-30",
        "addressTo": {
            "name": "Jane Doe", "contactPerson": "Jane Doe", "country": "DE", "countyName": "Hamburg",
            "localityName": "Hamburg", "addressText": "Teststr. 23, Hinterhaus", "postalCode": "22761",
            "phone": "+49 40 123456", "email": "jane@example.com",
        },
        "payment": "sender",
        # 2 × 120 g + 2 × 500 g (the default for a line without weight)
        "content": {"envelopeCount": 0, "parcelsCount": 1, "palettesCount": 0, "totalWeight": 1.24,
                    "contents": "Order A1001: 2x Liquid 0, 2x Liquid 1", "package": "box"},
        "extra": {"bankRepaymentAmount": 49.9, "bankRepaymentCurrency": "EUR", "bank": "Test Bank",
                  "bankIBAN": "DE89370400440532013000", "bankAccountHolder": "Test Shop GmbH", "insuranceAmount": 80.0,
                  "insuranceAmountCurrency": "EUR", "openPackage": True},
        "externalClientLocation": "hamburg-1",
        "externalOrderId": "A1001",
        "parameters": {"GetParcelsBarcodes": True},
    }


def test_a_company_is_the_recipient_name_and_the_person_the_contact():
    order = make_order("A1002", address={"company": "Dampf & Co. KG"})
    address_to = booking_request(order)["addressTo"]
    assert (address_to["name"], address_to["contactPerson"]) == ("Dampf & Co. KG", "Jane Doe")


def test_without_cod_insurance_or_open_package_there_is_no_extra():
    assert "extra" not in booking_request(make_order("A1003"))


def test_locker_delivery_sends_the_fixed_location_with_the_locker_service():
    order = make_order("A1004", fixed_location_id="1001")
    payload = booking_request(order)
    assert payload["serviceId"] == 3
    assert payload["addressTo"]["fixedLocationId"] == "1001"
    order.innoship_options.service_id = 4  # a pick-up point instead: the order's own service wins
    assert booking_request(order)["serviceId"] == 4


def test_the_order_service_overrides_the_setting():
    order = make_order("A1005", service_id=6)
    assert booking_request(order)["serviceId"] == 6


def test_a_complete_order_has_no_problems():
    assert booking_problems(make_order("A1006")) == []


def test_home_delivery_needs_phone_and_full_address_named_in_the_shop_terms():
    order = make_order("A1007", phone="", address={"city": "", "postcode": "", "street": "", "country": "D"})
    problems = booking_problems(order)
    assert Problem("phone", "required for courier delivery") in problems
    assert Problem("shipping_address.city", "required for courier delivery") in problems
    assert Problem("shipping_address.postcode", "required for courier delivery (or a county)") in problems
    assert Problem("shipping_address.street", "required for courier delivery") in problems
    assert Problem("shipping_address.country", "a two-letter country code is required") in problems
    assert str(problems[0]) == "Phone: required for courier delivery"


def test_a_county_replaces_the_postcode():
    order = make_order("A1008", address={"postcode": "", "county": "Hamburg"})
    assert booking_problems(order) == []


def test_locker_delivery_needs_no_street_but_still_a_phone():
    order = make_order("A1009", fixed_location_id="1001", phone="",
                       address={"city": "", "postcode": "", "street": "", "house_number": ""})
    assert booking_problems(order) == [Problem("phone", "required for locker delivery")]


def test_field_lengths_follow_the_doc():
    order = make_order("A1010", address={"company": "C" * 65, "street": "S" * 95, "address_line2": "Hof"})
    problems = {p.field: p.message for p in booking_problems(order)}
    assert problems["shipping_address.company"] == "the recipient name is 65 characters; Innoship accepts at most 64"
    assert problems["shipping_address.street"].endswith("Innoship accepts at most 100")


def test_missing_location_setting_and_lines_are_problems(settings):
    settings.INNOSHIP_LOCATION = ""
    order = make_order("A1011", weights=())
    fields = [p.field for p in booking_problems(order)]
    assert fields[:2] == ["INNOSHIP_LOCATION", "lines"]


def test_preview_shows_parcels_weight_cod_and_service():
    order = make_order("A1012", cod="19.50", weights=(None, 250))
    assert preview_rows(order) == [
        ("Parcels", "1"),
        ("Weight", "1.500 kg (1 line without weight counted at 500 g per piece)"),
        ("Cash on delivery", "19.50 EUR, paid out to Test Shop GmbH, Test Bank, IBAN DE… 3000"),
        ("Service", "1 – National Standard, home delivery"),
    ]


@pytest.mark.parametrize(("path", "field"), [
    ("addressTo.phone", "phone"), ("AddressTo.PostalCode", "shipping_address.postcode"),
    ("addressTo.fixedLocationId", "fixed_location_id"), ("content.parcels", "lines.weight_grams"),
    ("somethingElse", ""),
])
def test_innoship_fields_map_back_to_order_fields(path, field):
    assert shop_field(path)[0] == field
