"""The catalogue client over both APIs, with HTTP stubbed: typed results, unknown models, errors, test mode."""

import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from backoffice.errors import PartnerAuthError, PartnerResponseError, PartnerUnavailable
from suppliers.innocigs.parse import BackorderInfo, StockLevel

from .conftest import REST, XML, client, fixture, stub

pytestmark = pytest.mark.django_db

ERROR_XML = b"<INNOCIGS_API_RESPONSE><ERRORS><ERROR><CODE>%s</CODE><MESSAGE>%s</MESSAGE></ERROR></ERRORS>" \
            b"</INNOCIGS_API_RESPONSE>"


def error_body(api, code, message):
    if api == "rest":
        return json.dumps({"ERRORS": {"ERROR": [{"CODE": int(code), "MESSAGE": message}]}})
    return ERROR_XML % (code.encode(), message.encode())


def test_stock_of_one_model(innocigs, api):
    body = (json.dumps({"QUANTITIES": {"PRODUCT": [{"PRODUCTS_MODEL": "12M100L10-BG-0", "QUANTITY": 220,
                                                    "SHIPPING_STATUS": "Sofort lieferbar"}]}})
            if api == "rest" else
            b"<INNOCIGS_API_RESPONSE><QUANTITIES><PRODUCT><PRODUCTS_MODEL>12M100L10-BG-0</PRODUCTS_MODEL>"
            b"<QUANTITY>220</QUANTITY></PRODUCT></QUANTITIES></INNOCIGS_API_RESPONSE>")
    stub(innocigs, api, rest_path="quantity/12M100L10-BG-0", command="quantity", body=body)
    level = client(api).stock("12M100L10-BG-0")
    assert level.model == "12M100L10-BG-0" and level.quantity == 220
    request = innocigs.calls[0].request
    if api == "rest":
        assert request.headers["Auth"] == "12345:stub-password" and "modus" not in request.headers
    else:
        form = parse_qs(request.body)
        assert form["command"] == ["quantity"] and form["model"] == ["12M100L10-BG-0"]
        assert form["cid"] == ["12345"] and form["auth"] == ["stub-password"] and "modus" not in form
        assert "stub-password" not in request.url  # credentials in the POST body, never in the URL


@pytest.mark.parametrize("reply", ["30003", "30006", "empty"])
def test_an_unknown_model_is_reported_as_unknown(innocigs, api, reply):
    if reply == "empty":
        body = json.dumps({"QUANTITIES": ""}) if api == "rest" else b"<INNOCIGS_API_RESPONSE><QUANTITIES/>" \
                                                                     b"</INNOCIGS_API_RESPONSE>"
    else:
        body = error_body(api, reply, "Produkt unbekannt")
    stub(innocigs, api, rest_path="quantity/NOPE", command="quantity", body=body)
    assert client(api).stock("NOPE") is None


def test_test_mode_is_a_header_for_rest_and_in_the_url_and_body_for_xml(innocigs, api):
    body = json.dumps({"PRICES": ""}) if api == "rest" else b"<INNOCIGS_API_RESPONSE><PRICES/></INNOCIGS_API_RESPONSE>"
    stub(innocigs, api, rest_path="price/X", command="price", body=body)
    assert client(api, test_mode=True).price("X") is None
    request = innocigs.calls[0].request
    if api == "rest":
        assert request.headers["modus"] == "test"
    else:
        assert parse_qs(urlsplit(request.url).query) == {"modus": ["test"]}
        assert parse_qs(request.body)["modus"] == ["test"]


@pytest.mark.parametrize("code, kind, retryable", [("10000", PartnerAuthError, False),
                                                   ("50003", PartnerAuthError, False),
                                                   ("50001", PartnerUnavailable, True)])
def test_an_errors_block_in_a_full_feed_is_a_typed_error(innocigs, api, code, kind, retryable):
    stub(innocigs, api, rest_path="quantity_all", command="quantity_all", body=error_body(api, code, "Fehler"))
    with pytest.raises(kind) as caught:
        list(client(api).stock_all())
    assert caught.value.code == code and caught.value.retryable is retryable


