"""The purge removes the person and keeps the place (orders/services/privacy.py says which field is which)."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from backoffice.models import PartnerExchange
from orders.models import Address, Order, OrderLine, Submission
from orders.services.importing import orders_import

from .factories import submission

SHIPPING = {"company": "Doe Dampf GmbH", "first_name": "Jane", "last_name": "Doe", "street": "Teststr.",
            "house_number": "23", "address_line2": "Hinterhaus", "postcode": "22761", "city": "Hamburg",
            "county": "Altona", "country": "DE"}
BILLING = {"company": "Roe KG", "first_name": "Richard", "last_name": "Roe", "street": "Elbchaussee",
           "house_number": "7b", "address_line2": "c/o Kanzlei", "postcode": "22763", "city": "Hamburg",
           "county": "Othmarschen", "country": "DE"}
REMOVED_FROM_ADDRESSES = {"first_name": "[removed]", "last_name": "[removed]", "street": "[removed]", "company": "",
                          "house_number": "", "address_line2": ""}
KEPT_ON_ADDRESSES = ("postcode", "city", "county", "country")


def imported(number, *, status="delivered", age_days=400):
    """An order with every personal field filled, through the normal import, then closed `age_days` ago."""
    report = orders_import(actor="test", payload={"orders": [{
        "number": number, "placed_at": "2025-01-02", "route": "innocigs", "currency": "EUR", "payment_type": "paypal",
        "shipping_cost": "4.90", "email": "jane.doe@example.com", "phone": "+49 40 123456", "birthday": "1989-06-23",
        "shipping_address": SHIPPING, "billing_address": BILLING,
        "lines": [{"sku": "SKU-1", "name": "Liquid", "quantity": 2, "unit_price": "12.50"}],
    }]})
    assert [r.outcome for r in report.results] == ["created"], [str(r) for r in report.results]
    order = Order.objects.get(number=number)
    Order.objects.filter(pk=order.pk).update(status=status, updated_at=timezone.now() - timedelta(days=age_days))
    return Order.objects.get(pk=order.pk)


def purge():
    call_command("purge_personal_data", "--older-than", "180")


@pytest.mark.django_db
def test_a_purged_order_loses_the_person_and_keeps_the_place_amounts_numbers_and_states():
    order = imported("A1")
    before = model_to_dict(order)
    addresses = {"shipping": order.shipping_address_id, "billing": order.billing_address_id}
    places = {kind: model_to_dict(Address.objects.get(pk=pk), fields=KEPT_ON_ADDRESSES)
              for kind, pk in addresses.items()}

    purge()

    order.refresh_from_db()
    assert (order.email, order.phone, order.birthday) == ("", "", None) and order.anonymised_at is not None
    unchanged = {k: v for k, v in before.items() if k not in ("email", "phone", "birthday", "anonymised_at")}
    assert {k: v for k, v in model_to_dict(order).items() if k in unchanged} == unchanged
    for kind, pk in addresses.items():
        address = Address.objects.get(pk=pk)
        assert model_to_dict(address, fields=list(REMOVED_FROM_ADDRESSES)) == REMOVED_FROM_ADDRESSES, kind
        assert model_to_dict(address, fields=KEPT_ON_ADDRESSES) == places[kind], kind
    assert places["billing"] == {"postcode": "22763", "city": "Hamburg", "county": "Othmarschen", "country": "DE"}
    line = OrderLine.objects.get(order=order)
    assert (line.sku, line.quantity, str(line.unit_price)) == ("SKU-1", 2, "12.50")
    assert order.events.last().note == "personal data removed"


@pytest.mark.django_db
def test_what_partners_quoted_back_about_the_customer_is_removed_from_messages_errors_and_history():
    order = imported("A1")
    refused = submission(order, state=Submission.State.REFUSED,
                         message="Receiver Jane Doe, Teststr. 23: street unknown; try the Doesburg depot",
                         errors=[{"code": "20005", "message": "E-Mail jane.doe@example.com ungültig",
                                  "field": "email", "next_step": "Correct the email address"},
                                 {"code": "20004", "message": "Rechnung an ROE KG / Richard Roe, Elbchaussee"}])
    order.events.create(to_state="delivered", from_state="delivered", actor="test",
                        note="Innoship: recipient phone +49 40 123456 (born 23.06.1989) unreachable")

    purge()

    refused.refresh_from_db()
    assert refused.message == "Receiver [removed] [removed], [removed] 23: street unknown; try the Doesburg depot"
    assert refused.errors == [
        {"code": "20005", "message": "E-Mail [removed] ungültig", "field": "email",
         "next_step": "Correct the email address"},
        {"code": "20004", "message": "Rechnung an [removed] / [removed] [removed], [removed]"},
    ]
    notes = list(order.events.values_list("note", flat=True))
    assert "Innoship: recipient phone [removed] (born [removed]) unreachable" in notes
    assert not any("Jane" in note or "123456" in note for note in notes)


@pytest.mark.django_db
def test_only_closed_orders_past_the_retention_lose_it_and_old_exchange_bodies_go():
    recent = imported("A2", age_days=10)
    still_open = imported("A3", status="submitted")
    old = PartnerExchange.objects.create(partner="innocigs", operation="dropship", method="POST", url="u",
                                         request_body="<FIRSTNAME>Jane</FIRSTNAME>", response_body="OK",
                                         triggered_by="test")
    PartnerExchange.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    new = PartnerExchange.objects.create(partner="innocigs", operation="dropship", method="POST", url="u",
                                         request_body="<FIRSTNAME>Jane</FIRSTNAME>", triggered_by="test")

    purge()

    for untouched in (recent, still_open):
        untouched.refresh_from_db()
        assert (untouched.email, untouched.birthday, untouched.anonymised_at) == (
            "jane.doe@example.com", date(1989, 6, 23), None)
        assert Address.objects.get(pk=untouched.shipping_address_id).first_name == "Jane"
    old.refresh_from_db()
    assert (old.request_body, old.response_body) == ("[personal data removed]",) * 2
    assert (old.operation, old.method, old.status_code) == ("dropship", "POST", None)
    new.refresh_from_db()
    assert new.request_body == "<FIRSTNAME>Jane</FIRSTNAME>"


@pytest.mark.django_db
def test_purging_twice_changes_nothing_the_second_time(capsys):
    imported("A1")
    purge()
    first = Order.objects.get(number="A1").anonymised_at
    purge()
    assert "anonymised 0 closed orders and 0 partner exchange bodies" in capsys.readouterr().out
    assert Order.objects.get(number="A1").anonymised_at == first
    assert Order.objects.get(number="A1").events.filter(note="personal data removed").count() == 1
