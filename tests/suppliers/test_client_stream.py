"""The REST full feeds read while they stream in: items before the end of the body, the ERRORS block wherever it
stands, the shapes the whole-document reader took, and what a body that is not a feed raises."""

import io
import json
from decimal import Decimal

import pytest
import responses

from backoffice.errors import PartnerAuthError, PartnerResponseError, PartnerUnavailable
from suppliers.innocigs.parse import ProductInfo, StockLevel
from suppliers.models import Product, StockSnapshot, SyncRun
from suppliers.services import products_apply, products_sync, stock_sync

from .conftest import REST, client

pytestmark = pytest.mark.django_db


class Body(io.RawIOBase):
    """A reply body handed out a little at a time, recording how much of it was read; `then` is raised after the
    last byte (a connection that breaks before the reply is complete)."""

    def __init__(self, data, *, piece=4096, then=None):
        self.data, self.piece, self.then, self.position = data, piece, then, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.position >= len(self.data):
            if self.then:
                raise self.then
            return 0
        size = min(len(buffer), self.piece, len(self.data) - self.position)
        buffer[:size] = self.data[self.position:self.position + size]
        self.position += size
        return size


def serve(mock, body, path="quantity_all"):
    mock.add(responses.GET, f"{REST}/{path}", body=io.BufferedReader(body, buffer_size=4096),
             content_type="application/json", auto_calculate_content_length=False)


def stock_items(count):
    return [{"PRODUCTS_MODEL": f"M{n}", "QUANTITY": n, "SHIPPING_STATUS": "Sofort lieferbar"} for n in range(count)]


def test_the_first_item_comes_before_the_body_was_read(innocigs):
    data = json.dumps({"QUANTITIES": {"PRODUCT": stock_items(20_000)}}).encode()
    body = Body(data)
    serve(innocigs, body)
    levels = client("rest").stock_all()
    first = next(levels)
    read_at_first = body.position
    rest = list(levels)
    assert first == StockLevel("M0", 0, "Sofort lieferbar")
    assert read_at_first < len(data) / 4 and len(rest) == 19_999 and body.position == len(data)


ERRORS = '"ERRORS": {"ERROR": [{"CODE": 10000, "MESSAGE": "Login fehlgeschlagen"}]}'


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_errors_block_before_or_after_the_items_is_its_typed_error(innocigs, where):
    block = '"QUANTITIES": {"PRODUCT": [{"PRODUCTS_MODEL": "M", "QUANTITY": 1}]}'
    parts = [ERRORS, block] if where == "before" else [block, ERRORS]
    innocigs.get(f"{REST}/quantity_all", body="{" + ", ".join(parts) + "}")
    levels = client("rest").stock_all()
    if where == "after":  # the item came before the block did
        assert next(levels).model == "M"
    with pytest.raises(PartnerAuthError) as caught:
        next(levels)
    assert caught.value.code == "10000"


def test_items_read_before_a_late_errors_block_are_not_applied(innocigs):
    products_apply(products=[ProductInfo(model="A", name="A")])
    Product.objects.filter(model="A").update(stock_quantity=5)
    innocigs.get(f"{REST}/quantity_all", body='{"QUANTITIES": {"PRODUCT": [{"PRODUCTS_MODEL": "A", "QUANTITY": 1}, '
                                             '{"PRODUCTS_MODEL": "B", "QUANTITY": 2}]}, ' + ERRORS + "}")
    innocigs.get(f"{REST}/products/normal", body='{"PRODUCTS": {"PRODUCT": [{"MODEL": "A", "NAME": "Renamed"}, '
                                                '{"MODEL": "C", "NAME": "C"}]}, ' + ERRORS + "}")
    with pytest.raises(PartnerAuthError):
        stock_sync(actor="test", client=client("rest"))
    with pytest.raises(PartnerAuthError):
        products_sync(actor="test", client=client("rest"))
    assert list(Product.objects.values_list("model", "name", "stock_quantity")) == [("A", "A", 5)]
    assert StockSnapshot.objects.count() == 0
    assert list(SyncRun.objects.values_list("status", flat=True)) == [SyncRun.Status.FAILED] * 2


