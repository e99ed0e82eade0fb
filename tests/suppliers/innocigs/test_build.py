"""Requests built exactly as documented: XML with everything escaped, JSON with one DROPSHIP object."""

import json
from datetime import date

import pytest
from lxml import etree

from suppliers.innocigs import build
from suppliers.innocigs.fields import Party, german_date

from .factories import make_order

pytestmark = pytest.mark.django_db

RECEIVER = Party(COMPANY="Müller & Söhne <GmbH>", FIRSTNAME='Jo "JJ"', LASTNAME="O'Neil 🚀",
                 STREET_ADDRESS="שדרות רוטשילד 1", POSTCODE="22761", CITY="Hamburg", COUNTRY_CODE="DE")
SHIPPER = Party(COMPANY="Dampfwerk", FIRSTNAME="Max", LASTNAME="Muster", STREET_ADDRESS="Musterstr. 10",
                POSTCODE="22761", CITY="Hamburg", COUNTRY_CODE="DE", EMAIL="v@example.com")


def request(number="A1", receiver=RECEIVER):
    return build.DropshipRequest(number, SHIPPER, receiver, (build.Line("IC10000AIO-10", 2),))


def test_xml_carries_every_character_intact():
    text = build.dropships_xml([request("A&B<1>")])
    assert "&amp;" in text and "&lt;" in text and "<script" not in text
    root = etree.fromstring(text.encode())
    receiver = root.find("DROPSHIPPING/DROPSHIP/DATA/RECEIVER")
    assert {child.tag: child.text for child in receiver} == {
        "COMPANY": "Müller & Söhne <GmbH>", "FIRSTNAME": 'Jo "JJ"', "LASTNAME": "O'Neil 🚀",
        "STREET_ADDRESS": "שדרות רוטשילד 1", "POSTCODE": "22761", "CITY": "Hamburg", "COUNTRY_CODE": "DE"}
    assert root.findtext("DROPSHIPPING/DROPSHIP/DATA/ORDERS_NUMBER") == "A&B<1>"


def test_xml_has_the_documented_structure_with_several_dropships():
    root = etree.fromstring(build.dropships_xml([request("A1"), request("A2")]).encode())
    assert root.tag == "INNOCIGS_API_REQUEST"
    dropships = root.findall("DROPSHIPPING/DROPSHIP")
    assert [d.findtext("DATA/ORDERS_NUMBER") for d in dropships] == ["A1", "A2"]
    assert [child.tag for child in dropships[0]] == ["DATA", "PRODUCTS"]
    assert [child.tag for child in dropships[0].find("DATA")] == ["ORDERS_NUMBER", "SHIPPER", "RECEIVER"]
    assert [child.tag for child in dropships[0].find("DATA/SHIPPER")] == [
        "COMPANY", "FIRSTNAME", "LASTNAME", "STREET_ADDRESS", "POSTCODE", "CITY", "COUNTRY_CODE", "EMAIL"]
    assert etree.tostring(dropships[0].find("PRODUCTS")) == (
        b"<PRODUCTS><PRODUCT><PRODUCTS_MODEL>IC10000AIO-10</PRODUCTS_MODEL><QUANTITY>2</QUANTITY></PRODUCT>"
        b"</PRODUCTS>")


def test_a_control_character_can_never_be_written():
    with pytest.raises(ValueError):
        build.dropships_xml([request(receiver=Party(FIRSTNAME="Jane\x07"))])


def test_json_is_one_dropship_object_with_a_product_list():
    body = build.dropship_json(request())
    assert body == {"DROPSHIPPING": {"DROPSHIP": {
        "DATA": {
            "ORDERS_NUMBER": "A1",
            "SHIPPER": {"COMPANY": "Dampfwerk", "FIRSTNAME": "Max", "LASTNAME": "Muster",
                        "STREET_ADDRESS": "Musterstr. 10", "POSTCODE": "22761", "CITY": "Hamburg",
                        "COUNTRY_CODE": "DE", "EMAIL": "v@example.com"},
            "RECEIVER": dict(RECEIVER.items()),
        },
        "PRODUCTS": [{"PRODUCTS_MODEL": "IC10000AIO-10", "QUANTITY": 2}],
    }}}
    assert json.loads(json.dumps(body, ensure_ascii=False)) == body


def test_the_receiver_comes_from_the_shipping_address_with_birthday_and_email(products):
    order = make_order("A1", company="ACME", address_line2="Hinterhaus", house_number="23a")
    dropship = build.dropship_request(order, reference=order.number)
    assert dropship.orders_number == "A1"
    assert dict(dropship.receiver.items()) == {
        "COMPANY": "ACME", "COMPANY2": "Hinterhaus", "FIRSTNAME": "Jane", "LASTNAME": "Doe",
        "STREET_ADDRESS": "Teststr. 23a", "POSTCODE": "22761", "CITY": "Hamburg", "COUNTRY_CODE": "DE",
        "EMAIL": "jane@example.com", "BIRTHDAY": "23.6.1989"}
    assert (dropship.shipper.COMPANY, dropship.shipper.TELEPHONE) == ("Dampfwerk Versand GmbH", "+49 40 1234567")
    assert dropship.products == (build.Line("12M100L10-BG-0", 2),)


def test_without_email_and_birthday_the_tags_are_left_out(products):
    order = make_order("A1", email="", birthday=None)
    receiver = dict(build.dropship_request(order, reference="A1").receiver.items())
    assert "EMAIL" not in receiver and "BIRTHDAY" not in receiver


def test_birthday_is_german_without_leading_zeros():
    assert german_date(date(1989, 6, 3)) == "3.6.1989"


def test_standard_order_has_the_documented_shapes():
    order = build.StandardOrderRequest("R1", SHIPPER, (build.Line("IC100T-11", 6),))
    root = etree.fromstring(build.standard_order_xml(order).encode())
    assert [child.tag for child in root.find("ORDER")] == ["DATA", "PRODUCTS"]
    assert root.findtext("ORDER/DATA/ORDERS_NUMBER") == "R1"
    assert root.findtext("ORDER/DATA/RECEIVER/COMPANY") == "Dampfwerk"
    assert build.standard_order_json(order)["ORDER"]["PRODUCTS"] == [{"PRODUCTS_MODEL": "IC100T-11", "QUANTITY": 6}]
