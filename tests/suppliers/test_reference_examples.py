"""Contract tests: every example reply of the catalogue commands in the InnoCigs reference
(innocigs-dropship-api-2022-04-28.md), read by our client into the result the reference means.

The fixtures in fixtures/reference/ are the reference's examples, copied line for line; fixtures/reference/
README.md names each one's lines and the few repairs a broken example needed. Each test also checks that the
request we send is the documented one. Where ours legitimately differs, the test says so:
- the XML API is called with POST parameters, which "API-Authentifizierung" allows ("entweder als GET oder
  Post-Parameter"), so credentials never appear in a URL;
- "Produkte und EANS abfragen" shows the old xmlapi/api.php; we call apiv2.php, as the same section recommends.
"""

from decimal import Decimal
from urllib.parse import parse_qsl

import pytest

from backoffice.errors import PartnerError
from suppliers.innocigs.client import InnocigsClient
from suppliers.innocigs.parse import OtherUnitInfo, PriceInfo, PriceTierInfo, StockLevel, element_to_dict, parse_product

from .conftest import FIXTURES, REST, XML

pytestmark = pytest.mark.django_db
REFERENCE = FIXTURES / "reference"
READY, LATER = "Sofort lieferbar", "in 1-10 Tagen lieferbar"
D = Decimal


def reply(mock, api, fixture, rest_path):
    body = (REFERENCE / fixture).read_bytes()
    if api == "rest":
        mock.get(f"{REST}/{rest_path}", body=body, content_type="application/json")
    else:
        mock.post(XML, body=body, content_type="text/xml; charset=utf-8")
    return InnocigsClient.from_settings(api=api)


def sent_xml_params(mock):
    return dict(parse_qsl(mock.calls[0].request.body))


def documented(query, **values):
    """The reference's query string with its placeholders filled in (our credentials, the asked model)."""
    filled = query.replace("[Kundennummer]", "12345").replace("[API-PASSWORT]", "stub-password")
    for placeholder, value in values.items():
        filled = filled.replace(f"[{placeholder}]", value)
    return dict(parse_qsl(filled))


# --- stock ----------------------------------------------------------------------------------------------------

def test_quantity_of_one_model(innocigs):
    # "Bestand eines Artikels abfragen", Rückgabe XML-Api: no SHIPPING_STATUS in this example.
    assert reply(innocigs, "xml", "quantity.xml", "").stock("IC10000AIO-10") == StockLevel("IC10000AIO-10", 155)
    assert sent_xml_params(innocigs) == documented(
        "cid=[Kundennummer]&auth=[API-PASSWORT]&command=quantity&model=[ARTIKELNUMMER]",
        ARTIKELNUMMER="IC10000AIO-10")


def test_quantity_of_one_model_rest(innocigs):
    client = reply(innocigs, "rest", "quantity.json", "quantity/12M100L10-BG-0")
    assert client.stock("12M100L10-BG-0") == StockLevel("12M100L10-BG-0", 220, READY)
    assert innocigs.calls[0].request.headers["Auth"] == "12345:stub-password"  # "cid:passwort"


def test_all_quantities(innocigs):
    levels = list(reply(innocigs, "xml", "quantity_all.xml", "").stock_all())
    assert levels == [StockLevel("12M100L10-HB-0", 44, READY), StockLevel("12M100L10-HB-3", 0, READY),
                      StockLevel("12M100L10-HB-6", 66, READY), StockLevel("A-2216-001", 131, READY)]
    assert sent_xml_params(innocigs) == documented("cid=[Kundennummer]&auth=[API-PASSWORT]&command=quantity_all")


def test_all_quantities_rest(innocigs):
    levels = list(reply(innocigs, "rest", "quantity_all.json", "quantity_all").stock_all())
    assert levels == [StockLevel("12M100L10-BG-0", 220, READY), StockLevel("12M100L10-BN-20", 114, READY),
                      StockLevel("12M100L10-BN-20-H", 11, READY)]


# --- prices ---------------------------------------------------------------------------------------------------

AM12H = PriceInfo("ACK100L10-AM-12-H", D("23.63"), D("49.58"),
                  (PriceTierInfo(10, D("22.50")), PriceTierInfo(20, D("21.50"))))
