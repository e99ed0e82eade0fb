"""The stock fast path reads every item as the general path does: the same StockLevel, or the same error."""

import pytest
from lxml import etree

from backoffice.errors import PartnerResponseError
from backoffice.storable import storable
from suppliers.innocigs.parse import element_to_dict, parse_stock
from suppliers.innocigs.parse_feed import stock_from_element

ITEMS = [
    "<PRODUCT><PRODUCTS_MODEL>SB050000-6</PRODUCTS_MODEL><QUANTITY>155</QUANTITY>"
    "<SHIPPING_STATUS>sofort lieferbar</SHIPPING_STATUS></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL> A1 </PRODUCTS_MODEL><QUANTITY> 7 </QUANTITY></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL><![CDATA[A2]]></PRODUCTS_MODEL><QUANTITY>3.0</QUANTITY><EAN>1</EAN></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL unit='x'>A3</PRODUCTS_MODEL><QUANTITY>-2</QUANTITY></PRODUCT>",
    "<PRODUCT><products_model>A4</products_model><quantity>1</quantity><shipping_status>x</shipping_status>"
    "</PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL>A5</PRODUCTS_MODEL><QUANTITY>1</QUANTITY><QUANTITY>2</QUANTITY></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL>A6</PRODUCTS_MODEL><QUANTITY><VALUE>4</VALUE></QUANTITY></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL>A7</PRODUCTS_MODEL><QUANTITY>1,5</QUANTITY></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL>A8</PRODUCTS_MODEL><QUANTITY></QUANTITY></PRODUCT>",
    "<PRODUCT><QUANTITY>1</QUANTITY></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL>A9</PRODUCTS_MODEL><QUANTITY>99999999999</QUANTITY></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL>B\u00e4r</PRODUCTS_MODEL><QUANTITY>1 234</QUANTITY>"
    f"<SHIPPING_STATUS>{'lang ' * 40}</SHIPPING_STATUS></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL>A10</PRODUCTS_MODEL><Quantity>5</Quantity><QUANTITY>6</QUANTITY></PRODUCT>",
    "<PRODUCT><PRODUCTS_MODEL>A11</PRODUCTS_MODEL><QUANTITY>5</QUANTITY><SHIPPING_STATUS/></PRODUCT>",
]


def _outcome(read, item):
    try:
        return read(etree.fromstring(item))
    except PartnerResponseError as exc:
        return ("error", str(exc), exc.field)


@pytest.mark.parametrize("item", ITEMS)
def test_the_fast_stock_reader_gives_what_the_general_one_gives(item):
    general = _outcome(lambda element: parse_stock(element_to_dict(element)), item)
    assert _outcome(stock_from_element, item) == general


def test_the_fast_reader_reads_the_plain_item_and_refuses_a_bad_quantity_by_name():
    level = stock_from_element(etree.fromstring(ITEMS[0]))
    assert (level.model, level.quantity, level.shipping_status) == ("SB050000-6", 155, "sofort lieferbar")
    with pytest.raises(PartnerResponseError, match="A7.*QUANTITY"):
        stock_from_element(etree.fromstring(ITEMS[7]))


@pytest.mark.parametrize("raw, kept", [
    ("plain", "plain"), ("a\x00b", "a\ufffdb"), ("Bär\x00", "Bär\ufffd"), ("x\ud800y", "x\ufffdy"), ("", ""),
])
def test_storable_replaces_nul_and_lone_surrogates_on_the_plain_path_and_the_other(raw, kept):
    assert storable(raw) == kept
