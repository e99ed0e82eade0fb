"""Values no column can hold are refused by the parser with the model and field named, before any write."""

import pytest

from suppliers.innocigs.parse import Malformed, parse_stock


@pytest.mark.parametrize(("item", "field"), [
    ({"PRODUCTS_MODEL": "M" * 300, "QUANTITY": 1}, "PRODUCTS_MODEL"),
    ({"PRODUCTS_MODEL": "M1", "QUANTITY": 10**30}, "QUANTITY"),
    ({"PRODUCTS_MODEL": "M1", "QUANTITY": "99999999999"}, "QUANTITY"),
])
def test_out_of_range_stock_items_are_malformed(item, field):
    with pytest.raises(Malformed) as raised:
        parse_stock(item)
    assert raised.value.field == field


def test_a_long_shipping_status_is_cut_to_what_the_product_keeps():
    level = parse_stock({"PRODUCTS_MODEL": "M1", "QUANTITY": "7", "SHIPPING_STATUS": "Sofort lieferbar " * 20})
    assert (level.quantity, len(level.shipping_status)) == (7, 120)
