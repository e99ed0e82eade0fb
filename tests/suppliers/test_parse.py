"""Every quirk of the real feeds, item by item, and the clear error when a value cannot be read."""

import json
from decimal import Decimal

import pytest

from backoffice.errors import PartnerResponseError
from backoffice.safexml import parse_xml
from suppliers.innocigs import parse
from suppliers.innocigs.parse import (
    BackorderInfo,
    OtherUnitInfo,
    PriceTierInfo,
    StockLevel,
    element_to_dict,
    items,
    parse_backorder,
    parse_prices,
    parse_product,
    parse_stock,
)

from .conftest import fixture


def rest_items(name, *path):
    return items(json.loads(fixture(name)), *path)


def xml_items(name, *path):
    root = parse_xml(fixture(name))
    return [element_to_dict(e) for e in root.iterfind("/".join(path))]


@pytest.mark.parametrize("raw, expected", [
    ("7,52", Decimal("7.52")),
    ("6.998400", Decimal("6.998400")),
    (" 16,95 ", Decimal("16.95")),
    ("1.234,56", Decimal("1234.56")),
    ("1,234.56", Decimal("1234.56")),
    ("1.234.567", Decimal("1234567")),
    (22.95, Decimal("22.95")),
    (5, Decimal("5")),
    (Decimal("0.1"), Decimal("0.1")),
    ({"_cdata": "2,30"}, Decimal("2.30")),
    ("\u00a0300.000000", Decimal("300.000000")),
    ("-1,5", Decimal("-1.5")),
])
def test_decimals_are_read_exactly_whatever_the_separator(raw, expected):
    value = parse.decimal(raw, field="PRODUCTS_PRICE")
    assert value == expected and str(value) == str(expected)


@pytest.mark.parametrize("raw", ["", None, "  ", {}])
def test_an_empty_decimal_is_none_unless_required(raw):
    assert parse.decimal(raw, field="F") is None
    with pytest.raises(PartnerResponseError, match="a number is missing"):
        parse.decimal(raw, field="F", model="M", required=True)


@pytest.mark.parametrize("raw", ["7,52 EUR", "abc", "1,2,3.4.5", "--1", "7..5"])
def test_a_value_that_is_not_a_number_names_model_and_field(raw):
    with pytest.raises(PartnerResponseError) as caught:
        parse.decimal(raw, field="PRODUCTS_PRICE", model="12M100L10-BG-0")
    assert caught.value.field == "PRODUCTS_PRICE" and caught.value.code == "malformed_reply"
    assert "model 12M100L10-BG-0, field PRODUCTS_PRICE" in caught.value.message


@pytest.mark.parametrize("raw, expected", [(155, 155), ("155", 155), (" 155 ", 155), ("155.0", 155), (0.0, 0),
                                           ({"_text": "7"}, 7)])
def test_whole_numbers_as_strings_or_numbers(raw, expected):
    assert parse.integer(raw, field="QUANTITY") == expected


@pytest.mark.parametrize("raw", ["1,5", "x", "", None])
def test_a_quantity_that_is_not_whole_is_malformed(raw):
    with pytest.raises(PartnerResponseError, match="QUANTITY"):
        parse.integer(raw, field="QUANTITY", model="M")


@pytest.mark.parametrize("value, expected", [
    (None, []), ("", []), ("  \n ", []), ({}, []), ([], []),
    ({"A": 1}, [{"A": 1}]), ([{"A": 1}, None, "", {}], [{"A": 1}]), ("x", ["x"]),
])
def test_as_list_accepts_every_shape_of_nothing_one_or_many(value, expected):
    assert parse.as_list(value) == expected


def test_items_finds_entries_however_they_are_wrapped():
    assert items({"QUANTITIES": {"PRODUCT": {"PRODUCTS_MODEL": "A"}}}, "QUANTITIES", "PRODUCT") == [
        {"PRODUCTS_MODEL": "A"}]
    assert items({"QUANTITIES": [{"PRODUCT": [{"PRODUCTS_MODEL": "A"}]}, {"PRODUCT": {"PRODUCTS_MODEL": "B"}}]},
                 "QUANTITIES", "PRODUCT") == [{"PRODUCTS_MODEL": "A"}, {"PRODUCTS_MODEL": "B"}]
    for empty in ("", {}, None, []):
        assert items({"QUANTITIES": empty}, "QUANTITIES", "PRODUCT") == []
        assert items({"QUANTITIES": {"PRODUCT": empty}}, "QUANTITIES", "PRODUCT") == []
    assert items({"quantities": {"Product": [{"X": 1}]}}, "QUANTITIES", "PRODUCT") == [{"X": 1}]


