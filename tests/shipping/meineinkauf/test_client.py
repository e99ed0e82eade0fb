"""The client against stubbed HTTP: replies become typed results or typed errors, never raw dicts or crashes."""

import json

import pytest
import responses

from backoffice.errors import (
    PartnerAuthError,
    PartnerConfigurationError,
    PartnerOutcomeUnknown,
    PartnerResponseError,
    PartnerUnavailable,
    PartnerValidationError,
)
from backoffice.partner_http import PartnerConfig, PartnerHTTP
from shipping.meineinkauf.client import KEY_REFUSED, PATHS, TEST_API_KEY, MeinEinkaufClient

pytestmark = pytest.mark.django_db
BASE = "https://api.meineinkauf.test/v1"

ORDER = {
    "id": 1234, "externalId": "9876", "created": "2019-02-28T14:50:28+01:00", "orderNumber": "1518180120",
    "orderDate": "2019-02-28", "processingState": "customs_hold",
    "processingStateHistory": [{"state": "open", "changed": "2019-02-28T14:50:28+01:00"},
                               {"state": "customs_hold", "changed": "not a time"}],
    "processingStateChanged": "2019-03-01T09:00:00+01:00",
    "consignments": [{
        "reference": "2024123456", "externalId": "9876",
        "tracking": {"carrier": "swisspost", "trackingNumber": "99.60.1",
                     "labelFile": {"name": "label.pdf", "mimeType": "application/pdf", "extension": "pdf",
                                   "size": 62038}},
        "gasLabels": [{"carrier": "swisspost", "trackingNumber": "99.61.1"}, "not an object"],
        "items": [{"id": 7, "reference": "88", "article": {"articleNumber": "A1", "name": "Hemd"},
                   "reason": "not_as_described", "state": "used"}],
        "storage": {"cause": "partner_clarification_case", "checkInDate": "2021-02-21T10:50:28+01:00"},
        "customerInvoice": {"name": "invoice.pdf", "size": "many"},
        "customsValue": {"chf": 12.5},
    }],
    "insuranceFlag": True,
}


@pytest.fixture
def client():
    http = PartnerHTTP(PartnerConfig("meineinkauf", BASE, (1.0, 1.0), secrets=("secret-key",)))
    http.max_attempts = 1  # no waiting between GET retries in these tests
    return MeinEinkaufClient(api_key="secret-key", http=http)


@responses.activate
def test_an_order_with_an_unknown_state_and_unknown_fields_is_read_and_kept(client):
    responses.get(f"{BASE}/order/1518180120", json={"order": ORDER, "success": True, "errors": []})
    order = client.order("1518180120")
    assert (order.id, order.order_number, order.processing_state) == (1234, "1518180120", "customs_hold")
    assert [(h.state, h.changed_text) for h in order.history] == [
        ("open", "2019-02-28T14:50:28+01:00"), ("customs_hold", "not a time")]
    assert order.history[1].changed_at is None
    assert order.extra == (("insuranceFlag", "true"),)
    [consignment] = order.consignments
    assert (consignment.tracking.carrier, consignment.tracking.tracking_number, consignment.tracking.label.size) == (
        "swisspost", "99.60.1", 62038)
    assert [t.tracking_number for t in consignment.gas_labels] == ["99.61.1"]
    assert consignment.customer_invoice.name == "invoice.pdf" and consignment.customer_invoice.size is None
    assert consignment.items[0].article.article_number == "A1"
    assert consignment.storage.cause == "partner_clarification_case"
    assert consignment.extra == (("customsValue", '{"chf": 12.5}'),)
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")


@responses.activate
def test_an_unknown_order_number_is_none_but_a_bare_404_is_an_error(client):
    responses.get(f"{BASE}/order/X1", status=404, json={"success": False, "errors": [
        {"code": "E1001", "message": "No order found for given ordernumber", "property": ""}]})
    responses.get(f"{BASE}/order/X2", status=404, body="<html>Not Found</html>")
    assert client.order("X1") is None
    with pytest.raises(PartnerResponseError):
        client.order("X2")


