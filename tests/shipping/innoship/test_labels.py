"""Labels from the shipment page and in bulk: real PDFs from the sandbox, merged with pypdf."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from orders.services.submissions import orders_submit
from shipping.innoship.client import InnoshipClient
from shipping.models import Shipment

from .conftest import make_order


def book(*numbers):
    orders = [make_order(number) for number in numbers]
    orders_submit(orders=orders, partner="innoship", actor="user:test")
    return [order.shipments.get() for order in orders]


def page_size(reader, index=0):
    box = reader.pages[index].mediabox
    return round(float(box.width)), round(float(box.height))


def test_the_label_downloads_from_the_shipment_page_and_opens_as_a_pdf(innoship, admin_client):
    [shipment] = book("A2001")
    page = admin_client.get(reverse("admin:shipping_shipment_change", args=[shipment.pk]))
    label_url = reverse("admin:shipping_shipment_label", args=[shipment.pk])
    assert label_url in page.text and "Cancel booking" in page.text
    assert "6.63" in page.text and "EUR" in page.text  # the price Innoship quoted

    response = admin_client.get(label_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="label-905230001-A6.pdf"'
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1 and page_size(reader) == (298, 420)
    assert "AWB 905230001" in reader.pages[0].extract_text()


def test_the_label_format_comes_from_the_settings(innoship, admin_client, settings):
    settings.INNOSHIP_LABEL_FORMAT = "A4"
    [shipment] = book("A2002")
    response = admin_client.get(reverse("admin:shipping_shipment_label", args=[shipment.pk]))
    assert page_size(PdfReader(BytesIO(response.content))) == (595, 842)


def test_bulk_labels_merge_into_one_pdf(innoship, admin_client):
    shipments = book("A2003", "A2004", "A2005")
    response = admin_client.post(reverse("admin:shipping_shipment_changelist"), {
        "action": "download_labels", "_selected_action": [s.pk for s in shipments],
    })
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 3
    assert [p.extract_text().split("AWB ")[1][:9] for p in reader.pages] == ["905230001", "905230002", "905230003"]


def test_bulk_labels_are_all_or_nothing_and_name_what_failed(innoship, admin_client):
    [booked] = book("A2006")
    order = make_order("A2007")
    other = Shipment.objects.create(order=order, partner="innocigs", carrier="DHL", tracking_code="00340434")
    response = admin_client.post(reverse("admin:shipping_shipment_changelist"), {
        "action": "download_labels", "_selected_action": [booked.pk, other.pk],
    }, follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "No labels downloaded. DHL 00340434: it is not an Innoship booking" in response.text


def test_a_label_innoship_cannot_give_is_an_error_message_on_the_page(innoship, admin_client):
    [shipment] = book("A2008")
    # cancelled in the portal
    InnoshipClient.from_settings().cancel(shipment.innoship_booking.courier_id, shipment.tracking_code)
    response = admin_client.get(reverse("admin:shipping_shipment_label", args=[shipment.pk]), follow=True)
    assert "No label: DHL Paket Germany 905230001: The shipment is cancelled; it has no label" in response.text


def test_the_shipment_list_page_renders_with_filters(innoship, admin_client):
    book("A2009")
    response = admin_client.get(reverse("admin:shipping_shipment_changelist") + "?delivery_state__exact=recorded")
    assert response.status_code == 200 and "905230001" in response.text


@pytest.mark.django_db
def test_the_shipment_page_offers_no_label_for_other_partners(admin_client):
    order = make_order("A2010")
    shipment = Shipment.objects.create(order=order, partner="innocigs", carrier="DHL", tracking_code="00340434")
    page = admin_client.get(reverse("admin:shipping_shipment_change", args=[shipment.pk]))
    assert page.status_code == 200
    assert reverse("admin:shipping_shipment_label", args=[shipment.pk]) not in page.text
    assert "Cancel booking" not in page.text


def test_the_order_page_links_the_label_of_a_booked_parcel_only(innoship, admin_client):
    [booked] = book("A2011")
    other = Shipment.objects.create(order=booked.order, partner="innoship", carrier="DHL", tracking_code="0034")
    page = admin_client.get(reverse("admin:orders_order_change", args=[booked.order_id])).text
    assert f"Label of {booked.tracking_code}" in page
    assert reverse("admin:shipping_shipment_label", args=[booked.pk]) in page
    assert reverse("admin:shipping_shipment_label", args=[other.pk]) not in page
