"""The catalogue's admin pages: what they show, that they work without JavaScript, and constant query counts."""

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.jobs import ALREADY_TAKEN, job_start
from backoffice.models import Job
from suppliers import tasks
from suppliers.charts import stock_chart_svg
from suppliers.models import BackorderItem, OtherUnit, PriceTier, Product, StockSnapshot, SyncRun
from suppliers.selectors import StockPoint, dashboard_figures

from .conftest import REST

pytestmark = pytest.mark.django_db


def make_products(count, *, start=0, snapshots=3):
    now = timezone.now()
    products = Product.objects.bulk_create([
        Product(model=f"M{i:05d}", name=f"Liquid {i}", ean=f"42600000{i:05d}", manufacturer=f"Brand {i % 3}",
                category_path=f"Liquids > Cat {i % 4}", purchase_price=Decimal("7.52"),
                recommended_price=Decimal("16.95"), stock_quantity=i % 8, shipping_status="Sofort lieferbar",
                attributes={"Packung": "1er Packung"}, image_urls=[f"https://cdn.test/{i}.png"])
        for i in range(start, start + count)
    ])
    for p in products:
        PriceTier.objects.create(product=p, min_quantity=10, price=Decimal("7"))
        OtherUnit.objects.create(product=p, model=f"{p.model}-H", package_size=10, price=Decimal("70"))
        StockSnapshot.objects.bulk_create([
            StockSnapshot(product=p, quantity=q, shipping_status="x", taken_at=now - timedelta(days=10 - q))
            for q in range(snapshots)
        ])
    return products


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured), response.content.decode()


PRODUCTS = "/admin/suppliers/product/"


@pytest.mark.parametrize("query", ["", "?q=M0000", "?q=4260000000003", "?q=Liquid", "?stock=out", "?stock=low",
                                   "?stock=in", "?active=gone", "?manufacturer=Brand+1",
                                   "?category_path=Liquids+%3E+Cat+2", "?stock=low&active=active&q=Liquid"])
def test_product_list_query_count_does_not_grow_with_the_catalogue(admin_client, query):
    make_products(5)
    small, _ = queries_for(admin_client, PRODUCTS + query)
    make_products(60, start=5)
    large, _ = queries_for(admin_client, PRODUCTS + query)
    assert small == large


def test_product_list_shows_stock_prices_and_margin(admin_client):
    make_products(8)
    _, page = queries_for(admin_client, PRODUCTS + "?stock=low")
    assert "M00003" in page and "M00000" not in page  # 3 pieces is low, 0 is out
    assert "7.52 €" in page and "16.95 €" in page and "47.2 %" in page
    assert 'class="stock-low"' in page


def test_product_page_shows_catalogue_prices_units_and_the_stock_chart(admin_client):
    [product] = make_products(1)
    BackorderItem.objects.create(orders_id="53-44", model=product.model, product=product, quantity=20,
                                 shipping_status="in 1-10 Tagen lieferbar")
    url = reverse("admin:suppliers_product_change", args=[product.pk])
    queries_for(admin_client, url)  # the first request of a session loads what later ones find cached
    few, page = queries_for(admin_client, url)
    assert "<svg" in page and "stock-chart" in page and "out of stock" in page  # it started at 0
    assert "from pieces" in page and "M00000-H" in page and "Packung" in page and "1er Packung" in page
    assert "20 pieces in InnoCigs order 53-44" in page
    assert f"?product__id__exact={product.pk}" in page
    StockSnapshot.objects.bulk_create([StockSnapshot(product=product, quantity=q, taken_at=timezone.now())
                                       for q in range(40)])
    PriceTier.objects.create(product=product, min_quantity=20, price=Decimal("6"))
    many, _ = queries_for(admin_client, url)
    assert few == many


def test_a_third_party_description_is_shown_as_text(admin_client):
    [product] = make_products(1)
    Product.objects.filter(pk=product.pk).update(description="Gut <script>alert(1)</script><b>fett</b> & mehr")
    _, page = queries_for(admin_client, reverse("admin:suppliers_product_change", args=[product.pk]))
    assert "<script>" not in page and "<b>fett" not in page and "fett &amp; mehr" in page


def test_snapshot_history_filtered_by_product_and_overall(admin_client):
    products = make_products(3, snapshots=4)
    url = "/admin/suppliers/stocksnapshot/"
    few, page = queries_for(admin_client, f"{url}?product__id__exact={products[0].pk}")
    assert "4 stock snapshots" in page
    make_products(30, start=3, snapshots=4)
    many, _ = queries_for(admin_client, f"{url}?product__id__exact={products[0].pk}")
    assert few == many
    overall_few, page = queries_for(admin_client, url)
    assert "132 stock snapshots" in page
    _, page = queries_for(admin_client, f"{url}?q=M00001")
    assert "4 stock snapshots" in page


