"""The sync services: what they create, update, leave and mark gone; snapshots only on change; one transaction;
one running sync per kind."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.errors import PartnerResponseError
from suppliers.innocigs.parse import BackorderInfo, PriceInfo, PriceTierInfo, ProductInfo, StockLevel
from suppliers.models import BackorderItem, PriceTier, Product, StockSnapshot, SyncRun
from suppliers.services import (
    SyncBusy,
    backorders_apply,
    prices_apply,
    products_apply,
    stock_apply,
    stock_sync,
)

from .conftest import REST, client

pytestmark = pytest.mark.django_db


def product(model, **fields):
    return ProductInfo(model=model, name=fields.pop("name", f"Name {model}"), **fields)


def snapshot_rows():
    return list(StockSnapshot.objects.order_by("id").values_list("product__model", "quantity", "shipping_status"))


def test_products_are_created_updated_left_alone_and_marked_gone_never_deleted():
    counts = products_apply(products=[product("A"), product("B"), product("C")])
    assert (counts.created, counts.updated, counts.unchanged, counts.deactivated) == (3, 0, 0, 0)
    Product.objects.filter(model="C").update(stock_quantity=7, shipping_status="Sofort lieferbar")
    counts = products_apply(products=[product("A"), product("B", name="Renamed"), product("D")])
    assert (counts.created, counts.updated, counts.unchanged, counts.deactivated) == (1, 1, 1, 1)
    gone = Product.objects.get(model="C")
    assert not gone.active and gone.stock_quantity == 0
    assert snapshot_rows() == [("C", 0, "")]
    assert Product.objects.get(model="B").name == "Renamed"
    assert Product.objects.count() == 4
    counts = products_apply(products=[product("A"), product("B", name="Renamed"), product("C"), product("D")])
    assert (counts.created, counts.updated, counts.unchanged, counts.deactivated) == (0, 1, 3, 0)  # C is back
    assert Product.objects.get(model="C").active


def test_a_normal_sync_keeps_the_description_of_the_extended_one():
    products_apply(products=[product("A", description="Lang", composition="Glycerin")])
    counts = products_apply(products=[product("A")])  # the normal feed: no description at all
    assert counts.unchanged == 1
    assert Product.objects.values_list("description", "composition").get() == ("Lang", "Glycerin")


def test_catalogue_prices_tiers_and_units_are_stored_and_compared_exactly():
    prices = PriceInfo("A", Decimal("7.52"), Decimal("16.95"), (PriceTierInfo(5, Decimal("6.998400")),))
    products_apply(products=[product("A", prices=prices)])
    a = Product.objects.get()
    assert (a.purchase_price, a.recommended_price) == (Decimal("7.52"), Decimal("16.95"))
    assert list(a.price_tiers.values_list("min_quantity", "price")) == [(5, Decimal("6.9984"))]
    assert products_apply(products=[product("A", prices=prices)]).unchanged == 1


def test_stock_snapshots_only_when_quantity_or_status_changed():
    products_apply(products=[product("A"), product("B"), product("C")])
    counts = stock_apply(levels=[StockLevel("A", 5, "Sofort lieferbar"), StockLevel("B", 0, ""),
                                 StockLevel("C", 2, "Sofort lieferbar")], full=True)
    assert (counts.updated, counts.unchanged) == (2, 1)  # B was 0 and "" already
    assert snapshot_rows() == [("A", 5, "Sofort lieferbar"), ("C", 2, "Sofort lieferbar")]
    counts = stock_apply(levels=[StockLevel("A", 5, "Sofort lieferbar"), StockLevel("B", 0, ""),
                                 StockLevel("C", 2, "in 1-10 Tagen lieferbar")], full=True)
    assert (counts.updated, counts.unchanged) == (1, 2)
    assert snapshot_rows()[-1] == ("C", 2, "in 1-10 Tagen lieferbar") and len(snapshot_rows()) == 3
    c = Product.objects.get(model="C")
    assert c.stock_changed_at is not None and c.shipping_status == "in 1-10 Tagen lieferbar"


def test_the_full_stock_feed_creates_new_models_and_marks_missing_ones_gone():
    products_apply(products=[product("A"), product("B")])
    stock_apply(levels=[StockLevel("A", 5, "x"), StockLevel("B", 3, "x")], full=True)
    counts = stock_apply(levels=[StockLevel("A", 5, "x"), StockLevel("NEW", 9, "x")], full=True)
    assert (counts.created, counts.unchanged, counts.deactivated) == (1, 1, 1)
    assert Product.objects.filter(model="B", active=False, stock_quantity=0).exists()
    assert Product.objects.get(model="NEW").stock_quantity == 9
    assert snapshot_rows()[-2:] == [("B", 0, ""), ("NEW", 9, "x")]


def test_an_empty_full_feed_changes_nothing():
    products_apply(products=[product("A")])
    stock_apply(levels=[StockLevel("A", 5, "x")], full=True)
    with pytest.raises(PartnerResponseError, match="empty stock list"):
        stock_apply(levels=[], full=True)
    assert Product.objects.get().active and Product.objects.get().stock_quantity == 5


def test_writes_are_batched_not_one_query_per_product():
    products_apply(products=[product(f"M{i}") for i in range(300)])
    with CaptureQueriesContext(connection) as queries:
        stock_apply(levels=[StockLevel(f"M{i}", i, "x") for i in range(300)], full=True)
    assert len(queries) < 15


def test_prices_skip_models_not_in_the_catalogue_and_replace_changed_tiers():
    products_apply(products=[product("A")])
    counts = prices_apply(prices=[PriceInfo("A", Decimal("2.30"), Decimal("5.90"), (PriceTierInfo(10, Decimal("2")),)),
                                  PriceInfo("ZZZ", Decimal("1"), None)], full=True)
    assert (counts.updated, counts.skipped) == (1, 1) and "ZZZ" in counts.notes[0]
    counts = prices_apply(prices=[PriceInfo("A", Decimal("2.30"), Decimal("5.90"), (PriceTierInfo(20, Decimal("2")),))],
                          full=True)
    assert counts.updated == 1
    assert list(PriceTier.objects.values_list("min_quantity", flat=True)) == [20]
    same = PriceInfo("A", Decimal("2.3000"), Decimal("5.9"), (PriceTierInfo(20, Decimal("2")),))
    counts = prices_apply(prices=[same], full=True)
    assert counts.unchanged == 1


def test_backorders_mirror_the_feed_and_keep_resolved_items():
    products_apply(products=[product("AV100A10-SP-A")])
    counts = backorders_apply(items=[BackorderInfo("53-44", "AV100A10-SP-A", 20, "4260510026129", "in 1-10 Tagen"),
                                     BackorderInfo("1898808", "GV100ZT-10", 1)])
    assert counts.created == 2
    item = BackorderItem.objects.get(model="AV100A10-SP-A")
    assert item.product.model == "AV100A10-SP-A" and item.quantity == 20
    counts = backorders_apply(items=[BackorderInfo("53-44", "AV100A10-SP-A", 15, "4260510026129", "in 1-10 Tagen")])
    assert (counts.updated, counts.deactivated) == (1, 1)
    assert BackorderItem.objects.get(model="GV100ZT-10").resolved_at is not None
    counts = backorders_apply(items=[BackorderInfo("53-44", "AV100A10-SP-A", 15, "4260510026129", "in 1-10 Tagen"),
                                     BackorderInfo("1898808", "GV100ZT-10", 1)])
    assert (counts.unchanged, counts.updated) == (1, 1)
    assert BackorderItem.objects.get(model="GV100ZT-10").resolved_at is None


# --- through the client: the transaction, the failure record, the lock -------------------------------------


def rest_stock(*items):
    return json.dumps({"QUANTITIES": {"PRODUCT": [
        {"PRODUCTS_MODEL": m, "QUANTITY": q, "SHIPPING_STATUS": "Sofort lieferbar"} for m, q in items]}})


def test_a_malformed_feed_fails_the_sync_names_model_and_field_and_leaves_everything_as_it_was(innocigs):
    products_apply(products=[product("A"), product("B"), product("C")])
    innocigs.get(f"{REST}/quantity_all", body=rest_stock(("A", 1), ("B", 2), ("C", 3)))
    stock_sync(actor="test", client=client("rest"))
    before = list(Product.objects.order_by("model").values_list("model", "stock_quantity", "active"))
    snapshots = snapshot_rows()
    innocigs.get(f"{REST}/quantity_all", body=rest_stock(("A", 9), ("B", "zwei"), ("C", 8)))
    with pytest.raises(PartnerResponseError) as caught:
        stock_sync(actor="test", client=client("rest"))
    assert "model B, field QUANTITY" in caught.value.message
    assert list(Product.objects.order_by("model").values_list("model", "stock_quantity", "active")) == before
    assert snapshot_rows() == snapshots
    run = SyncRun.objects.first()
    assert run.status == SyncRun.Status.FAILED and "model B, field QUANTITY" in run.error
    assert run.error_code == "malformed_reply"


def test_a_failure_while_writing_rolls_back_every_write(innocigs, monkeypatch):
    products_apply(products=[product("A"), product("B")])
    innocigs.get(f"{REST}/quantity_all", body=rest_stock(("A", 1), ("B", 2)))
    from suppliers.services import stock as stock_module

    def insert_fails(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(stock_module, "insert_rows", insert_fails)  # after the product rows were updated
    with pytest.raises(RuntimeError):
        stock_sync(actor="test", client=client("rest"))
    assert list(Product.objects.values_list("stock_quantity", flat=True)) == [0, 0]
    assert SyncRun.objects.get().status == SyncRun.Status.FAILED


def test_a_second_sync_of_the_same_kind_says_so_and_does_nothing(innocigs):
    products_apply(products=[product("A")])
    other = SyncRun.objects.create(kind=SyncRun.Kind.STOCK, triggered_by="schedule:sync_stock")
    with pytest.raises(SyncBusy, match="already running .* schedule:sync_stock"):
        stock_sync(actor="test", client=client("rest"))
    assert len(innocigs.calls) == 0
    assert SyncRun.objects.get() == other


def test_a_sync_started_while_another_downloads_is_refused(innocigs):
    products_apply(products=[product("A")])
    refused = []

    class Impatient:
        """A client whose download takes long enough for someone to start a second sync."""

        api = "rest"

        def stock_all(self):
            try:
                stock_sync(actor="test", client=client("rest"))
            except SyncBusy as exc:
                refused.append(str(exc))
            yield StockLevel("A", 4, "x")

    result = stock_sync(actor="test", client=Impatient())
    assert refused and result.updated == 1 and len(innocigs.calls) == 0
    assert SyncRun.objects.get().status == SyncRun.Status.SUCCEEDED


def test_a_sync_left_running_by_a_dead_process_is_released_after_the_stale_time(innocigs, settings):
    products_apply(products=[product("A")])
    settings.INNOCIGS_SYNC_STALE_MINUTES = 30
    dead = SyncRun.objects.create(kind=SyncRun.Kind.STOCK, triggered_by="x",
                                  started_at=timezone.now() - timedelta(minutes=31))
    innocigs.get(f"{REST}/quantity_all", body=rest_stock(("A", 4)))
    stock_sync(actor="test", client=client("rest"))
    dead.refresh_from_db()
    assert dead.status == SyncRun.Status.ABANDONED
    assert SyncRun.objects.filter(status=SyncRun.Status.SUCCEEDED).count() == 1


def test_refreshing_a_few_models_marks_one_innocigs_does_not_know_as_gone(innocigs):
    products_apply(products=[product("A"), product("B")])
    stock_apply(levels=[StockLevel("A", 5, "x"), StockLevel("B", 3, "x")], full=True)
    innocigs.get(f"{REST}/quantity/A", body=rest_stock(("A", 4)))
    innocigs.get(f"{REST}/quantity/B", body=json.dumps({"ERRORS": {"ERROR": {"CODE": "30003", "MESSAGE": "x"}}}))
    innocigs.get(f"{REST}/quantity/TYPO", body=json.dumps({"QUANTITIES": ""}))
    result = stock_sync(actor="test", models=["A", "B", "TYPO"], client=client("rest"))
    assert (result.updated, result.deactivated, result.skipped) == (1, 1, 1)
    assert "TYPO" in " ".join(result.notes)
    assert SyncRun.objects.get().scope == "A, B, TYPO"
