"""The bulk writes store what the ORM stores, on either database (executemany on SQLite; UPDATE ... FROM (VALUES
...) and COPY on PostgreSQL): text with quotes and umlauts, JSON, decimals, moments, booleans and nulls."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backoffice.bulk import BATCH, db_value, insert_rows, update_rows
from suppliers.models import Product, StockSnapshot
from suppliers.services.common import insert_products

pytestmark = pytest.mark.django_db
FIELDS = ["name", "image_urls", "attributes", "vpe_content", "purchase_price", "active", "last_seen", "clp_infos",
          "stock_changed_at", "weight_grams"]


def stored(model):
    return Product.objects.values_list(*FIELDS).get(model=model)


def test_updates_store_what_the_orm_stores_and_touch_only_the_rows_named():
    moment = timezone.now().replace(microsecond=123456) - timedelta(days=3)
    values = ["O'Brien \"Bär\" 100%", ["https://x/1.jpg"], {"Farbe": "Rot", "Größe": "1"}, Decimal("12.500"),
              Decimal("7.5200"), False, moment, [["MSDS_CODES", "H302"]], None, 250]
    ids = insert_products({"A": {}, "B": {}, "C": {}})
    untouched = stored("C")
    assert update_rows(Product, FIELDS, [(*values, ids["A"])]) == 1
    Product.objects.filter(model="B").update(**dict(zip(FIELDS, values, strict=True)))
    assert stored("A") == stored("B") == tuple(values)
    assert stored("C") == untouched


def test_many_rows_in_several_batches_with_one_prepared_moment():
    ids = insert_products({f"M{i}": {} for i in range(BATCH + 5)})
    moment = timezone.now()
    prepared = db_value(Product, "stock_changed_at", moment)
    rows = [(i, f"status {i}", prepared, pk) for i, pk in enumerate(ids.values())]
    update_rows(Product, ["stock_quantity", "shipping_status", "stock_changed_at"], rows, prepared=True)
    found = set(Product.objects.values_list("stock_quantity", "shipping_status", "stock_changed_at", "id"))
    assert found == {(i, f"status {i}", moment, pk) for i, pk in enumerate(ids.values())}


def test_inserts_store_what_the_orm_stores():
    moment = timezone.now()
    ids = insert_products({"A": {"name": "Tab\there", "attributes": {"a": "ü"}, "vpe_content": Decimal("0.125"),
                                 "last_seen": moment, "active": False}})
    Product.objects.create(model="B", name="Tab\there", attributes={"a": "ü"}, vpe_content=Decimal("0.125"),
                           last_seen=moment, active=False, first_seen=Product.objects.get(model="A").first_seen)
    assert stored("A") == stored("B")
    rows = [(ids["A"], q, "Null \\N here", moment) for q in (0, -3)]
    assert insert_rows(StockSnapshot, ["product", "quantity", "shipping_status", "taken_at"], rows) == 2
    assert list(StockSnapshot.objects.order_by("quantity").values_list("product__model", "quantity",
                                                                       "shipping_status", "taken_at")) == [
        ("A", -3, "Null \\N here", moment), ("A", 0, "Null \\N here", moment)]