def test_rest_stock_with_numbers_as_strings_cdata_attributes_and_whitespace():
    levels = [parse_stock(i) for i in rest_items("rest_quantity_all.json", "QUANTITIES", "PRODUCT")]
    assert levels == [
        StockLevel("12M100L10-BG-0", 220, "Sofort lieferbar"),
        StockLevel("12M100L10-BN-20", 114, "Sofort lieferbar"),
        StockLevel("12M100L10-BN-20-H", 11, "Sofort lieferbar"),
        StockLevel("12M100L10-HB-3", 0, "in 1-10 Tagen lieferbar"),
    ]


def test_xml_stock_with_a_bom_whitespace_unknown_fields_and_no_status():
    levels = [parse_stock(i) for i in xml_items("xml_quantity_all.xml", "QUANTITIES", "PRODUCT")]
    assert levels == [
        StockLevel("12M100L10-HB-0", 44, "Sofort lieferbar"),
        StockLevel("12M100L10-HB-3", 0, "Sofort lieferbar"),
        StockLevel("12M100L10-HB-6", 66, "Sofort lieferbar"),
        StockLevel("A-2216-001", 131, ""),
    ]


def test_rest_prices_with_commas_dots_floats_single_objects_and_empty_lists():
    prices = {p.model: p for p in map(parse_prices, rest_items("rest_prices.json", "PRICES", "PRODUCT"))}
    bonogurt = prices["12M100L10-BG-0"]
    assert (bonogurt.purchase_price, bonogurt.recommended_price) == (Decimal("7.52"), Decimal("16.95"))
    assert bonogurt.tiers == (PriceTierInfo(5, Decimal("6.998400")),)
    assert bonogurt.units == (OtherUnitInfo("12M100L10-BG-0-H", 10, Decimal("70.000000"), Decimal("0.700000")),)
    assert prices["12M100L10-BN-20"].tiers == () and prices["12M100L10-BN-20"].units == ()
    bulk = prices["12M100L10-BN-20-H"]
    assert bulk.purchase_price == Decimal("22.95") and bulk.tiers == (PriceTierInfo(10, Decimal("21.50")),)
    assert bulk.units == ()
    assert prices["ACK100L10-AM-3"].purchase_price == Decimal("1234.56")
    assert prices["ACK100L10-AM-3"].tiers == () and prices["ACK100L10-AM-3"].units == ()


def test_xml_prices_as_documented():
    prices = {p.model: p for p in map(parse_prices, xml_items("xml_prices.xml", "PRICES", "PRODUCT"))}
    assert prices["ACK100L10-AM-3"].tiers == ()
    assert prices["ACK100L10-AM-3"].units == (
        OtherUnitInfo("ACK100L10-AM-3-H", 50, Decimal("300.000000"), Decimal("6.000000")),)
    assert prices["ACK100L10-AM-12-H"].tiers == (PriceTierInfo(10, Decimal("22.50")),
                                                 PriceTierInfo(20, Decimal("21.50")))
    assert prices["ACK100L10-AM-12-H"].units == ()


def test_bare_tier_and_unit_lists_without_their_wrapper_are_read_too():
    info = parse_prices({"PRODUCTS_MODEL": "M", "PRODUCTS_PRICE": "1,00",
                         "GRADUATED_PRICES": [{"QUANTITY": 20, "PRODUCTS_PRICE": "0,80"},
                                              {"QUANTITY": "10", "PRODUCTS_PRICE": "0,90"}],
                         "OTHER_UNITS": {"MODEL": "M-H", "PACKUNG": 10, "PRODUCTS_PRICE": "9,00"}})
    assert info.tiers == (PriceTierInfo(10, Decimal("0.90")), PriceTierInfo(20, Decimal("0.80")))
    assert info.units == (OtherUnitInfo("M-H", 10, Decimal("9.00"), None),)


