"""Contract tests: every example request and reply of the Zonos orderNumbers doc (zonos-order-numbers-api.txt).

Each example request is built by our client from the equivalent call and compared with the example; each example
reply is read into the result it means. The fixtures in fixtures/reference/ are the examples as printed
(README.md there names the lines). The doc's secret and store are the client's here, so requests compare whole.
Where ours differs, the test says so.
"""

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import responses

from backoffice.errors import PartnerError, PartnerValidationError
from backoffice.partner_http import PartnerConfig, PartnerHTTP
from orders.zonos.client import OrderNumber, OrderNumbers, ZonosClient

from .conftest import BASE

pytestmark = pytest.mark.django_db
REFERENCE = Path(__file__).parent / "fixtures" / "reference"
NUMBERS = f"{BASE}/v1/orderNumbers"
DOC_SECRET = "f5bde245-f55e-414d-b722-80b25161c12c"


def example(name):
    return json.loads((REFERENCE / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def doc_client(monkeypatch):
    """Our client with the doc's store and secret."""
    monkeypatch.setattr("backoffice.partner_http.time.sleep", lambda seconds: None)
    return ZonosClient(store="999", secret=DOC_SECRET,
                       http=PartnerHTTP(PartnerConfig("zonos", BASE, (1.0, 1.0), secrets=(DOC_SECRET,))))


def sent():
    return json.loads(responses.calls[-1].request.body)


@pytest.mark.parametrize(("name", "arguments"), [
    ("request_since_order_id", {"since_order_id": "999-99999"}),
    ("request_since_date", {"since_date": date(2015, 1, 1)}),
    ("request_since_through_date", {"since_date": date(2015, 1, 1), "through_date": date(2015, 6, 1)}),
    ("request_missing_merchant_order_id", {"missing_merchant_order_id": True}),
])
@responses.activate
def test_each_example_request_without_statuses(doc_client, name, arguments):
    responses.post(NUMBERS, json=example("reply"))
    doc_client.order_numbers(statuses=False, **arguments)
    assert sent() == example(name)
    assert responses.calls[-1].request.headers["Accept"] == "application/json"
    assert responses.calls[-1].request.headers["Content-Type"] == "application/json"


@responses.activate
def test_the_statuses_example_request_is_what_every_reconciliation_sends(doc_client):
    # Ours asks with statuses by default ("statuses": true, as in "BEISPIELANFRAGE: Status"): the reconciliation
    # needs each order's status and merchantOrderId.
    responses.post(NUMBERS, json=example("reply_statuses"))
    doc_client.order_numbers(since_date=date(2015, 1, 1))
    assert sent() == example("request_statuses")


def moment(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@responses.activate
def test_the_example_reply(doc_client):
    responses.post(NUMBERS, json=example("reply"))
    listed = doc_client.order_numbers(since_order_id="999-99999", statuses=False)
    assert (listed.total_count, listed.order_count, listed.test_order_count) == (6, 5, 1)
    assert listed.orders[:2] == (OrderNumber("999-99991", moment("2015-01-01 00:33:14"), False),
                                 OrderNumber("999-99992", moment("2015-01-01 05:12:46"), True))
    assert [o.order_id for o in listed.orders] == [f"999-9999{n}" for n in range(1, 7)]
    assert [o.sequence for o in listed.orders] == list(range(99991, 99997))
    assert all(o.status is None and o.merchant_order_id is None for o in listed.orders)  # no statuses asked


@responses.activate
def test_the_example_reply_with_statuses(doc_client):
    responses.post(NUMBERS, json=example("reply_statuses"))
    listed = doc_client.order_numbers(since_date=date(2015, 1, 1))
    # orderStatusDate (epoch ms) wins over orderStatusDateString where both are given; in the doc's example
    # they disagree (1420097594000 is 07:33:14, the string says 14:16:17): the epoch is the machine's value.
    status_date = datetime.fromtimestamp(1420097594, tz=UTC)
    assert listed == OrderNumbers(2, 1, 1, (
        OrderNumber("999-99991", moment("2015-01-01 00:33:14"), False, "IGLOBAL_FRAUD_REVIEW", status_date, ""),
        OrderNumber("999-99992", moment("2015-01-01 05:12:46"), True, "IGLOBAL_ORDER_IN_PROCESS", status_date,
                    "abc123"),
    ))


@responses.activate
def test_the_example_error_reply(doc_client):
    # "Beispiel Fehlerantwort", under HTTP 200.
    responses.post(NUMBERS, json=example("reply_error"))
    with pytest.raises(PartnerValidationError) as refused:
        doc_client.order_numbers(since_order_id="999999")
    assert refused.value.code == "unknown_since_order_id"
    assert "Couldn't find order for sinceOrderId: 999999" in refused.value.message


@pytest.mark.parametrize(("text", "code"), [
    # "HTTP-Fehlerantworten": every 200 error of the table, as the doc prints it (in German).
    ("Eingabe konnte nicht geparst werden", "unreadable_request"),
    ("Bestellnummer: 999-99999 ist keine gültige Bestellnummer", "invalid_order_id"),
    ("Parameter Bestellnummer oder Referenznummer ist erforderlich.", "missing_parameter"),
    ("Kann nicht beide Parameter Bestellnummer und Referenznummer angeben.", "conflicting_parameters"),
    ("Bestelldetails konnten nicht verarbeitet werden.", "not_processed"),
    ("Ungültige Sicherheitsanmeldeinformationen", "credentials"),
])
@responses.activate
def test_each_documented_error_text(doc_client, text, code):
    responses.post(NUMBERS, json={"error": text})
    with pytest.raises(PartnerError) as refused:
        doc_client.order_numbers(since_date=date(2015, 1, 1))
    assert refused.value.code == code and text in refused.value.message


@pytest.mark.parametrize(("status", "header"), [(406, "Accept"), (415, "Content-Type")])
@responses.activate
def test_the_documented_http_errors(doc_client, status, header):
    responses.post(NUMBERS, body="<html>refused</html>", status=status, content_type="text/html")
    with pytest.raises(PartnerError) as refused:
        doc_client.order_numbers(since_date=date(2015, 1, 1))
    assert refused.value.code == f"http_{status}" and header in refused.value.message
