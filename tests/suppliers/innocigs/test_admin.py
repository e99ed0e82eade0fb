"""The read-only admin of standard orders and delivery notes."""

import pytest
from django.urls import reverse

from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem, StandardOrder, StandardOrderLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(products):
    order = StandardOrder.objects.create(number="RESTOCK-000001", state=StandardOrder.State.REFUSED,
                                         created_by="user:alice", errors=[{
                                             "code": "30001", "message": "AS100AMZ nicht lieferbar",
                                             "explanation": "Product not deliverable.",
                                             "next_step": "Replace or remove the line, or wait for stock."}])
    StandardOrderLine.objects.create(standard_order=order, sku="AS100AMZ", quantity=3)
    note = DeliveryNote.objects.create(number="S0448091", day="2026-11-20", parcels=[
        {"carrier": "DHL", "code": "00340654321",
         "url": "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340654321"}])
    DeliveryNoteItem.objects.create(delivery_note=note, standard_order=order, orders_number=order.number,
                                    orders_id="9903478-14645", sku="AS100AMZ", quantity=3)
    return order, note


def test_lists_and_pages_show_what_happened_and_allow_no_edits(admin_client, delivered):
    order, note = delivered
    page = admin_client.get(reverse("admin:innocigs_standardorder_change", args=[order.pk])).content.decode()
    assert "30001 AS100AMZ nicht lieferbar" in page and "Replace or remove the line" in page
    assert 'name="_save"' not in page
    listing = admin_client.get(reverse("admin:innocigs_deliverynote_changelist")).content.decode()
    assert "piececode=00340654321" in listing
    assert reverse("admin:innocigs_standardorder_change", args=[order.pk]) in listing
    assert admin_client.get(reverse("admin:innocigs_deliverynote_change", args=[note.pk])).status_code == 200
    assert admin_client.get(reverse("admin:innocigs_standardorder_changelist") + "?q=RESTOCK").status_code == 200
    assert admin_client.get(reverse("admin:innocigs_standardorder_add")).status_code == 403
