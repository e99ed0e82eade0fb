"""The sandbox catalogue, synced through both APIs over real HTTP with the management commands."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from backoffice.partner_http import session_for
from backoffice.sandbox import state
from suppliers.innocigs.client import InnocigsClient, check_connection
from suppliers.innocigs.sandbox import items
from suppliers.innocigs.sandbox.products import catalogue
from suppliers.models import BackorderItem, Product, StockSnapshot, SyncRun

pytestmark = pytest.mark.django_db(transaction=True)

SIZE = 40


@pytest.fixture
def shop(sandbox, settings):
    settings.SANDBOX_CATALOGUE_SIZE = SIZE
    yield sandbox
    session_for("innocigs").close()  # no kept-alive connection outlives the live server


def run(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize("api", ["rest", "xml"])
def test_the_sandbox_catalogue_syncs_through_both_apis(shop, settings, api):
    settings.INNOCIGS_API = api
    assert f"{SIZE} created, 0 updated, 0 unchanged, 0 deactivated" in run("sync_products", "--extended")
    bonogurt = Product.objects.get(model="12M100L10-BG-0")
    assert (bonogurt.purchase_price, bonogurt.recommended_price) == (Decimal("7.52"), Decimal("16.95"))
    assert bonogurt.manufacturer == "Twelve Monkeys" and bonogurt.vpe_unit == "ml"
    assert bonogurt.attributes["Packung"] == "1er Packung" and "Twelve Monkeys" in bonogurt.description
    for model in ("IC10000AIO-10", "ACK100L10-AM-3", "ACK100L10-AM-3-H", "AS10000A1", "SC10000L10-AF-L-H"):
        assert Product.objects.filter(model=model, active=True).exists()
    assert "0 created, 0 updated, 40 unchanged" in run("sync_products")  # normal feed: descriptions kept
    assert Product.objects.get(model="12M100L10-BG-0").description

    assert f"0 created, {SIZE} updated, 0 unchanged" in run("sync_stock")
    assert StockSnapshot.objects.count() == SIZE
    assert Product.objects.get(model="12M100L10-BG-0").shipping_status == "Sofort lieferbar"
    out = run("sync_stock")
    changed = StockSnapshot.objects.count() - SIZE
    assert 0 < changed < SIZE // 4 and f"0 created, {changed} updated, {SIZE - changed} unchanged" in out

    # the price feed's shapes differ from the catalogue's, but they describe the same prices
    assert f"0 created, 0 updated, {SIZE} unchanged" in run("sync_prices")
    assert "4 created" in run("sync_pending")
    assert BackorderItem.objects.get(model="IC10000AIO-10").product.model == "IC10000AIO-10"
    assert set(SyncRun.objects.values_list("status", flat=True)) == {"succeeded"}
    assert set(SyncRun.objects.values_list("api", flat=True)) == {api}
    assert set(SyncRun.objects.values_list("triggered_by", flat=True)) >= {"command:sync_stock"}


@pytest.mark.parametrize("api", ["rest", "xml"])
def test_refreshing_named_models_and_an_unknown_one(shop, settings, api):
    settings.INNOCIGS_API = api
    run("sync_products")
    out = run("sync_stock", "--model", "12M100L10-BG-0", "--model", "NOPE-1")
    assert "1 updated" in out and "1 skipped" in out and "NOPE-1" in out
    assert InnocigsClient.from_settings().product("NOPE-1") is None
    assert check_connection().startswith(f"{api.upper()} API answers; stock of 12M100L10-BG-0: ")


def test_a_refused_login_exits_non_zero_with_the_explained_code(shop, settings):
    settings.INNOCIGS_PASSWORD = "wrong"
    with pytest.raises(CommandError) as caught:
        run("sync_stock")
    assert "(code 10000)" in str(caught.value) and "Check INNOCIGS_CID and INNOCIGS_PASSWORD" in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert SyncRun.objects.get().status == SyncRun.Status.FAILED


def test_a_second_sync_command_says_so_and_exits(shop):
    SyncRun.objects.create(kind=SyncRun.Kind.PRICES, triggered_by="schedule:sync_prices")
    with pytest.raises(CommandError) as caught:
        run("sync_prices")
    assert caught.value.returncode == 3 and "already running" in str(caught.value)
    assert state.received("innocigs") == []


def test_the_stock_changes_a_little_between_calls():
    products = catalogue(1000)
    changed = sum(items.quantity(p, 7) != items.quantity(p, 8) for p in products)
    assert 30 <= changed <= 70
    assert catalogue(1000)[:10] == catalogue(10)  # deterministic, whatever the size
