"""The read-only admin of standard orders and delivery notes."""

import pytest
from django.urls import reverse

from orders.models import Submission
from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem
from suppliers.innocigs.standard_orders import standard_order_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(products):
    order = standard_order_create(lines=[("AS100AMZ", 3)], number="RESTOCK-000001", actor="user:alice")
    Submission.objects.create(order=order.order, partner="innocigs", reference=order.number, state="refused",
                              created_by="user:alice", errors=[{
                                  "code": "30001", "message": "AS100AMZ nicht lieferbar",
                                  "explanation": "Product not deliverable.",
                                  "next_step": "Replace or remove the line, or wait for stock."}])
    order.order.submission_state = "refused"
    order.order.save()
    note = DeliveryNote.objects.create(number="S0448091", day="2026-11-20", parcels=[
        {"carrier": "DHL", "code": "00340654321",
         "url": "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340654321"}])
    DeliveryNoteItem.objects.create(delivery_note=note, restock=order, orders_number=order.number,
                                    orders_id="9903478-14645", sku="AS100AMZ", quantity=3)
    return order, note


def test_lists_and_pages_show_what_happened_and_allow_no_edits(admin_client, delivered):
    order, note = delivered
    page = admin_client.get(reverse("admin:innocigs_restock_change", args=[order.pk])).content.decode()
    assert "30001 AS100AMZ nicht lieferbar" in page and "Replace or remove the line" in page
    assert "3 × AS100AMZ" in page and reverse("admin:orders_order_change", args=[order.order_id]) in page
    assert 'name="_save"' not in page
    listing = admin_client.get(reverse("admin:innocigs_deliverynote_changelist")).content.decode()
    assert "piececode=00340654321" in listing
    assert reverse("admin:innocigs_restock_change", args=[order.pk]) in listing
    assert admin_client.get(reverse("admin:innocigs_deliverynote_change", args=[note.pk])).status_code == 200
    found = admin_client.get(reverse("admin:innocigs_restock_changelist") + "?q=AS100AMZ&state=refused")
    assert "RESTOCK-000001" in found.content.decode() and "Refused" in found.content.decode()
    assert admin_client.get(reverse("admin:innocigs_restock_add")).status_code == 403