@responses.activate
def test_order_numbers_are_escaped_in_the_path(client):
    responses.get(f"{BASE}/order/A%2F1%20%26%202", json={"order": ORDER, "success": True, "errors": []})
    assert client.order("A/1 & 2").id == 1234


@responses.activate
def test_a_refused_key_is_an_auth_error_with_meineinkaufs_code(client):
    responses.post(f"{BASE}/order", status=401, json={"success": False, "errors": [
        {"code": "E0001", "message": "Unknown ApiKey", "property": ""}]})
    with pytest.raises(PartnerAuthError) as caught:
        client.register_order({"orderNumber": "A1"})
    assert caught.value.code == "E0001"
    assert caught.value.message == f"{KEY_REFUSED}: Unknown ApiKey. Check MEINEINKAUF_API_KEY."
    assert "secret-key" not in str(caught.value)


@responses.activate
def test_a_422_lists_each_error_with_code_message_and_property(client):
    responses.post(f"{BASE}/order", status=422, json={"success": False, "errors": [
        {"code": "E1000", "message": "Postcode invalid", "property": "invoiceAddress.zip"},
        {"code": "E1000", "message": "Not a valid choice", "property": "consignments[0].articles[0].vatRate"}]})
    with pytest.raises(PartnerValidationError) as caught:
        client.register_order({"orderNumber": "A1"})
    assert [(i.code, i.message, i.field) for i in caught.value.issues] == [
        ("E1000", "Postcode invalid", "invoiceAddress.zip"),
        ("E1000", "Not a valid choice", "consignments[0].articles[0].vatRate")]


@responses.activate
def test_503_means_nothing_was_processed_and_may_be_retried(client):
    responses.post(f"{BASE}/order", status=503, body="<html>Wartung</html>")
    with pytest.raises(PartnerUnavailable) as caught:
        client.register_order({"orderNumber": "A1"})
    assert caught.value.retryable


@responses.activate
def test_400_is_a_configuration_error_that_is_not_retried(client):
    """The doc: 400 means the endpoint does not exist or the method is wrong; the same call fails again."""
    responses.post(f"{BASE}/order", status=400, body="<html>Bad Request</html>")
    with pytest.raises(PartnerConfigurationError) as caught:
        client.register_order({"orderNumber": "A1"})
    assert not caught.value.retryable
    assert caught.value.message.startswith("Configuration error: MeinEinkauf does not know POST order")


@pytest.mark.parametrize("status", [200, 404, 422])
@responses.activate
def test_e1001_and_e1002_mean_no_such_order_or_return_whatever_the_status(client, status):
    responses.get(f"{BASE}/order/X1", status=status, json={"success": False, "errors": [
        {"code": "E1001", "message": "No order found for given ordernumber", "property": ""}]})
    responses.get(f"{BASE}/returns/R1", status=status, json={"success": False, "errors": [
        {"code": "E1002", "message": "No return consignment found for given reference", "property": ""}]})
    assert client.order("X1") is None
    assert client.return_("R1") is None


@responses.activate
def test_test_mode_is_the_key_in_use_not_the_replys_field(client):
    responses.post(f"{BASE}/order", status=201, json={"id": 5, "success": True, "errors": [], "testMode": True})
    assert client.register_order({"orderNumber": "A1"}).test_mode is False
    tester = MeinEinkaufClient(api_key=TEST_API_KEY, http=client.http)
    responses.post(f"{BASE}/order", status=201, json={"id": 0, "success": True, "errors": []})
    assert tester.register_order({"orderNumber": "A1"}).test_mode is True


def test_every_path_is_in_one_table_and_the_order_is_posted_to_order():
    assert PATHS["order_create"] == "order"
    assert set(PATHS) == {"echo", "order_create", "order_list", "order_get", "return_list", "return_get"}


