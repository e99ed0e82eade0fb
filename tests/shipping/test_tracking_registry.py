"""The tracking registry, carriers' tracking pages and the sync_tracking command."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from backoffice.checks import partner_paths_check
from orders.services.submissions import orders_submit
from shipping import tracking
from shipping.models import Shipment
from suppliers.models import Product
from tests.suppliers.innocigs.factories import (  # noqa: F401  (close_partner_sessions is autouse)
    PRODUCTS,
    SENDER,
    close_partner_sessions,
    make_order,
    ship_now,
)
from tests.support import replace_spec


def test_every_partner_with_tracking_is_registered():
    assert tracking.trackers() == {
        "innocigs": "suppliers.innocigs.tracking.tracking_sync",
        "innoship": "shipping.innoship.tracking.tracking_sync",
        "meineinkauf": "shipping.meineinkauf.tracking.tracking_sync",
    }
    from suppliers.innocigs.tracking import tracking_sync

    assert tracking.tracker("innocigs") is tracking_sync


def test_a_partner_not_built_yet_is_reported_clearly(monkeypatch):
    replace_spec(monkeypatch, "innoship", tracker="shipping.not_built_yet.tracking.tracking_sync")
    errors = partner_paths_check(None)
    assert [error.id for error in errors] == ["backoffice.E001"]
    assert errors[0].msg.startswith("The partner innoship names shipping.not_built_yet.tracking.tracking_sync as its "
                                    "tracker, which cannot be imported")
    with pytest.raises(tracking.TrackerUnavailable, match="partners with tracking: innocigs"):
        tracking.tracker("zonos")


def test_an_adapter_that_cannot_be_imported_stops_the_start(monkeypatch):
    replace_spec(monkeypatch, "innoship", adapter="shipping.innoship.not_written_yet.Adapter")
    assert [error.msg.split(",")[0] for error in partner_paths_check(None)] == [
        "The partner innoship names shipping.innoship.not_written_yet.Adapter as its adapter"]


def test_every_path_the_partners_name_imports():
    assert partner_paths_check(None) == []


@pytest.mark.parametrize(("carrier", "code", "url"), [
    ("DHL", "00340434161234567890",
     "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161234567890"),
    ("dhl paket", "X Y", "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=X%20Y"),
    ("UPS", "1Z999", "https://www.ups.com/track?loc=de_DE&tracknum=1Z999"),
    ("Pigeon Post", "123", ""),
])
def test_tracking_pages(carrier, code, url):
    assert tracking.tracking_url(carrier, code) == url


def test_sync_days_are_oldest_first():
    today = timezone.localdate()
    assert tracking.sync_days(days=3) == [today - timedelta(days=n) for n in (2, 1, 0)]
    assert tracking.sync_days(day=today, days=9) == [today]
    with pytest.raises(ValueError):
        tracking.sync_days(days=0)


@pytest.mark.django_db(transaction=True)
def test_sync_tracking_command_records_parcels_and_prints_a_summary(sandbox, settings):

    settings.SHOP_SENDER = dict(SENDER)
    for model, stock in PRODUCTS.items():
        Product.objects.create(model=model, stock_quantity=stock)
    orders_submit(orders=[make_order("CMD1")], partner="innocigs", actor="user:alice")
    ship_now(sandbox)
    out = io.StringIO()
    call_command("sync_tracking", "--partner", "innocigs", "--days", "2", stdout=out)
    assert "new parcels 1 (orders 1)" in out.getvalue()
    call_command("sync_tracking", "--partner", "innocigs", "--date", f"{timezone.localdate()}", stdout=out)
    assert "new parcels 0 (orders 0), already known 1" in out.getvalue()
    assert Shipment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_sync_tracking_command_fails_loudly(sandbox, settings):
    settings.INNOCIGS_PASSWORD = "wrong"
    with pytest.raises(CommandError, match="failed: .*10000"):
        call_command("sync_tracking", "--partner", "innocigs", "--days", "1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="at least 1"):
        call_command("sync_tracking", "--partner", "innocigs", "--days", "0")


def test_one_table_of_carrier_pages_by_the_country_a_carrier_delivers_in():
    tracking_url = tracking.tracking_url
    assert tracking_url("DHL Paket", "00340 1") == ("https://www.dhl.de/de/privatkunden/pakete-empfangen/"
                                                    "verfolgen.html?piececode=00340%201")
    assert tracking_url("swisspost", "99.60.1", country="CH") == "https://service.post.ch/ekp-web/ui/entry/search/99.60.1"
    assert tracking_url("DPD", "1") == "https://tracking.dpd.de/status/de_DE/parcel/1"
    assert tracking_url("dpd", "1", country="CH") == "https://www.dpdgroup.com/ch/mydpd/my-parcels/incoming?parcelNumber=1"
    assert tracking_url("Pigeon", "1") == tracking_url("DHL", "") == tracking_url(None, "1") == ""