def test_snapshot_count_is_capped(admin_client, monkeypatch):
    from backoffice.counting import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 5)
    make_products(2, snapshots=4)
    _, page = queries_for(admin_client, "/admin/suppliers/stocksnapshot/")
    assert "More than 5 stock snapshots" in page


def test_backorders_and_sync_runs_lists(admin_client):
    BackorderItem.objects.create(orders_id="53-44", model="AV100A10-SP-A", quantity=20, shipping_status="bald")
    BackorderItem.objects.create(orders_id="1", model="GONE", quantity=1, resolved_at=timezone.now())
    _, page = queries_for(admin_client, "/admin/suppliers/backorderitem/?state=open")
    assert "AV100A10-SP-A" in page and "GONE" not in page and "not in the catalogue" in page
    SyncRun.objects.create(kind="stock", status="failed", error="InnoCigs: 50001 Wartung", triggered_by="x",
                           finished_at=timezone.now())
    _, page = queries_for(admin_client, "/admin/suppliers/syncrun/?kind=stock&status=failed")
    assert "50001 Wartung" in page


def rest_stock(*items):
    return json.dumps({"QUANTITIES": {"PRODUCT": [
        {"PRODUCTS_MODEL": m, "QUANTITY": q, "SHIPPING_STATUS": "Sofort lieferbar"} for m, q in items]}})


def run_action(client, action, products):
    return client.post(PRODUCTS, {"action": action, "_selected_action": [p.pk for p in products]}, follow=True)


def test_refresh_stock_of_a_few_products_runs_at_once(admin_client, innocigs, settings):
    settings.INNOCIGS_API = "rest"
    products = make_products(2)
    for p, quantity in zip(products, (40, 2), strict=True):
        innocigs.get(f"{REST}/quantity/{p.model}", body=rest_stock((p.model, quantity)))
    response = run_action(admin_client, "refresh_stock", products)
    assert "Stock refreshed: 0 created, 2 updated" in response.content.decode()
    assert list(Product.objects.order_by("model").values_list("stock_quantity", flat=True)) == [40, 2]
    assert SyncRun.objects.get().triggered_by == "user:admin"


def test_refresh_prices_shows_the_partners_error_and_changes_nothing(admin_client, innocigs, settings):
    settings.INNOCIGS_API = "rest"
    [product] = make_products(1)
    innocigs.get(f"{REST}/price/{product.model}",
                 body=json.dumps({"ERRORS": {"ERROR": [{"CODE": 50003, "MESSAGE": "IP nicht freigeschaltet"}]}}))
    page = run_action(admin_client, "refresh_prices", [product]).content.decode()
    assert "Nothing was changed" in page and "50003 IP nicht freigeschaltet" in page
    assert "approve the server&#x27;s IP address" in page


def test_refresh_of_many_products_goes_to_the_queue_as_a_job(admin_client, settings, django_capture_on_commit_callbacks,
                                                              innocigs):
    settings.INNOCIGS_DIRECT_REFRESH_LIMIT = 3
    settings.INNOCIGS_API = "rest"
    products = make_products(5)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = run_action(admin_client, "refresh_stock", products).content.decode()
    assert "refreshed on the queue" in page and len(queued) == 1
    job = Job.objects.get()
    assert (job.total, job.created_by) == (5, "user:admin")
    innocigs.get(f"{REST}/quantity_all", body=rest_stock(*((p.model, 99) for p in products[:4]), ("OTHER", 1)))
    tasks.refresh_job_task(job.pk, what="stock", product_ids=[p.pk for p in products], acting="user:admin")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.done == 5
    assert job.lines[0] == "M00000: stock quantity 0 → 99"
    assert job.lines[4] == "M00004: stock quantity 4 → 0, shipping status Sofort lieferbar → "
    assert not Product.objects.filter(model="OTHER").exists()  # only the selection is touched


