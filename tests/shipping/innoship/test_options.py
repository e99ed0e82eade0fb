"""Innoship's courier options in their own table: the import saves them beside the order, the order page edits
them, and an order without a row has the defaults."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from orders.models import Order, Submission
from orders.services.import_files import source_from_file
from orders.services.importing import orders_import, orders_import_source
from shipping.innoship.models import CourierBooking, CourierOptions, booking_for, options_for
from tests.orders import factories

pytestmark = pytest.mark.django_db

ORDER = {
    "number": "A1001", "placed_at": "2026-11-20", "route": "innoship", "phone": "+49 40 123456",
    "shipping_address": {"first_name": "Jane", "last_name": "Doe", "street": "Teststr.", "house_number": "23",
                         "postcode": "22761", "city": "Hamburg", "country": "DE"},
    "lines": [{"sku": "SKU-1", "quantity": 1, "unit_price": "9.90"}],
}


def run(*orders):
    return orders_import(payload={"orders": list(orders)}, actor="user:alice")


def test_imported_options_are_kept_beside_the_order_and_a_repeat_is_unchanged():
    report = run({**ORDER, "service_id": "6", "fixed_location_id": "1001", "insurance_amount": "80.00",
                  "open_package": "true"}, {**ORDER, "number": "A1002"})
    assert [r.outcome for r in report.results] == ["created", "created"]
    options = CourierOptions.objects.get()
    assert (options.order.number, options.service_id, options.fixed_location_id, options.insurance_amount,
            options.open_package) == ("A1001", 6, "1001", Decimal("80.00"), True)
    assert options_for(Order.objects.get(number="A1002")).service_id is None  # the defaults, no row
    again = run({**ORDER, "service_id": "6", "fixed_location_id": "1001", "insurance_amount": "80.00",
                 "open_package": "true"}, {**ORDER, "number": "A1002"})
    assert [r.outcome for r in again.results] == ["unchanged", "unchanged"]


def test_other_options_for_an_imported_order_are_a_conflict_naming_the_field():
    run({**ORDER, "fixed_location_id": "1001"})
    [result] = run({**ORDER, "fixed_location_id": "1002"}).results
    assert result.outcome == "conflict" and "Locker or pick-up point" in result.messages()[0]
    assert CourierOptions.objects.get().fixed_location_id == "1001"


def test_a_csv_file_with_the_option_columns_imports_them():
    header = ("number,placed_at,route,phone,service_id,fixed_location_id,insurance_amount,open_package,"
              "shipping_first_name,shipping_last_name,shipping_street,shipping_postcode,shipping_city,"
              "shipping_country,sku,quantity,unit_price")
    row = "A1001,2026-11-20,innoship,+49 40 123456,4,,12.50,false,Jane,Doe,Teststr.,22761,Hamburg,DE,SKU-1,1,9.90"
    source = source_from_file(name="orders.csv", content=f"{header}\n{row}\n".encode())
    report = orders_import_source(source=source, actor="user:alice")
    assert report.created and not report.errors, [r.messages() for r in report.results]
    options = CourierOptions.objects.get()
    assert (options.service_id, options.insurance_amount, options.open_package) == (4, Decimal("12.50"), False)


def test_the_order_page_edits_the_options_with_the_imports_checks_and_notes_the_change(admin_client):
    order = factories.order("A1", route="innoship")
    url = reverse("admin:orders_order_change", args=[order.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="innoship_options-0-fixed_location_id"' in page and "<details" not in page
    data = {"route": order.route, "email": "", "phone": "", "birthday": "", "currency": "EUR", "payment_type": "",
            "shipping_cost": "0.00", "cash_on_delivery": "0.00", "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "1", "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000",
            "lines-0-id": order.lines.get().pk, "lines-0-order": order.pk, "lines-0-sku": "SKU-0",
            "lines-0-quantity": "1", "lines-0-unit_price": "9.90", "lines-0-vat_rate": "19.00",
            "innoship_options-TOTAL_FORMS": "1", "innoship_options-INITIAL_FORMS": "0",
            "innoship_options-MIN_NUM_FORMS": "0", "innoship_options-MAX_NUM_FORMS": "1",
            "innoship_options-0-order": order.pk, "innoship_options-0-service_id": "",
            "innoship_options-0-insurance_amount": "-1", "innoship_options-0-fixed_location_id": "1002",
            "_save": "Save"}
    response = admin_client.post(url, data)
    assert response.status_code == 200 and not CourierOptions.objects.exists()  # the import's check: not negative
    response = admin_client.post(url, {**data, "innoship_options-0-insurance_amount": ""})
    assert response.status_code == 302
    assert CourierOptions.objects.get(order=order).fixed_location_id == "1002"
    assert order.events.last().note == "changed on the order page: fixed_location_id"


def test_the_options_are_folded_where_the_order_does_not_go_by_courier(admin_client):
    order = factories.order("A1", route="innocigs")
    page = admin_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "<details><summary>" in page and 'name="innoship_options-0-service_id"' in page


def test_a_submitted_order_shows_its_options_to_read_only(client):
    order = factories.order("A1", route="innoship", status="submitted")
    factories.submission(order, state=Submission.State.ACCEPTED)
    CourierOptions.objects.create(order=order, fixed_location_id="1001")
    user = User.objects.create_user("bob", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_order", "change_order"]))
    client.force_login(user)
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "1001" in page and 'name="innoship_options-0-fixed_location_id"' not in page


def test_a_shipment_without_a_booking_row_has_an_empty_booking():
    shipment = factories.shipment(factories.order("A1"), "JJD1")
    assert booking_for(shipment).courier_id is None and not CourierBooking.objects.exists()
