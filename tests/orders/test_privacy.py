from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from backoffice.models import PartnerExchange
from orders.models import Address, Order, OrderLine


def closed_order(number, *, status="delivered", age_days=400):
    address = Address.objects.create(company="Doe GmbH", first_name="Jane", last_name="Doe", street="Teststr.",
                                     house_number="23", postcode="22761", city="Hamburg", country="DE")
    order = Order.objects.create(number=number, placed_at=date(2025, 1, 2), route="innocigs", status=status,
                                 email="jane@example.com", phone="+49 40 123456", birthday=date(1989, 6, 23),
                                 shipping_address=address, shipping_cost="4.90")
    OrderLine.objects.create(order=order, sku="SKU-1", quantity=2, unit_price="12.50")
    Order.objects.filter(pk=order.pk).update(updated_at=timezone.now() - timedelta(days=age_days))
    return order


@pytest.mark.django_db
def test_closed_old_orders_lose_personal_data_but_keep_amounts_numbers_and_states():
    old = closed_order("A1")
    recent = closed_order("A2", age_days=10)
    still_open = closed_order("A3", status="submitted")
    exchange = PartnerExchange.objects.create(partner="innocigs", operation="dropship", method="POST", url="u",
                                              request_body="<FIRSTNAME>Jane</FIRSTNAME>", response_body="OK",
                                              triggered_by="test")
    PartnerExchange.objects.filter(pk=exchange.pk).update(created_at=timezone.now() - timedelta(days=400))

    call_command("purge_personal_data", "--older-than", "180")

    old.refresh_from_db()
    address = Address.objects.get(pk=old.shipping_address_id)
    assert (old.email, old.phone, old.birthday) == ("", "", None)
    assert (address.first_name, address.last_name, address.street, address.company) == ("[removed]",) * 3 + ("",)
    assert (old.number, old.status, str(old.shipping_cost), old.lines.get().quantity) == ("A1", "delivered", "4.90", 2)
    assert old.anonymised_at is not None
    assert old.events.last().note == "personal data removed"
    for untouched in (recent, still_open):
        untouched.refresh_from_db()
        assert untouched.email == "jane@example.com" and untouched.anonymised_at is None
    exchange.refresh_from_db()
    assert "Jane" not in exchange.request_body and exchange.status_code is None and exchange.operation == "dropship"


@pytest.mark.django_db
def test_purging_twice_changes_nothing_the_second_time(capsys):
    closed_order("A1")
    call_command("purge_personal_data", "--older-than", "180")
    first = Order.objects.get(number="A1").anonymised_at
    call_command("purge_personal_data", "--older-than", "180")
    assert "anonymised 0 closed orders and 0 partner exchange bodies" in capsys.readouterr().out
    assert Order.objects.get(number="A1").anonymised_at == first
    assert Order.objects.get(number="A1").events.filter(note="personal data removed").count() == 1