BG0 = PriceInfo("12M100L10-BG-0", D("7.52"), D("16.95"), (PriceTierInfo(5, D("6.998400")),),
                (OtherUnitInfo("12M100L10-BG-0-H", 10, D("70.000000"), D("0.700000")),))


def test_price_of_one_model(innocigs):
    assert reply(innocigs, "xml", "price.xml", "").price("ACK100L10-AM-12-H") == AM12H
    assert sent_xml_params(innocigs) == documented(
        "cid=[Kundennummer]&auth=[API-PASSWORT]&command=price&model=[ARTIKELNUMMER]",
        ARTIKELNUMMER="ACK100L10-AM-12-H")


def test_price_of_one_model_rest(innocigs):
    assert reply(innocigs, "rest", "price.json", "price/12M100L10-BG-0").price("12M100L10-BG-0") == BG0


def test_all_prices(innocigs):
    prices = list(reply(innocigs, "xml", "prices.xml", "").prices_all())
    assert prices == [
        PriceInfo("ACK100L10-AM-3", D("2.36"), D("4.96"), (),
                  (OtherUnitInfo("ACK100L10-AM-3-H", 50, D("300.000000"), D("6.000000")),)),
        PriceInfo("ACK100L10-AM-3-H", D("23.63"), D("49.58"),
                  (PriceTierInfo(10, D("22.50")), PriceTierInfo(20, D("21.50")))),
    ]
    assert sent_xml_params(innocigs) == documented("cid=[Kundennummer]&auth=[API-PASSWORT]&command=prices")


def test_all_prices_rest(innocigs):
    prices = list(reply(innocigs, "rest", "prices.json", "prices").prices_all())
    assert prices == [BG0, PriceInfo("12M100L10-BN-20", D("2.30"), D("5.90")),
                      PriceInfo("12M100L10-BN-20-H", D("22.95"), D("59.00"))]


# --- products -------------------------------------------------------------------------------------------------

def test_the_product_list(innocigs):
    nautilus, finest = reply(innocigs, "xml", "products.xml", "").products()
    assert (nautilus.model, nautilus.master, nautilus.ean, nautilus.name, nautilus.category_path,
            nautilus.manufacturer, nautilus.manual_url) == (
        "AS10000A1", "AS10000NAUT", "4313042776687", "Aspire Nautilus Clearomizer Set", "Zubehör", "Aspire",
        "http://www.innocigs.com/(...)")
    # Both additional images read "https://cdn.innocigs.com(...)" in the example: one URL, kept once.
    assert nautilus.image_urls == ("https://cdn.innocigs.com/(...)", "https://cdn.innocigs.com(...)")
    assert nautilus.prices == PriceInfo("AS10000A1", D("13.11"), D("29.95"))
    assert nautilus.clp_infos is None and nautilus.description is None  # neither block in this example
    assert (finest.model, finest.category_path, finest.parent_name, finest.attributes) == (
        "SC10000L10-AF-L-H", "Liquids > SC", "America's Finest Tabak E-Zigaretten Liquid", ())
    assert finest.prices == PriceInfo("SC10000L10-AF-L-H", D("8.50"), D("39.50"))
    # "type: normal=Ohne Produkt-Beschreibung"; our sync asks for the normal list unless told otherwise.
    assert sent_xml_params(innocigs) == {**documented("cid=[Kundennummer]&auth=[API-PASSWORT]&command=products"),
                                         "type": "normal"}


def test_the_product_list_rest(innocigs):
    [bonogurt] = reply(innocigs, "rest", "products.json", "products/normal").products()
    assert (bonogurt.model, bonogurt.master, bonogurt.ean, bonogurt.category_path) == (
        "12M100L10-BG-0", "12M100L10-BG", "0827152053568", "Liquids > Shortfills > Twelve Monkeys")
    assert bonogurt.clp_infos == ()  # "CLP_INFOS": {}
    assert bonogurt.description.startswith("Das Shake & Vape Liquid Bonogurt von Twelve Monkeys")
    assert bonogurt.composition == "Pflanzliches Glycerin, Propylenglykol, Natürliche und künstliche Aromastoffe"
    assert bonogurt.attributes == (("Packung", "1er Packung"),)
    assert (bonogurt.vpe_content, bonogurt.vpe_unit) == (D("50"), "ml")
    assert bonogurt.image_urls == ("https://www.innocigs.com/media/b5/45/6d/1618387425/Bonogurt-60mL-Bottle.png",)
    assert bonogurt.prices == PriceInfo("12M100L10-BG-0", D("7.52"), D("16.95"), (PriceTierInfo(5, D("6.998400")),),
                                        (OtherUnitInfo("AS10000A1-H", 50, D("300.000000"), D("6.000000")),))