def test_full_stock_feed(innocigs, api):
    name = "rest_quantity_all.json" if api == "rest" else "xml_quantity_all.xml"
    stub(innocigs, api, rest_path="quantity_all", command="quantity_all", body=fixture(name))
    levels = list(client(api).stock_all())
    assert len(levels) == 4 and all(isinstance(level, StockLevel) for level in levels)


def test_a_reply_without_its_block_is_malformed_not_an_empty_catalogue(innocigs, api):
    body = json.dumps({"SOMETHING": {}}) if api == "rest" else b"<INNOCIGS_API_RESPONSE><X/></INNOCIGS_API_RESPONSE>"
    stub(innocigs, api, rest_path="quantity_all", command="quantity_all", body=body)
    with pytest.raises(PartnerResponseError, match="QUANTITIES"):
        list(client(api).stock_all())


@pytest.mark.parametrize("body", [b"<html><body>Gateway</body>", b"", b"{not json"])
def test_a_reply_that_is_not_the_format_is_malformed(innocigs, api, body):
    stub(innocigs, api, rest_path="quantity_all", command="quantity_all", body=body)
    with pytest.raises(PartnerResponseError):
        list(client(api).stock_all())


def test_a_cut_off_xml_feed_is_malformed(innocigs):
    stub(innocigs, "xml", rest_path="", command="quantity_all", body=fixture("xml_quantity_all.xml")[:400])
    with pytest.raises(PartnerResponseError, match="not well-formed"):
        list(client("xml").stock_all())


def test_prices_and_products_and_pending(innocigs, api):
    suffix = "json" if api == "rest" else "xml"
    stub(innocigs, api, rest_path="prices", command="prices", body=fixture(f"{api}_prices.{suffix}"))
    prices = list(client(api).prices_all())
    assert [p.model for p in prices][:1] in (["12M100L10-BG-0"], ["ACK100L10-AM-3"])
    products_fixture = "rest_products_normal.json" if api == "rest" else "xml_products.xml"
    stub(innocigs, api, rest_path="products/extended", command="products", body=fixture(products_fixture))
    products = list(client(api).products(extended=True))
    assert len(products) == 2
    if api == "xml":
        assert parse_qs(innocigs.calls[-1].request.body)["type"] == ["extended"]
    stub(innocigs, api, rest_path="pending", command="pending", body=fixture(f"{api}_pending.{suffix}"))
    pending = client(api).pending()
    assert all(isinstance(p, BackorderInfo) for p in pending) and pending


def test_rest_feed_reads_floats_exactly(innocigs):
    body = b'{"PRICES": {"PRODUCT": {"PRODUCTS_MODEL": "M", "PRODUCTS_PRICE": 0.1, "PRODUCTS_PRICE_RECOMMENDED": ' \
           b'16.950000000000000001}}}'
    innocigs.get(f"{REST}/prices", body=body)
    [price] = client("rest").prices_all()
    assert price.purchase_price == Decimal("0.1")
    assert price.recommended_price == Decimal("16.950000000000000001")


def test_one_product_with_its_description(innocigs):
    innocigs.get(f"{REST}/product/12M100L10-BG-0", body=fixture("rest_product_extended.json"))
    product = client("rest").product("12M100L10-BG-0")
    assert product.description.startswith("Das Shake & Vape") and product.prices.purchase_price == Decimal("7.52")


def test_a_reply_about_another_model_means_unknown(innocigs):
    innocigs.post(XML, body=b"<INNOCIGS_API_RESPONSE><QUANTITIES><PRODUCT><PRODUCTS_MODEL>OTHER</PRODUCTS_MODEL>"
                            b"<QUANTITY>3</QUANTITY></PRODUCT></QUANTITIES></INNOCIGS_API_RESPONSE>")
    assert client("xml").stock("ASKED") is None
