"""'Export selected as CSV': what German spreadsheet programs open as it is, for whoever may view the list."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from backoffice.csv_export import cell
from orders.models import Submission
from shipping.innoship.models import CourierBooking
from shipping.meineinkauf.models import MeinEinkaufReturn
from suppliers.models import Product
from tests.orders import factories


def export(client, url, pks):
    response = client.post(url, {"action": "export_csv",
                                 "_selected_action": pks, "index": 0})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return b"".join(response.streaming_content)


def rows(body):
    assert body.startswith(b"\xef\xbb\xbf"), "no byte order mark: Excel would read the UTF-8 as Latin-1"
    text = body.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.django_db
def test_orders_export_in_words_with_semicolons_decimal_commas_and_umlauts(admin_client):
    order = factories.order("A1008", last_name="Müller; Söhne", shipping_cost="4.90", country="AT",
                            hold_reason="no stock for IC1")
    factories.shipment(order, "00340434161094042557")
    refused = factories.order("A1009", first_name='=HYPERLINK("http://x")', last_name="Doe")
    factories.submission(refused, state=Submission.State.REFUSED, message="refused",
                         errors=[{"code": "30001", "message": "ausverkauft", "explanation": "sold out"}])
    table = rows(export(admin_client, reverse("admin:orders_order_changelist"), [order.pk, refused.pk]))
    assert table[0] == ["Order number", "Placed on", "Customer", "Country", "Route", "Status", "Partner outcome",
                        "Reason", "Total", "Currency", "Partner reference", "Tracking"]
    by_number = {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert by_number["A1008"]["Customer"] == "Jane Müller; Söhne"  # quoted, so the ; stays in its cell
    assert by_number["A1008"]["Placed on"] == "2026-11-20"
    assert by_number["A1008"]["Total"] == "14,80"  # 9.90 + 4.90
    assert by_number["A1008"]["Country"] == "AT"
    assert by_number["A1008"]["Reason"] == "no stock for IC1"
    assert by_number["A1008"]["Tracking"] == "00340434161094042557"
    assert by_number["A1009"]["Reason"] == "sold out"
    assert by_number["A1009"]["Customer"] == "'=HYPERLINK(\"http://x\") Doe"  # shop data never runs as a formula


def test_cells_say_values_as_a_german_spreadsheet_reads_them(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    assert cell(Decimal("1249.50")) == "1249,50"
    assert cell(None) == ""
    assert cell(True) == "yes"
    assert cell(12) == "12"
    assert cell(date(2026, 11, 20)) == "2026-11-20"
    assert cell(datetime(2026, 11, 20, 23, 30, tzinfo=UTC)) == "2026-11-21 00:30"  # the shop's time zone
    assert cell("=1+1") == "'=1+1"
    assert cell("-4711") == "'-4711"  # a text that a spreadsheet would take for a formula
    assert cell(Decimal("-4.90")) == "-4,90"  # a number stays a number


@pytest.mark.django_db
def test_products_shipments_and_returns_export_too(admin_client):
    product = Product.objects.create(model="IC1", name="Liquid Erdbeere", stock_quantity=3, purchase_price="3.90",
                                     recommended_price="9.90")
    table = rows(export(admin_client, reverse("admin:suppliers_product_changelist"), [product.pk]))
    assert table[1][:5] == ["IC1", "Liquid Erdbeere", "", "", "3"]
    assert "3,9000" in table[1]  # the stored value (InnoCigs prices have four places), decimal comma
    shipment = factories.shipment(factories.order("A1"), "JJD1")
    CourierBooking.objects.create(shipment=shipment, price_total="12.40", price_currency="EUR")
    table = rows(export(admin_client, reverse("admin:shipping_shipment_changelist"), [shipment.pk]))
    assert table[1][1] == "A1" and "12,40" in table[1] and "JJD1" in table[1]
    ret = MeinEinkaufReturn.objects.create(meineinkauf_id=1, reference="RET-1", order_number="A7")
    table = rows(export(admin_client, reverse("admin:meineinkauf_meineinkaufreturn_changelist"), [ret.pk]))
    assert table[1][:2] == ["RET-1", "A7"]


@pytest.mark.django_db
def test_export_needs_the_lists_view_permission(client):
    order = factories.order("A1")
    user = User.objects.create_user("bob", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(user)
    assert export(client, reverse("admin:orders_order_changelist"), [order.pk])
    user.user_permissions.clear()
    user = User.objects.get(pk=user.pk)
    client.force_login(user)
    response = client.post(reverse("admin:orders_order_changelist"),
                           {"action": "export_csv", "_selected_action": [order.pk], "index": 0})
    assert response.status_code == 403