def test_one_product_extended(innocigs):
    nautilus = reply(innocigs, "xml", "product.xml", "").product("AS10000A1")
    assert nautilus.description.startswith("Der Nautilus Clearomizer wird zusammen mit 2 Heads")
    assert "<li>1x Nautilus Tank</li>" in nautilus.description  # kept as sent; the admin shows it as text
    assert nautilus.attributes == (("Farbe", "Blau"),)
    assert nautilus.category_path == ""  # this example has no CATEGORY
    assert sent_xml_params(innocigs) == documented(
        "cid=[Kundennummer]&auth=[API-PASSWORT]&command=product&model=[Artikelnummer]", Artikelnummer="AS10000A1")


def test_one_product_extended_rest(innocigs):
    bonogurt = reply(innocigs, "rest", "product.json", "product/12M100L10-BG-0").product("12M100L10-BG-0")
    assert bonogurt.clp_infos == ()  # both keys null
    assert bonogurt.description.startswith("Das Shake & Vape Liquid Bonogurt")
    assert bonogurt.description.endswith("**Inhaltsstoffe**\nPflanzliches")  # where the example stops
    assert bonogurt.prices == PriceInfo("12M100L10-BG-0", D("7.52"), D("16.95"))


def test_products_by_master_items_read_as_products():
    # "Produktabfrage Master Produkte (Nur REST API)": the app does not call it; its items are the same product
    # entries, so our reader takes them too (CLP_INFOS here with EUH208_CONTENT, all null).
    import json

    data = json.loads((REFERENCE / "products_by_master.json").read_text(encoding="utf-8"))
    [item] = data["PRODUCTS-BY-MASTER"]["MASTER"]["12M100L10-BG"]["PRODUCTS"]
    product = parse_product(item)
    assert product.clp_infos == () and product.category_path == "Startseite B2B > Liquids > Shortfills > Twelve Monkeys"
    assert product.prices == PriceInfo("12M100L10-BG-0", D("7.51"), D("16.95"), (PriceTierInfo(10, D("7.210000")),),
                                       (OtherUnitInfo("12M100L10-BG-0-H", 10, D("70.000000"), None),))


def test_element_to_dict_keeps_the_xml_examples_shape():
    from backoffice.safexml import parse_xml

    root = parse_xml((REFERENCE / "price.xml").read_bytes())
    item = element_to_dict(root.find("PRICES/PRODUCT"))
    assert item["GRADUATED_PRICES"]["GRADUATED_PRICE"][1] == {"QUANTITY": "20", "PRODUCTS_PRICE": "21,50"}


# --- backorders and errors ------------------------------------------------------------------------------------

def test_pending(innocigs):
    items = reply(innocigs, "xml", "pending.xml", "").pending()
    assert [(i.orders_id, i.model, i.quantity, i.ean, i.shipping_status) for i in items] == [
        ("1898808", "GV100ZT-10", 1, "6974622800512", LATER), ("1898808", "GV100ZT-11", 1, "6974622800475", LATER)]
    assert sent_xml_params(innocigs) == documented("cid=[Kundennummer]&auth=[API-PASSWORT]&command=pending")


def test_pending_rest(innocigs):
    [item] = reply(innocigs, "rest", "pending.json", "pending").pending()
    assert (item.orders_id, item.model, item.quantity, item.ean, item.shipping_status) == (
        "53-44", "AV100A10-SP-A", 20, "4260510026129", LATER)


@pytest.mark.parametrize(("api", "fixture"), [("xml", "error.xml"), ("rest", "error.json")])
def test_the_error_reply(innocigs, api, fixture):
    # "Fehlermeldungen": 10000 Login fehlgeschlagen, the same block in both APIs.
    client = reply(innocigs, api, fixture, "quantity/IC10000AIO-10")
    with pytest.raises(PartnerError) as refused:
        client.stock("IC10000AIO-10")
    assert refused.value.code == "10000" and "Login fehlgeschlagen" in refused.value.message
    assert not refused.value.retryable