def test_rest_products_normal_feed():
    bonogurt, banana = map(parse_product, rest_items("rest_products_normal.json", "PRODUCTS", "PRODUCT"))
    assert bonogurt.model == "12M100L10-BG-0" and bonogurt.master == "12M100L10-BG"
    assert bonogurt.ean == "0827152053568" and bonogurt.manufacturer == "Twelve Monkeys"
    assert bonogurt.category_path == "Liquids > Shortfills > Twelve Monkeys"
    assert bonogurt.image_urls == ("https://www.innocigs.com/media/b5/45/6d/1618387425/Bonogurt-60mL-Bottle.png",)
    assert bonogurt.attributes == (("Packung", "1er Packung"),)
    assert (bonogurt.vpe_content, bonogurt.vpe_unit) == (Decimal("50"), "ml")
    assert bonogurt.description is None and bonogurt.composition is None  # the normal feed has none
    assert bonogurt.prices.purchase_price == Decimal("7.52")
    assert bonogurt.prices.tiers == (PriceTierInfo(5, Decimal("6.998400")),)
    assert bonogurt.prices.units == (
        OtherUnitInfo("12M100L10-BG-0-H", 10, Decimal("70.000000"), Decimal("7.000000")),)
    assert banana.ean == "4260510021018"  # a number where a string belongs
    assert banana.category_path == "Liquids > Nikotinsalz > Twelve Monkeys"
    assert banana.image_urls == ("https://cdn.innocigs.com/bn.png", "https://cdn.innocigs.com/bn-2.png",
                                 "https://cdn.innocigs.com/bn-3.png")
    assert banana.attributes == (("Nikotinstärke", "20 mg/ml"), ("Packung", "10er Packung"))
    assert (banana.vpe_content, banana.vpe_unit) == (Decimal("10"), "ml")  # a list of one where one belongs
    assert banana.prices.tiers == () and banana.prices.units == ()


def test_xml_products_with_cdata_description_mixed_case_attributes_and_empty_elements():
    nautilus, sc = map(parse_product, xml_items("xml_products.xml", "PRODUCTS", "PRODUCT"))
    assert nautilus.image_urls == ("https://cdn.innocigs.com/nautilus.png", "https://cdn.innocigs.com/nautilus-2.png",
                                   "https://cdn.innocigs.com/nautilus-3.png")
    assert nautilus.description.startswith("Der Nautilus Clearomizer") and nautilus.description.endswith("</li>")
    assert nautilus.attributes == (("Farbe", "Blau"), ("Packung", "1er Packung"))
    assert nautilus.manual_url == "http://www.innocigs.com/nautilus.pdf"
    assert nautilus.vpe_content is None and nautilus.vpe_unit == ""
    assert nautilus.prices.purchase_price == Decimal("13.11") and nautilus.prices.tiers == ()
    assert sc.image_urls == ("https://cdn.innocigs.com/sc.png",) and sc.attributes == ()
    assert sc.parent_name == "America's Finest Tabak E-Zigaretten Liquid"
    assert (sc.vpe_content, sc.vpe_unit) == (Decimal("100"), "ml")


def test_rest_extended_product_with_cdata_wrapper_and_a_single_object_for_the_list():
    [product] = map(parse_product, rest_items("rest_product_extended.json", "PRODUCTS", "PRODUCT"))
    assert product.description.startswith("Das Shake & Vape Liquid Bonogurt")
    assert "**Inhaltsstoffe**" in product.description
    assert product.composition.startswith("Pflanzliches Glycerin")


def test_mixed_case_attribute_keys_are_one_attribute():
    product = parse_product({"MODEL": "M", "PRODUCTS_ATTRIBUTES": [{"PACKUNG": "1er"}, {"Packung": "1er"}]})
    assert product.attributes == (("Packung", "1er"),)


def test_backorders_in_both_shapes():
    assert [parse_backorder(i) for i in rest_items("rest_pending.json", "PENDINGS", "PRODUCT")] == [
        BackorderInfo("53-44", "AV100A10-SP-A", 20, "4260510026129", "in 1-10 Tagen lieferbar")]
    assert [b.model for b in map(parse_backorder, xml_items("xml_pending.xml", "PENDINGS", "PRODUCT"))] == [
        "GV100ZT-10", "GV100ZT-11"]


def test_an_item_without_a_model_is_malformed():
    with pytest.raises(PartnerResponseError, match="without PRODUCTS_MODEL"):
        parse_stock({"QUANTITY": 3})
    with pytest.raises(PartnerResponseError, match="without MODEL"):
        parse_product({"NAME": "x"})


def test_two_objects_where_one_belongs_is_malformed():
    with pytest.raises(PartnerResponseError, match=r"model M, field VPE"):
        parse_product({"MODEL": "M", "VPE": [{"CONTENT": 1}, {"CONTENT": 2}]})


def test_xml_attributes_become_attributes_leftovers_like_the_rest_json():
    root = parse_xml(b'<R><TRACKING carrier="DHL" tracking_code="0034"/><A x="1">t</A></R>')
    assert element_to_dict(root) == {"TRACKING": {"_attributes": {"carrier": "DHL", "tracking_code": "0034"},
                                                  "_text": ""}, "A": {"_attributes": {"x": "1"}, "_text": "t"}}
