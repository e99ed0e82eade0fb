"""Schedules, tasks, the demo data, and the lock under real concurrency."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django_q.models import Schedule

from backoffice.models import PartnerExchange
from suppliers import tasks
from suppliers.innocigs.demo import load_demo_catalogue
from suppliers.models import BackorderItem, Product, StockSnapshot, SyncRun
from suppliers.services import SyncBusy
from suppliers.services.runs import run_finish, run_start

from .conftest import REST, XML, client, fixture


@pytest.mark.django_db
def test_setup_schedules_creates_the_catalogue_schedules():
    call_command("setup_schedules", stdout=StringIO())
    timing = {s.name: s.cron or s.minutes for s in Schedule.objects.filter(func__startswith="suppliers.tasks.")}
    assert timing == {"sync_stock": 15, "sync_pending": 60, "sync_prices": "15 2 * * *",
                      "sync_products": "45 2 * * *"}


@pytest.mark.django_db
def test_a_scheduled_sync_that_finds_another_running_returns_the_message_instead_of_failing():
    SyncRun.objects.create(kind=SyncRun.Kind.STOCK, triggered_by="command:sync_stock")
    assert "already running" in tasks.sync_stock_task()


@pytest.mark.django_db
def test_a_scheduled_sync_records_the_schedule_as_its_actor(innocigs, settings):
    settings.INNOCIGS_API = "xml"
    innocigs.post(XML, body=fixture("xml_pending.xml"))
    assert tasks.sync_pending_task().startswith("2 created")
    assert SyncRun.objects.get().triggered_by == "schedule:sync_pending"
    assert PartnerExchange.objects.get().triggered_by == "schedule:sync_pending"


@pytest.mark.django_db
def test_full_feeds_are_streamed_past_the_audit(innocigs):
    innocigs.get(f"{REST}/quantity_all", body=fixture("rest_quantity_all.json"))
    list(client("rest").stock_all())
    innocigs.post(XML, body=fixture("xml_quantity_all.xml"))
    list(client("xml").stock_all())
    assert list(PartnerExchange.objects.values_list("response_body", flat=True)) == ["[streamed]", "[streamed]"]
    assert "stub-password" not in PartnerExchange.objects.get(method="POST").request_body


@pytest.mark.django_db
def test_the_demo_catalogue_loads_once():
    line = load_demo_catalogue()
    assert "120 products" in line
    assert Product.objects.filter(model="12M100L10-BG-0", purchase_price__isnull=False).exists()
    assert StockSnapshot.objects.count() > 120 and BackorderItem.objects.count() == 4
    snapshots = StockSnapshot.objects.count()
    assert "already there" in load_demo_catalogue()
    assert StockSnapshot.objects.count() == snapshots


# SQLite in memory cannot hold two connections writing at once;
# test_a_sync_started_while_another_downloads_is_refused covers the lock there.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_starting_the_same_sync_at_once_get_one_run(settings):
    start = threading.Barrier(4)
    outcomes = []

    def claim():
        start.wait()
        try:
            outcomes.append(run_start(kind="stock", actor="test"))
        except SyncBusy:
            outcomes.append("busy")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    runs = [o for o in outcomes if o != "busy"]
    assert len(runs) == 1 and outcomes.count("busy") == 3
    run_finish(runs[0], error=RuntimeError("test"))
    assert SyncRun.objects.filter(status="running").count() == 0
