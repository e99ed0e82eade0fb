"""Every admin list staff use runs the same number of queries however many rows it shows (issue 16): plain,
filtered and searched the ways the page bench asks them. The figures are stated, so a new query per page shows
here first; docs/performance.md quotes the same ones under gunicorn."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.models import Job, PartnerExchange
from orders.models import Order
from shipping.meineinkauf.models import MeinEinkaufReturn
from shipping.models import DeliveryState
from suppliers.models import Product, StockSnapshot
from tests.orders import factories

pytestmark = pytest.mark.django_db
CARRIERS = ["DHL", "GLS", "DPD"]


def grow(start, count):
    """`count` more rows of every kind a list shows, numbered from `start` so two calls never collide."""
    now = timezone.now()
    order_type = ContentType.objects.get_for_model(Order)
    for i in range(start, start + count):
        product = Product.objects.create(model=f"M{i:05d}", name=f"Liquid {i}", ean=f"42600000{i:05d}",
                                         manufacturer=f"Maker {i % 2}", category_path=f"Liquids > Cat {i % 2}",
                                         stock_quantity=(0, 40)[i % 2], shipping_status="Sofort lieferbar")
        StockSnapshot.objects.bulk_create([StockSnapshot(product=product, quantity=q, shipping_status="x",
                                                         taken_at=now - timedelta(hours=q)) for q in range(3)])
        order = factories.order(f"B{i:07d}", route=("innocigs", "innoship")[i % 2], status=Order.Status.DELIVERED,
                                product=product, email=f"kundin{i}@example.com")
        factories.shipment(order, f"00340{i:012d}", carrier=CARRIERS[i % 3],
                           delivery_state=DeliveryState.DELIVERED)
        MeinEinkaufReturn.objects.create(meineinkauf_id=900_000 + i, reference=f"R{i:07d}", order=order,
                                         order_number=order.number, processing_state="announced")
        PartnerExchange.objects.create(partner="innocigs", operation="dropship", method="POST",
                                       url="https://innocigs.example/x", status_code=(200, 503)[i % 2],
                                       duration_ms=12, triggered_by="schedule:bench", content_type=order_type,
                                       object_id=str(order.pk), related_label=order.number)
        Job.objects.create(kind="Submit to InnoCigs", status=("succeeded", "failed")[i % 2], total=1,
                           created_by="user:alice")


# Each list as the page bench asks it, with the queries it runs (session, user, the list's own, the capped count).
LISTS = {
    "/admin/orders/order/": 5,
    "/admin/orders/order/?q=B00000": 5,
    "/admin/orders/order/?status__exact=delivered&route__exact=innocigs": 5,
    "/admin/suppliers/product/": 6,
    "/admin/suppliers/product/?q=M0000": 6,
    "/admin/suppliers/product/?q=liquid+M0000": 6,
    "/admin/suppliers/product/?manufacturer=Maker+1": 6,
    "/admin/suppliers/product/?category_path=Liquids+%3E+Cat+1&stock=in": 6,
    "/admin/suppliers/product/?stock=out&active=active": 6,
    "/admin/shipping/shipment/": 6,
    "/admin/shipping/shipment/?carrier=GLS": 6,
    "/admin/shipping/shipment/?partner=innoship&delivery_state__exact=delivered": 6,
    "/admin/shipping/shipment/?q=B00000": 6,
    "/admin/meineinkauf/meineinkaufreturn/": 7,
    "/admin/meineinkauf/meineinkaufreturn/?handled=open": 7,
    "/admin/suppliers/stocksnapshot/": 4,
    "/admin/suppliers/stocksnapshot/?q=M00001": 5,
    "/admin/backoffice/partnerexchange/": 6,
    "/admin/backoffice/partnerexchange/?partner__exact=innocigs&status=server": 6,
    "/admin/backoffice/job/": 5,
    "/admin/backoffice/job/?kind=Submit+to+InnoCigs&status__exact=failed": 5,
}


def queries(client, url):
    client.get(url)  # the session's and content types' caches warm, as on a running server
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["cl"].result_list)


@pytest.mark.parametrize("url", list(LISTS))
def test_a_list_runs_the_same_queries_for_2_and_8_rows(admin_client, url):
    grow(0, 2)
    few, few_rows = queries(admin_client, url)
    grow(2, 6)
    many, many_rows = queries(admin_client, url)
    assert many_rows >= few_rows > 0  # the list shows rows, so the count below compares something
    assert (few, many) == (LISTS[url], LISTS[url])


DASHBOARD_QUERIES = 49  # the inbox (a page of rows and a capped count per kind), the figures (the counts the inbox
# also makes run once: Swiss orders between legs, parcel incidents), schedules, health


def test_the_dashboard_runs_the_same_queries_for_2_and_8_orders(admin_client):
    grow(0, 2)
    admin_client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        admin_client.get("/admin/")
    grow(2, 6)
    with CaptureQueriesContext(connection) as many:
        admin_client.get("/admin/")
    assert (len(few), len(many)) == (DASHBOARD_QUERIES, DASHBOARD_QUERIES)


def test_the_plain_selection_box_is_the_html_django_renders(rf):
    from django.contrib.admin import ModelAdmin, site

    from backoffice.cells import PlainActionCheckbox
    from suppliers.admin import ProductAdmin

    product = Product.objects.create(model="A&B <1>", name="Liquid")
    assert PlainActionCheckbox.action_checkbox(None, product) == ModelAdmin(Product, site).action_checkbox(product)
    assert ProductAdmin.action_checkbox is PlainActionCheckbox.action_checkbox