def test_a_reply_cut_off_mid_feed_is_unavailable_not_an_empty_catalogue(innocigs):
    data = json.dumps({"QUANTITIES": {"PRODUCT": stock_items(2_000)}}).encode()
    serve(innocigs, Body(data[: len(data) // 2], then=ConnectionResetError(104, "Connection reset by peer")))
    with pytest.raises(PartnerUnavailable, match="cut off"):
        list(client("rest").stock_all())


def test_a_body_that_stops_short_is_malformed(innocigs):
    data = json.dumps({"QUANTITIES": {"PRODUCT": stock_items(50)}}).encode()
    innocigs.get(f"{REST}/quantity_all", body=data[:-20])
    with pytest.raises(PartnerResponseError, match="Expected JSON from innocigs") as caught:
        list(client("rest").stock_all())
    assert caught.value.code == "malformed_reply" and '{"QUANTITIES"' in caught.value.message


@pytest.mark.parametrize("body, shown", [
    (b"<html><body>Wartungsarbeiten</body></html>", "'<html><body>Wartungsarbeiten</body></html>'"),
    (b"", "'an empty body'"), (b"  \n", "'an empty body'"), (b"{not json", "'{not json'"),
    (b'{"QUANTITIES": {"PRODUCT": []}} trailing', "'{\"QUANTITIES\": {\"PRODUCT\": []}} trailing'"),
    (b'{"QUANTITIES": "\xff"}', "'{\"QUANTITIES\": \"\ufffd\"}'"),
])
def test_a_body_that_is_not_json_says_what_came(innocigs, body, shown):
    innocigs.get(f"{REST}/quantity_all", body=body)
    with pytest.raises(PartnerResponseError) as caught:
        list(client("rest").stock_all())
    assert caught.value.message == f"Expected JSON from innocigs (HTTP 200) but got: {shown}"
    assert caught.value.code == "malformed_reply"


@pytest.mark.parametrize("body", [b"[]", b'"text"', b"42", b"null"])
def test_json_that_is_not_an_object_is_malformed(innocigs, body):
    innocigs.get(f"{REST}/quantity_all", body=body)
    with pytest.raises(PartnerResponseError, match="unexpected shape"):
        list(client("rest").stock_all())


@pytest.mark.parametrize("doc, models", [
    ({"QUANTITIES": {"PRODUCT": {"PRODUCTS_MODEL": "ONE", "QUANTITY": 1}}}, ["ONE"]),  # one item, not a list
    ({"quantities": {"product": [{"PRODUCTS_MODEL": "A", "QUANTITY": 1}]}}, ["A"]),  # keys in another case
    ({"QUANTITIES": [{"PRODUCT": [{"PRODUCTS_MODEL": "A", "QUANTITY": 1}]}, "x",
                     {"PRODUCT": {"PRODUCTS_MODEL": "B", "QUANTITY": 2}}]}, ["A", "B"]),  # a list of blocks
    ({"OTHER": {"PRODUCT": [{"PRODUCTS_MODEL": "X", "QUANTITY": 1}]}, "X": [[{}]],
      "QUANTITIES": {"NOTE": {"PRODUCT": "nested"}, "PRODUCT": [None, "", {}, {"PRODUCTS_MODEL": "A", "QUANTITY": 1}]}},
     ["A"]),  # other keys passed over, empty entries dropped
    ({"QUANTITIES": {"PRODUCT": [{"PRODUCTS_MODEL": "A", "QUANTITY": 1}]}, "ERRORS": ""}, ["A"]),  # no errors
])
def test_the_shapes_the_whole_document_reader_took(innocigs, doc, models):
    innocigs.get(f"{REST}/quantity_all", body=json.dumps(doc))
    assert [level.model for level in client("rest").stock_all()] == models


def test_a_reply_with_two_blocks_is_malformed_not_one_of_them(innocigs):
    innocigs.get(f"{REST}/quantity_all", body='{"QUANTITIES": {"PRODUCT": []}, "quantities": {"PRODUCT": []}}')
    with pytest.raises(PartnerResponseError, match="more than one QUANTITIES block"):
        list(client("rest").stock_all())


def test_a_feed_nested_beyond_any_catalogue_is_malformed(innocigs):
    deep = "[" * 5_000 + "]" * 5_000
    innocigs.get(f"{REST}/quantity_all", body='{"QUANTITIES": {"PRODUCT": [' + deep + "]}}")
    with pytest.raises(PartnerResponseError, match="nested deeper"):
        list(client("rest").stock_all())


def test_numbers_are_exact_and_a_byte_order_mark_is_read_past(innocigs):
    body = b'\xef\xbb\xbf{"PRICES": {"PRODUCT": [{"PRODUCTS_MODEL": "M", "PRODUCTS_PRICE": 7.520, ' \
           b'"PRODUCTS_PRICE_RECOMMENDED": 1.695E1}]}}'
    innocigs.get(f"{REST}/prices", body=body)
    [price] = client("rest").prices_all()
    assert price.purchase_price == Decimal("7.520") and price.recommended_price == Decimal("16.95")
