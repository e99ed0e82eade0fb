"""orderDetail → one order of the JSON import format: a pure function, tested without database or HTTP."""

import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders.zonos.client import Address, Item, OrderDetail
from orders.zonos.mapping import MappingError, order_payload, route_for, split_name, split_street

PLACED = date(2026, 11, 20)


def address(**fields):
    values = {"name": "Jane Doe", "company": "", "email": "jane@example.com", "phone": "+1 555 0100",
              "address1": "123 Main Street", "address2": "Apt 4", "city": "Springfield", "state": "IL",
              "zip": "62701", "country_code": "US"}
    return Address(**{**values, **fields})


def item(**fields):
    values = {"sku": "IC10000L10-TE-3", "product_id": "1", "description": "Liquid Tabak 10 ml", "quantity": 2,
              "unit_price": Decimal("12.5"), "weight": Decimal(40), "weight_units": "G"}
    return Item(**{**values, **fields})


def detail(**fields):
    values = {"order_id": "999-99991", "merchant_order_id": "", "test_order": False,
              "status": "IGLOBAL_ORDER_IN_PROCESS", "shipping": address(), "billing": None, "items": (item(),),
              "shipping_total": Decimal("14.9"), "duty_taxes_total": Decimal(0), "grand_total": Decimal("39.9"),
              "customer_currency": "USD", "birth_date": ""}
    return OrderDetail(**{**values, **fields})


def mapped(**fields):
    return order_payload(detail(**fields), placed_on=PLACED, prefix="Z", currency="EUR")


def test_a_zonos_order_becomes_an_order_of_the_import_format():
    result = mapped()
    assert result.payload == {
        "number": "Z999-99991", "placed_at": "2026-11-20", "route": "innocigs", "currency": "EUR",
        "payment_type": "zonos", "shipping_cost": "14.90", "discount": "0.00", "cash_on_delivery": "0.00",
        "email": "jane@example.com", "phone": "+1 555 0100",
        "shipping_address": {"company": "", "first_name": "Jane", "last_name": "Doe", "street": "Main Street",
                             "house_number": "123", "address_line2": "Apt 4", "postcode": "62701",
                             "city": "Springfield", "county": "IL", "country": "US"},
        "lines": [{"sku": "IC10000L10-TE-3", "name": "Liquid Tabak 10 ml", "quantity": 2, "unit_price": "12.50",
                   "weight_grams": 40}],
        "zonos_order_id": "999-99991",
    }
    assert result.notes == ()


def test_the_shop_order_number_is_fixed_by_the_zonos_id_and_the_prefix():
    first = order_payload(detail(), placed_on=PLACED, prefix="ZN-", currency="EUR").payload["number"]
    again = order_payload(detail(shipping_total=Decimal(0)), placed_on=date(2027, 1, 1), prefix="ZN-",
                          currency="CHF").payload["number"]
    assert first == again == "ZN-999-99991"


@pytest.mark.parametrize(("country", "route"), [("CH", "meineinkauf"), ("LI", "meineinkauf"), ("li", "meineinkauf"),
                                                ("US", "innocigs"), ("AT", "innocigs"), ("NO", "innocigs")])
def test_switzerland_and_liechtenstein_go_to_meineinkauf_everything_else_to_innocigs(country, route):
    assert route_for(country) == route
    assert mapped(shipping=address(country_code=country.upper())).payload["route"] == route


def test_the_billing_address_is_only_sent_when_zonos_has_a_separate_one():
    billing = address(name="Luc Tremblay", address1="45 Avenue du Parc", city="Montréal", country_code="CA",
                      company="Tremblay Inc.")
    payload = mapped(billing=billing).payload
    assert payload["billing_address"]["last_name"] == "Tremblay"
    assert payload["billing_address"]["street"] == "Avenue du Parc"
    assert payload["billing_address"]["company"] == "Tremblay Inc."
    assert "billing_address" not in mapped().payload


def test_email_and_phone_fall_back_to_the_billing_contact():
    payload = mapped(shipping=address(email="", phone=""), billing=address(email="b@example.com", phone="+1 2")).payload
    assert (payload["email"], payload["phone"]) == ("b@example.com", "+1 2")