@pytest.mark.parametrize("status", [500, 502, 504])
@responses.activate
def test_a_server_error_after_registering_leaves_the_outcome_unknown(client, status):
    """The doc says a 500 processed nothing, but a 500 or 502 can also come from what stands in front of the
    API after the order was stored: only looking the order up tells."""
    responses.post(f"{BASE}/order", status=status, body="<html>Fehler</html>")
    with pytest.raises(PartnerOutcomeUnknown):
        client.register_order({"orderNumber": "A1"})


@responses.activate
def test_a_read_answered_500_may_simply_be_tried_again(client):
    responses.get(f"{BASE}/order/A1", status=500, body="<html>Fehler</html>")
    with pytest.raises(PartnerUnavailable) as caught:
        client.order("A1")
    assert caught.value.retryable


@responses.activate
def test_a_201_without_an_id_is_an_unreadable_reply_not_a_success(client):
    responses.post(f"{BASE}/order", status=201, json={"success": True, "errors": []})
    with pytest.raises(PartnerResponseError):
        client.register_order({"orderNumber": "A1"})


@responses.activate
def test_registration_returns_the_id_and_sends_the_payload_as_json(client):
    responses.post(f"{BASE}/order", status=201, json={"id": 77, "success": True, "errors": []})
    registration = client.register_order({"orderNumber": "A1", "name": "Zoë & <Co>"})
    assert (registration.id, registration.test_mode) == (77, False)
    assert json.loads(responses.calls[0].request.body) == {"orderNumber": "A1", "name": "Zoë & <Co>"}


@responses.activate
def test_a_page_skips_unreadable_entries_and_counts_them(client):
    responses.get(f"{BASE}/order", json={"orders": [ORDER, {"orderNumber": "no id"}, "junk"], "success": True,
                                          "count": 53, "limit": 50, "offset": 50, "errors": []})
    page = client.orders(offset=50, states=("cancellation",))
    assert ([o.id for o in page.items], page.unreadable, page.count, page.offset) == ([1234], 2, 53, 50)
    query = responses.calls[0].request.params
    assert query == {"limit": "50", "offset": "50", "sort": "processingStateChanged:desc",
                     "processingStates": "cancellation"}


@responses.activate
def test_a_list_reply_without_its_list_is_an_error(client):
    responses.get(f"{BASE}/returns", json={"success": True, "count": 0})
    with pytest.raises(PartnerResponseError):
        client.returns()


@responses.activate
def test_a_return_is_read_with_its_tour_items_and_tracking(client):
    responses.get(f"{BASE}/returns/6019123456", json={"return": {
        "id": 1234, "created": "2019-02-28T14:50:28+01:00", "reference": "6019123456", "processingState": "open",
        "processingStateHistory": [{"state": "open", "changed": "2019-02-28T14:50:28+01:00"}],
        "order": {"id": 99, "externalId": "9876", "orderNumber": "1518180120"},
        "items": [{"id": 1, "reference": "8812452250", "article": {"articleNumber": "12345678", "name": "Hemd"},
                   "reason": "not_as_described", "state": "used"}],
        "tour": {"id": 5, "mrnDe": "26DE1", "mrnCh": "26CH1", "transferDate": "2019-03-02"},
        "tracking": {"carrier": "swisspost", "trackingNumber": "99.00.1"}}, "success": True, "errors": []})
    found = client.return_("6019123456")
    assert (found.reference, found.order.order_number, found.tour.mrn_de, str(found.tour.transfer_date)) == (
        "6019123456", "1518180120", "26DE1", "2019-03-02")
    assert [(i.reference, i.reason, i.state) for i in found.items] == [("8812452250", "not_as_described", "used")]


@responses.activate
def test_the_echo_says_whether_the_key_is_a_test_key(client):
    responses.get(f"{BASE}/echo/backoffice", json={"echo": "backoffice", "errors": [], "success": True,
                                                   "testMode": True})
    assert client.echo().test_mode is True
