"""The Zonos client against stubbed HTTP: requests as documented, every documented error reply, argument rules."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import responses

from backoffice.errors import (
    PartnerAuthError,
    PartnerError,
    PartnerResponseError,
    PartnerUnavailable,
    PartnerValidationError,
)
from backoffice.models import PartnerExchange

from .conftest import BASE, SECRET

pytestmark = pytest.mark.django_db

NUMBERS = f"{BASE}/v1/orderNumbers"
DETAIL = f"{BASE}/v2/orderDetail"
UPDATE = f"{BASE}/v1/updateMerchantOrderId"

WITH_STATUSES = {  # the partner doc's example reply with 'statuses'
    "totalCount": 2, "orderCount": 1, "testOrderCount": 1,
    "orders": [
        {"testOrder": False, "id": "999-99991", "timestamp": "2015-01-01 00:33:14.0", "merchantOrderId": None,
         "orderStatus": "IGLOBAL_FRAUD_REVIEW", "orderStatusDate": 1420097594000,
         "orderStatusDateString": "2015-01-01 14:16:17.0"},
        {"testOrder": True, "id": "999-99992", "timestamp": "2015-01-01 05:12:46.0", "merchantOrderId": "abc123",
         "orderStatus": "IGLOBAL_ORDER_IN_PROCESS", "orderStatusDate": 1420097594000,
         "orderStatusDateString": "2015-01-01 14:16:17.0"},
    ],
}


def sent():
    return json.loads(responses.calls[-1].request.body)


@responses.activate
def test_order_numbers_posts_json_with_the_documented_headers_and_yyyymmdd_dates(zonos_client):
    responses.post(NUMBERS, json={"totalCount": 0, "orderCount": 0, "testOrderCount": 0, "orders": []})
    zonos_client.order_numbers(since_date=date(2015, 1, 1), through_date=date(2015, 6, 1))
    request = responses.calls[0].request
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert sent() == {"store": "999", "secret": SECRET, "sinceDate": "20150101", "throughDate": "20150601",
                      "statuses": True}


@responses.activate
def test_order_numbers_reads_statuses_and_merchant_order_ids(zonos_client):
    responses.post(NUMBERS, json=WITH_STATUSES)
    listed = zonos_client.order_numbers(since_order_id="999-99990")
    assert sent()["sinceOrderId"] == "999-99990"
    assert (listed.total_count, listed.order_count, listed.test_order_count) == (2, 1, 1)
    first, second = listed.orders
    assert first.order_id == "999-99991" and first.sequence == 99991 and not first.test_order
    assert first.placed_at == datetime(2015, 1, 1, 0, 33, 14, tzinfo=UTC)
    assert first.status == "IGLOBAL_FRAUD_REVIEW" and first.merchant_order_id == ""
    assert first.status_date == datetime(2015, 1, 1, 7, 33, 14, tzinfo=UTC)
    assert second.test_order and second.merchant_order_id == "abc123"


@responses.activate
def test_a_reply_without_statuses_leaves_them_unknown_rather_than_empty(zonos_client):
    responses.post(NUMBERS, json={"totalCount": 1, "orderCount": 1, "testOrderCount": 0, "orders": [
        {"testOrder": False, "id": "999-99991", "timestamp": "2015-01-01 00:33:14.0"}]})
    (order,) = zonos_client.order_numbers(since_order_id="99990", statuses=False).orders
    assert "statuses" not in sent()
    assert order.status is None and order.merchant_order_id is None and order.status_date is None


@responses.activate
def test_an_order_id_zonos_cannot_have_sent_is_a_malformed_reply(zonos_client):
    responses.post(NUMBERS, json={"orders": [{"id": "nonsense", "timestamp": ""}]})
    with pytest.raises(PartnerResponseError, match="unreadable id"):
        zonos_client.order_numbers(since_date=date(2015, 1, 1))


@pytest.mark.parametrize(("reply", "error", "code"), [
    # The partner doc's error table (German) and the English texts of Zonos' reference and integrations.
    ("Eingabe konnte nicht geparst werden", PartnerValidationError, "unreadable_request"),
    ("could not parse input", PartnerValidationError, "unreadable_request"),
    ("Bestellnummer: 999-99999 ist keine gültige Bestellnummer", PartnerValidationError, "invalid_order_id"),
    ("orderId: 999-99999 is not a valid orderId", PartnerValidationError, "invalid_order_id"),
    ("Parameter Bestellnummer oder Referenznummer ist erforderlich.", PartnerValidationError, "missing_parameter"),
    ("Parameter orderId or referenceId is required", PartnerValidationError, "missing_parameter"),
    ("Kann nicht beide Parameter Bestellnummer und Referenznummer angeben.", PartnerValidationError,
     "conflicting_parameters"),
    ("Cannot specify both Parameters sinceOrderId and sinceDate.", PartnerValidationError, "conflicting_parameters"),
    ("Bestelldetails konnten nicht verarbeitet werden.", PartnerError, "not_processed"),
    ("Ungültige Sicherheitsanmeldeinformationen", PartnerAuthError, "credentials"),
    ("Invalid security credentials", PartnerAuthError, "credentials"),
    ("Couldn't find order for sinceOrderId: 999999", PartnerValidationError, "unknown_since_order_id"),
    ("Could not find an order with orderId: 999-99999", PartnerValidationError, "unknown_order"),
    ("Could not retrieve order to updateMerchantOrderId for orderId: 99999", PartnerValidationError,
     "unknown_order"),
    ("Something new went wrong", PartnerError, "error"),
])
@responses.activate
def test_every_error_body_under_http_200_is_a_typed_error_quoting_zonos(zonos_client, reply, error, code):
    responses.post(NUMBERS, json={"error": reply}, status=200)
    with pytest.raises(error) as caught:
        zonos_client.order_numbers(since_order_id="999-99990")
    assert type(caught.value) is error
    assert caught.value.code == code
    assert reply in caught.value.message
    assert caught.value.retryable is (code == "not_processed")


@responses.activate
def test_an_unknown_since_order_id_is_explained_in_staff_words(zonos_client):
    responses.post(NUMBERS, json={"error": "Couldn't find order for sinceOrderId: 999999"})
    with pytest.raises(PartnerValidationError) as caught:
        zonos_client.order_numbers(since_order_id="999999")
    assert caught.value.field == "sinceOrderId"
    assert "does not know the order to list from" in caught.value.message
    assert "--since-date" in caught.value.message


@responses.activate
def test_refused_credentials_name_the_settings_and_never_the_secret(zonos_client):
    responses.post(NUMBERS, json={"error": "Invalid security credentials"})
    with pytest.raises(PartnerAuthError) as caught:
        zonos_client.order_numbers(since_order_id="1")
    assert "ZONOS_STORE_ID and ZONOS_SECRET" in caught.value.message
    assert SECRET not in str(caught.value)
    exchange = PartnerExchange.objects.get()
    assert SECRET not in exchange.request_body and exchange.operation == "orderNumbers"


@pytest.mark.parametrize(("status", "header"), [(406, "Accept"), (415, "Content-Type")])
@responses.activate
def test_406_and_415_html_replies_name_the_header(zonos_client, status, header):
    responses.post(NUMBERS, body="<html><body>refused</body></html>", status=status, content_type="text/html")
    with pytest.raises(PartnerResponseError, match=f"{header} header") as caught:
        zonos_client.order_numbers(since_order_id="1")
    assert caught.value.code == f"http_{status}"


@responses.activate
def test_an_error_body_under_http_400_is_read_the_same_way(zonos_client):
    responses.post(DETAIL, json={"error": "Could not find an order with orderId: 999-99999"}, status=400)
    with pytest.raises(PartnerValidationError) as caught:
        zonos_client.order_detail("999-99999")
    assert caught.value.code == "unknown_order"


@responses.activate
def test_transport_failures_are_typed(zonos_client):
    responses.post(NUMBERS, status=401)
    with pytest.raises(PartnerAuthError):
        zonos_client.order_numbers(since_order_id="1")
    responses.replace(responses.POST, NUMBERS, status=503)
    with pytest.raises(PartnerUnavailable):
        zonos_client.order_numbers(since_order_id="1")
    responses.replace(responses.POST, NUMBERS, body="Service temporarily down", status=200)
    with pytest.raises(PartnerResponseError, match="Expected JSON"):
        zonos_client.order_numbers(since_order_id="1")


@responses.activate
def test_reads_are_retried_but_the_merchant_order_id_update_is_sent_once(zonos_client):
    responses.post(NUMBERS, status=503)
    responses.post(UPDATE, status=503)
    with pytest.raises(PartnerUnavailable):
        zonos_client.order_numbers(since_order_id="1")
    assert len(responses.calls) == 3
    with pytest.raises(PartnerUnavailable):
        zonos_client.update_merchant_order_id(order_id="999-1", merchant_order_id="Z999-1")
    assert len(responses.calls) == 4


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"since_order_id": "999-1", "since_date": date(2026, 1, 1)}, "sinceOrderId"),
    ({"through_date": date(2026, 1, 1)}, "throughDate"),
    ({"since_date": date(2026, 2, 1), "through_date": date(2026, 1, 1)}, "throughDate"),
    ({}, "sinceOrderId"),
    ({"since_order_id": "A1001"}, "sinceOrderId"),
])
@responses.activate
def test_arguments_zonos_would_refuse_are_refused_before_any_request(zonos_client, kwargs, field):
    with pytest.raises(PartnerValidationError) as caught:
        zonos_client.order_numbers(**kwargs)
    assert caught.value.code == "arguments" and caught.value.field == field
    assert len(responses.calls) == 0


def test_both_since_parameters_are_refused_with_a_clear_message(zonos_client):
    with pytest.raises(PartnerValidationError, match="not both"):
        zonos_client.order_numbers(since_order_id="999-1", since_date=date(2026, 1, 1))


@responses.activate
def test_missing_merchant_order_id_may_be_asked_on_its_own(zonos_client):
    responses.post(NUMBERS, json={"orders": []})
    zonos_client.order_numbers(missing_merchant_order_id=True)
    assert sent()["missingMerchantOrderId"] is True


DETAIL_REPLY = {"order": {
    "orderId": "999-99991", "merchantOrderId": None, "testOrder": False, "orderStatus": "IGLOBAL_ORDER_IN_PROCESS",
    "name": "Jane Doe", "email": "jane@example.com", "phone": "+1 555 0100", "company": "",
    "address1": "123 Main Street", "address2": "Apt 4", "city": "Springfield", "state": "IL", "zip": "62701",
    "countryCode": "us",
    "items": [{"productId": "1", "sku": "IC10000L10-TE-3", "description": "Liquid", "quantity": 2,
               "unitPrice": 12.5, "weight": 40, "weightUnits": "g"},
              {"description": "WELCOME5", "quantity": 1, "unitPrice": -5}],
    "shippingTotal": 14.9, "dutyTaxesTotal": 3.1, "grandTotal": 38.3, "foreignCurrencyCode": "usd",
    "birthDate": "1985-04-12",
}}


@responses.activate
def test_order_detail_is_read_into_typed_data(zonos_client):
    responses.post(DETAIL, json=DETAIL_REPLY)
    detail = zonos_client.order_detail("99991")
    assert sent() == {"store": "999", "secret": SECRET, "orderId": "99991"}
    assert detail.order_id == "999-99991" and detail.merchant_order_id == "" and not detail.test_order
    assert detail.shipping.country_code == "US" and detail.shipping.address2 == "Apt 4"
    assert detail.billing is None
    assert detail.items[0].unit_price == Decimal("12.5") and detail.items[0].weight_units == "G"
    assert detail.items[1].unit_price == Decimal("-5")
    assert (detail.shipping_total, detail.duty_taxes_total) == (Decimal("14.9"), Decimal("3.1"))
    assert detail.customer_currency == "USD" and detail.birth_date == "1985-04-12"


@responses.activate
def test_order_detail_reads_a_separate_billing_address(zonos_client):
    order = {**DETAIL_REPLY["order"], "billingName": "Luc Tremblay", "billingAddress1": "45 Avenue du Parc",
             "billingCity": "Montréal", "billingZip": "H2V 4E7", "billingCountryCode": "CA",
             "billingEmail": "luc@example.ca"}
    responses.post(DETAIL, json={"order": order})
    billing = zonos_client.order_detail("999-99991").billing
    assert (billing.name, billing.city, billing.country_code, billing.email) == (
        "Luc Tremblay", "Montréal", "CA", "luc@example.ca")


@pytest.mark.parametrize(("item", "words"), [
    ({"sku": "X", "quantity": 1, "unitPrice": "twelve"}, "unit price for item 1"),
    ({"sku": "X", "quantity": "many", "unitPrice": 1}, "quantity for item 1"),
])
@responses.activate
def test_unreadable_item_values_are_reported_with_the_item(zonos_client, item, words):
    responses.post(DETAIL, json={"order": {**DETAIL_REPLY["order"], "items": [item]}})
    with pytest.raises(PartnerResponseError, match=words):
        zonos_client.order_detail("999-99991")


@responses.activate
def test_update_merchant_order_id_sends_both_ids_and_reads_the_confirmation(zonos_client):
    responses.post(UPDATE, json={"success": "Updated Order: 99991 with new merchantOrderId: Z999-99991"})
    update = zonos_client.update_merchant_order_id(order_id="999-99991", merchant_order_id="Z999-99991")
    assert sent() == {"store": "999", "secret": SECRET, "orderId": "999-99991", "merchantOrderId": "Z999-99991"}
    assert update.message.startswith("Updated Order: 99991")