def test_a_city_missing_in_zonos_data_is_taken_from_the_state():
    assert mapped(shipping=address(city="", state="Hong Kong")).payload["shipping_address"]["city"] == "Hong Kong"


@pytest.mark.parametrize(("name", "first", "last"), [
    ("Jane Doe", "Jane", "Doe"), ("Jane van  Doe", "Jane", "van Doe"), ("Cher", "", "Cher"), ("  ", "", ""),
])
def test_names_are_split_at_the_first_space(name, first, last):
    assert split_name(name) == (first, last)


@pytest.mark.parametrize(("line", "street", "number"), [
    ("Bahnhofstrasse 12", "Bahnhofstrasse", "12"),
    ("Bahnhofstrasse 12b", "Bahnhofstrasse", "12b"),
    ("Rue du Lac 3-5", "Rue du Lac", "3-5"),
    ("Str. des 17. Juni 135", "Str. des 17. Juni", "135"),
    ("Main St, 12/3", "Main St", "12/3"),
    ("123 Main Street", "Main Street", "123"),
    ("221B Baker Street", "Baker Street", "221B"),
    ("5th Avenue", "5th Avenue", ""),
    ("Flat 4, 10 Downing St", "Flat 4, 10 Downing St", ""),
    ("PO Box", "PO Box", ""),
])
def test_street_and_house_number_are_kept_apart(line, street, number):
    assert split_street(line) == (street, number)


@given(st.text(alphabet=st.sampled_from("ab Z1234567890-/,.ß"), max_size=40))
def test_splitting_a_street_loses_no_character_but_spaces_and_commas(line):
    street, number = split_street(line)

    def letters(text):
        return Counter(re.sub(r"[\s,]", "", text))

    assert letters(street) + letters(number) == letters(line)


def test_discount_lines_become_the_order_discount_and_duties_are_said():
    discount = item(sku="", product_id="", description="WELCOME5", quantity=1, unit_price=Decimal("-5"))
    result = mapped(items=(item(), discount), duty_taxes_total=Decimal("6.1"))
    assert [line["sku"] for line in result.payload["lines"]] == ["IC10000L10-TE-3"]
    assert result.payload["discount"] == "5.00"
    assert result.notes == ("discount WELCOME5 -5.00 kept as the order's discount",
                            "duties and taxes 6.10 were paid to Zonos")


@pytest.mark.parametrize(("weight", "units", "grams"), [
    (Decimal("0.35"), "LB", 159), (Decimal(2), "OZ", 57), (Decimal("0.2"), "KG", 200), (Decimal(40), "G", 40),
])
def test_weights_are_converted_to_grams(weight, units, grams):
    line = mapped(items=(item(weight=weight, weight_units=units),)).payload["lines"][0]
    assert line["weight_grams"] == grams


def test_a_weight_without_known_units_is_left_out_rather_than_guessed():
    assert "weight_grams" not in mapped(items=(item(weight_units=""),)).payload["lines"][0]
    assert "weight_grams" not in mapped(items=(item(weight=None),)).payload["lines"][0]


@pytest.mark.parametrize(("birth", "expected"), [("1985-04-12", "1985-04-12"), ("04/12/1985", "1985-04-12"),
                                                 ("12.04.1985", None), ("", None)])
def test_birthdays_are_taken_when_readable(birth, expected):
    assert mapped(birth_date=birth).payload.get("birthday") == expected


@pytest.mark.parametrize(("fields", "words"), [
    ({"items": (item(sku=""),)}, "item 1 (Liquid Tabak 10 ml): Zonos sent no SKU"),
    ({"items": (item(quantity=0),)}, "item 1 (IC10000L10-TE-3): quantity 0"),
    ({"items": ()}, "no items"),
    ({"shipping": address(address1="")}, "shipping address: Zonos sent no street"),
    ({"shipping": address(country_code="")}, "shipping address: Zonos sent no country"),
    ({"billing": address(address1="x", country_code="")}, "billing address: Zonos sent no country"),
])
def test_what_cannot_become_a_shop_order_is_refused_naming_the_field(fields, words):
    with pytest.raises(MappingError, match=re.escape(words)):
        mapped(**fields)