def test_dashboard_figures_link_to_filtered_lists(admin_client):
    make_products(8)
    SyncRun.objects.create(kind="stock", status="succeeded", triggered_by="x",
                           started_at=timezone.now() - timedelta(minutes=12), finished_at=timezone.now() -
                           timedelta(minutes=11))
    SyncRun.objects.create(kind="stock", status="failed", error="50001 Wartung", triggered_by="x",
                           finished_at=timezone.now())
    figures = {f.label: f for f in dashboard_figures()}
    assert figures["products out of stock"].count == 1
    assert figures["products low on stock (1-5)"].count == 5
    assert figures["min since the last stock sync"].count == 11
    failed = figures["failed stock syncs since the last success: 50001 Wartung"]
    assert failed.count == 1 and failed.tone == "alert"
    assert figures["successful catalogue syncs so far"].count == 0
    for figure in figures.values():
        assert admin_client.get(figure.url).status_code == 200
    _, page = queries_for(admin_client, figures["products out of stock"].url)
    assert "M00000" in page and "M00001" not in page


def test_the_chart_marks_out_of_stock_time():
    now = timezone.now()
    svg = str(stock_chart_svg([StockPoint(now - timedelta(days=2), 5, "x"), StockPoint(now - timedelta(days=1), 0, ""),
                               StockPoint(now - timedelta(hours=2), 7, "x")], now=now))
    assert svg.count('fill="#f8d7da"') == 1 and "highest 7" in svg and "3 changes" in svg
    assert "No stock recorded in the last 30 days" in str(stock_chart_svg([]))


def test_the_chart_has_axis_labels_in_the_shops_time_and_a_title_per_level(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    now = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 00:30 on the 21st in Berlin
    points = [StockPoint(now - timedelta(days=6), 5, "Sofort lieferbar"), StockPoint(now - timedelta(hours=1), 0, "")]
    with timezone.override("Europe/Berlin"):
        svg = str(stock_chart_svg(points, days=7, now=now))
    assert "Date (Europe/Berlin)" in svg and "Stock (pieces)" in svg
    assert re.findall(r'class="x-tick"[^>]*>([^<]+)<', svg)[-1] == "21.11."  # the shop's day, not UTC's
    assert re.findall(r'class="y-tick"[^>]*>([^<]+)<', svg) == ["0", "2", "5"]
    titles = re.findall(r'class="stock-level"[^>]*><title>([^<]+)</title>', svg)
    assert titles == ["5 pieces from 15.11.2026 00:30 to 20.11.2026 23:30 (Sofort lieferbar)",
                      "0 pieces from 20.11.2026 23:30 to 21.11.2026 00:30"]


@pytest.mark.parametrize(("asked", "shown"), [("7", 7), ("90", 90), ("", 30), ("1000", 30), ("x", 30)])
@pytest.mark.django_db
def test_the_product_page_offers_7_30_and_90_days_as_links(admin_client, asked, shown):
    product = Product.objects.create(model="CHART1", name="Chart", stock_quantity=4)
    StockSnapshot.objects.create(product=product, quantity=9, shipping_status="",
                                 taken_at=timezone.now() - timedelta(days=100))
    StockSnapshot.objects.create(product=product, quantity=4, shipping_status="",
                                 taken_at=timezone.now() - timedelta(days=3))
    url = reverse("admin:suppliers_product_change", args=[product.pk])
    page = admin_client.get(f"{url}?days={asked}").content.decode()
    assert f"<strong>{shown} days</strong>" in page
    for other in {7, 30, 90} - {shown}:
        assert f'href="{url}?days={other}#stock-chart"' in page
    first_day = f"{timezone.localtime(timezone.now() - timedelta(days=shown)):%d.%m.}"
    assert re.findall(r'class="x-tick"[^>]*>([^<]+)<', page)[0] == first_day  # the axis spans the chosen days
    assert re.findall(r'class="stock-level"[^>]*><title>(\d+) pieces', page) == ["9", "4"]


@pytest.mark.parametrize("status", [Job.Status.RUNNING, Job.Status.DONE])
def test_a_redelivered_refresh_task_of_a_running_or_finished_job_does_not_refresh_again(
        status, settings, django_capture_on_commit_callbacks, innocigs):
    settings.INNOCIGS_API = "rest"
    products = make_products(2)
    ids = [p.pk for p in products]
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(kind="Refresh stock of 2 products", total=2, actor="user:admin",
                        task="suppliers.tasks.refresh_job_task", what="stock", product_ids=ids, acting="user:admin")
    Job.objects.filter(pk=job.pk).update(status=status, lines=["M00000: unchanged"], done=1)

    # The broker delivers the task again (Q_RETRY) while the first delivery runs or after it finished:
    # no stub is registered, so any call to InnoCigs would fail the test.
    assert tasks.refresh_job_task(job.pk, what="stock", product_ids=ids, acting="user:admin") == ALREADY_TAKEN
    job.refresh_from_db()
    assert (job.status, job.done, job.lines) == (status, 1, ["M00000: unchanged"])
    assert len(innocigs.calls) == 0
