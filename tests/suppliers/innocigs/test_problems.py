"""Every documented field rule is checked locally, before any call, in the shop's terms."""

from datetime import date

import pytest

from orders.services.submissions import orders_submit
from suppliers.innocigs.adapter import InnocigsDropshipAdapter
from suppliers.models import Product

from .factories import make_order

pytestmark = pytest.mark.django_db


def problems(order):
    return [str(p) for p in InnocigsDropshipAdapter().problems(order)]


def test_a_good_order_has_no_problems(products):
    assert problems(make_order("A1")) == []


@pytest.mark.parametrize(("address", "expected"), [
    ({"street": "Lange Reihe mit vielen Buchstaben", "house_number": "123a"},
     "Street (shipping address): street and house number together are 38 characters; InnoCigs allows 35"),
    ({"street": "Weg", "house_number": ""},
     "Street (shipping address): street and house number together are 3 characters; InnoCigs needs at least 5"),
    ({"company": "C" * 31}, "Company (shipping address): 31 characters; InnoCigs allows 30"),
    ({"address_line2": "L" * 31}, "Address line2 (shipping address): 31 characters; InnoCigs allows 30"),
    ({"first_name": "J"}, "First name (shipping address): the first name is 1 characters; InnoCigs needs at least 2"),
    ({"last_name": ""}, "Last name (shipping address): the last name is 0 characters; InnoCigs needs at least 2"),
    ({"first_name": "Maximiliane Johanna", "last_name": "Mustermann-Schulz"},
     "Last name (shipping address): first and last name together are 36 characters; InnoCigs allows 34"),
    ({"postcode": "123"}, "Postcode (shipping address): the postcode is 3 characters; InnoCigs needs at least 4"),
    ({"city": "Ay"}, "City (shipping address): the city is 2 characters; InnoCigs needs at least 3"),
    ({"country": "D1"}, "Country (shipping address): D1 is not a two-letter ISO country code such as DE"),
])
def test_address_rules_name_the_order_field(products, address, expected):
    assert problems(make_order("A1", **address)) == [expected]


def test_company_and_line_two_together_are_limited_only_for_a_packstation(products):
    long_pair = {"company": "Musterfirma Handelsgesellsch.", "address_line2": "Postnummer 12345678"}
    assert problems(make_order("A1", **long_pair)) == []
    packstation = make_order("A2", street="Packstation", house_number="123", **long_pair)
    assert problems(packstation) == [
        "Address line2 (shipping address): company and address line 2 together are 48 characters; InnoCigs allows 34 "
        "for a Packstation"]


def test_email_and_birthday_are_checked_when_known(products):
    assert problems(make_order("A1", email="", birthday=None)) == []
    assert problems(make_order("A2", email="a@b")) == ["Email: not a valid email address of at least 6 characters"]
    assert problems(make_order("A3", birthday=date(2999, 1, 1))) == [
        "Date of birth: not a plausible date of birth (before 1900 or not in the past)"]


def test_lines_must_exist_be_known_active_and_in_stock(products):
    Product.objects.create(model="GONE-1", active=False, stock_quantity=4)
    Product.objects.create(model="EMPTY-1", stock_quantity=0)
    assert problems(make_order("A1", lines=[])) == [
        "Order lines: the order has no lines; InnoCigs needs at least one product"]
    order = make_order("A2", lines=[("NOPE-1", 1), ("GONE-1", 1), ("EMPTY-1", 1), ("IC10000AIO-10", 0)])
    assert problems(order) == [
        "line 1 (NOPE-1): the article is not in the InnoCigs catalogue",
        "line 2 (GONE-1): the article is no longer offered by InnoCigs (gone from its feed)",
        "line 3 (EMPTY-1): the article has no stock at InnoCigs",
        "line 4 (IC10000AIO-10): quantity must be at least 1 for InnoCigs (it is 0)",
    ]


def test_control_characters_are_refused_locally_but_any_unicode_is_fine(products):
    assert problems(make_order("A1", first_name="Zoë 😀", last_name="אברהם", city="Zürich")) == []
    assert problems(make_order("A2", last_name="Doe\x1b")) == [
        "Last name (shipping address): contains the control character U+001B, which cannot be sent; remove it"]
    assert problems(make_order("A3", street="Teststr.\n")) == [
        "Street (shipping address): contains the control character U+000A, which cannot be sent; remove it"]


def test_the_sender_comes_from_the_shop_settings(products, settings):
    settings.SHOP_SENDER = {**settings.SHOP_SENDER, "company": "AB", "email": "", "street": "Musterstrasse 10"}
    assert problems(make_order("A1")) == [
        "SHOP_SENDER_COMPANY: the sender company is 2 characters; InnoCigs needs at least 3",
        "SHOP_SENDER_EMAIL: missing; InnoCigs needs the sender's email address",
    ]


def test_problems_stop_the_order_before_any_call(products):
    order = make_order("A1", city="Ay")
    [result] = orders_submit(orders=[order], partner="innocigs", actor="user:alice")
    assert result.state == "skipped"
    assert result.message == "City (shipping address): the city is 2 characters; InnoCigs needs at least 3"
    assert not order.submissions.exists()
