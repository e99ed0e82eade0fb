"""The catalogue sync applies a feed larger than one page as it applies a small one: the same rows, counts,
prices and gone products, and a model listed twice counts as its last listing."""

from decimal import Decimal

import pytest

from suppliers.innocigs.parse import PriceInfo, PriceTierInfo, ProductInfo
from suppliers.models import PriceTier, Product, StockSnapshot
from suppliers.services import products_apply
from suppliers.services.products import PAGE

pytestmark = pytest.mark.django_db
SIZE = 2 * PAGE + 17


def info(i, name="Name", price="1.50"):
    prices = PriceInfo(f"M{i}", Decimal(price), None, (PriceTierInfo(10, Decimal("1.20")),))
    return ProductInfo(model=f"M{i}", name=f"{name} {i}", prices=prices)


def test_a_feed_of_several_batches_creates_updates_and_marks_gone_like_one():
    counts = products_apply(products=[info(i) for i in range(SIZE)] + [info(3, name="Listed twice")])
    assert (counts.created, counts.updated, counts.unchanged, counts.deactivated) == (SIZE, 0, 0, 0)
    assert Product.objects.get(model="M3").name == "Listed twice 3"
    assert PriceTier.objects.count() == SIZE
    Product.objects.filter(model="M0").update(stock_quantity=4, shipping_status="Sofort lieferbar")
    feed = [info(i, price="2.00" if i % 100 == 0 else "1.50") for i in range(1, SIZE + 5)]
    feed[2] = info(3, name="Listed twice")
    counts = products_apply(products=feed)
    changed = len(range(100, SIZE, 100))
    assert (counts.created, counts.updated, counts.unchanged, counts.deactivated) == (5, changed, SIZE - 1 - changed, 1)
    gone = Product.objects.get(model="M0")
    assert (gone.active, gone.stock_quantity) == (False, 0)
    assert list(StockSnapshot.objects.values_list("product__model", "quantity")) == [("M0", 0)]
    assert Product.objects.get(model="M100").purchase_price == Decimal("2.0000")
    assert Product.objects.filter(active=True).count() == SIZE + 4
