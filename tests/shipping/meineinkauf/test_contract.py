"""The doc's own examples (fixtures/, one file per example) against our mapping, our client and the sandbox.

The request: the equivalent shop order goes through our mapping and is compared with the doc's example field
by field; where our request legitimately differs, `DIFFERENT` says why. The replies: each example is parsed
by the client into the result we expect from it.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import requests
import responses

from backoffice.partner_http import PartnerConfig, PartnerHTTP
from backoffice.sandbox import credentials
from orders.models import Address, Order, OrderLine
from shipping.meineinkauf.client import TEST_API_KEY, MeinEinkaufClient
from shipping.meineinkauf.mapping import order_payload, qr_reference
from shipping.meineinkauf.replies import parse_order, parse_return
from shipping.meineinkauf.rules import payload_problems
from shipping.models import Shipment

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://api.meineinkauf.test/v1"


def example(name):
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def flat(value, path=""):
    """{'consignments[0].tracking.carrier': 'dhl', …}: every leaf of a JSON value by its property path."""
    if isinstance(value, dict):
        return {k: v for key, child in value.items() for k, v in flat(child, f"{path}.{key}" if path else key).items()}
    if isinstance(value, list):
        return {k: v for i, child in enumerate(value) for k, v in flat(child, f"{path}[{i}]").items()}
    return {path: value}


# Where our request differs from the doc's example, and why.
DIFFERENT = {
    # Left out: the doc's default (line 78) is false, and the shop does not sell on a Swiss marketplace.
    "soldOnMarketplace": "not sent; the documented default false applies",
    # We keep no customer number, title or salutation; the doc marks none of them required.
    "customer.customerNumber": "not kept by the shop",
    "invoiceAddress.salutation": "not kept by the shop", "invoiceAddress.title": "not kept by the shop",
    "shippingAddress.salutation": "not kept by the shop", "shippingAddress.title": "not kept by the shop",
    # The example fills both forms; the doc (line 80) wants street + houseNumber in CH/LI, addressLine elsewhere.
    "invoiceAddress.addressLine": "a Swiss address is sent as street and houseNumber only (doc line 80)",
    "shippingAddress.addressLine": "the shipping address is Swiss: street and houseNumber only (doc line 80)",
    # Parcel facts we do not know: InnoCigs packs and weighs the parcel, not us.
    "consignments[0].identificationBarcode": "no barcode of our own on the parcel",
    **{f"consignments[0].dimensions.{key}": "parcel size unknown" for key in ("width", "height", "length")},
    "consignments[0].grossWeight": "the articles' weight (2 × 500 g), not the packed parcel's 1200 g",
    # Article attributes beyond the EAN are not kept by the shop; payload is pass-through we do not use.
    "consignments[0].articles[0].payload": "no pass-through data",
    **{f"consignments[0].articles[0].attributes.{key}": "not kept by the shop"
       for key in ("brand", "color", "description", "material", "upc", "asin", "size", "customIdentCode",
                   "swissSocketAdapter")},
    # The shop has no donations, so the gross sum is the example's less its 10 donation.
    "donations[0].name": "the shop takes no donations", "donations[0].grossPrice": "the shop takes no donations",
    "donations[0].vatRate": "the shop takes no donations",
    "grossSum": "70, not 80: the example's sum includes a donation of 10",
}
# Values that are ours, not the example's: our ids pass through (doc line 73: "which we will only pass through").
OURS = ("externalId", "consignments[0].externalId", "consignments[0].articles[0].externalId")


def equivalent_order(payment_type="prepayment"):
    """The doc's example order as a shop order."""
    fields = {"company": "Muster GmbH", "first_name": "Erika", "last_name": "Musterfrau", "street": "Musterstrasse",
              "house_number": "28a", "address_line2": "Im Hinterhof", "postcode": "8005", "city": "Zürich",
              "country": "CH", "county": "Zürich"}
    order = Order.objects.create(
        number="1518180120", placed_at=date(2018, 2, 21), route="meineinkauf", currency="CHF",
        payment_type=payment_type, shipping_cost=Decimal(10), email="max@muster.ch", phone="+41711234567",
        shipping_address=Address.objects.create(**fields), billing_address=Address.objects.create(**fields))
    OrderLine.objects.create(order=order, sku="12345678", name="Gelbes Hemd", quantity=2, unit_price=Decimal(35),
                             vat_rate=Decimal(19), weight_grams=500, country_of_origin="DE", ean="590123412345")
    OrderLine.objects.create(order=order, sku="RABATT", name="Ihr Rabatt", quantity=1, unit_price=Decimal(-10),
                             vat_rate=Decimal(19))
    Shipment.objects.create(order=order, partner="innocigs", carrier="DHL", tracking_code="1234567890")
    return order


def test_the_equivalent_order_maps_to_the_doc_example_field_by_field():
    order = equivalent_order()
    ours, theirs = flat(order_payload(order)), flat(example("order_post_request"))
    theirs = {path: value for path, value in theirs.items() if not path.startswith("invoiceInformation")}
    line = order.lines.get(sku="12345678")
    assert {path: ours.get(path) for path in OURS} == {
        "externalId": str(order.pk), "consignments[0].externalId": str(order.pk),
        "consignments[0].articles[0].externalId": str(line.pk)}
    same = {path: value for path, value in theirs.items() if path not in DIFFERENT and path not in OURS}
    assert {path: ours.get(path) for path in same} == same
    assert (ours["grossSum"], ours["consignments[0].grossWeight"]) == (70, 1000)
    assert set(ours) - set(theirs) == set()  # nothing the doc does not describe
    # invoiceInformation is sent for invoice payments only (the example carries it on a prepayment).
    assert "invoiceInformation" not in order_payload(order)
    assert payload_problems(order_payload(order)) == []


def test_an_invoice_order_maps_to_the_doc_examples_invoice_information(settings):
    settings.MEINEINKAUF_INVOICE_QR_IBAN = "CH5212345678123456789"
    settings.MEINEINKAUF_INVOICE_CREDITOR_NAME = "Musterfirma GmbH"
    settings.MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE1 = "Musterstrasse 1a"
    settings.MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE2 = "12345 Musterstadt"
    settings.MEINEINKAUF_INVOICE_CREDITOR_COUNTRY = "DE"
    settings.MEINEINKAUF_INVOICE_DUE_DAYS = 28
    settings.MEINEINKAUF_INVOICE_ADDITIONAL_TEXT = "Vielen Dank!"
    order = equivalent_order("invoice")
    ours = order_payload(order)["invoiceInformation"]
    theirs = example("order_post_request")["invoiceInformation"]
    # Differences: the reference is a QR reference with its check digit (a QR-IBAN requires one; the example's
    # 8 digits are a placeholder), and no esrInformation, since Swiss banks no longer take the ESR slip.
    assert ours["qrrInformation"].pop("referenceNumber") == qr_reference(order.pk)
    theirs["qrrInformation"].pop("referenceNumber")
    theirs.pop("esrInformation")
    assert ours == theirs


def test_the_schema_examples_repeat_the_endpoint_examples():
    assert example("order_request_schema") == example("order_post_request")
    assert example("order_response_schema") == example("order_get_reply")["order"]
    assert example("return_response_schema") == example("return_get_reply")["return"]


@pytest.fixture
def client():
    http = PartnerHTTP(PartnerConfig("meineinkauf", BASE, (1.0, 1.0), secrets=("secret-key",)))
    http.max_attempts = 1
    return MeinEinkaufClient(api_key="secret-key", http=http)


@responses.activate
def test_the_echo_replies_parse(client):
    responses.get(f"{BASE}/echo/HelloWorld", json=example("echo_get_reply_curl"))
    responses.get(f"{BASE}/echo/Hello%20World%21", json=example("echo_get_reply"))
    tester = MeinEinkaufClient(api_key=TEST_API_KEY, http=client.http)
    assert (tester.echo("HelloWorld").echo, tester.echo("HelloWorld").test_mode) == ("HelloWorld", True)
    assert (client.echo("Hello World!").echo, client.echo("Hello World!").test_mode) == ("Hello World!", False)


@responses.activate
def test_the_order_reply_parses_into_the_registration(client):
    # The example's error entry is a placeholder ("string"); on a 201 it does not make the order refused.
    responses.post(f"{BASE}/order", status=201, json=example("order_post_reply"))
    registration = client.register_order(example("order_post_request"))
    assert (registration.id, registration.test_mode) == (1234, False)


def expected_order(order):
    assert (order.id, order.order_number, order.external_id, order.processing_state) == (
        1234, "1518180120", "9876", "exported")
    assert order.order_date == date(2019, 2, 28)
    assert [(h.state, h.changed_at.isoformat()) for h in order.history] == [("open", "2019-02-28T14:50:28+01:00")]
    [consignment] = order.consignments
    assert (consignment.reference, consignment.tracking.carrier, consignment.tracking.tracking_number) == (
        "2024123456", "swisspost", "1234567890")
    assert consignment.tracking.label.name == "9de47978-82c4-4f09-9b9d-8c520a53abc8.pdf"
    assert consignment.gas.tracking_number == "1234567890" and len(consignment.gas_labels) == 1
    [item] = consignment.items
    assert (item.reference, item.article.article_number, item.article.name, item.reason, item.state) == (
        "8812452250", "12345678", "Gelbes Hemd", "not_as_described", "used")
    assert (consignment.storage.cause, consignment.storage.solution) == (
        "partner_clarification_case", "partner_clarification_case_solved")
    assert consignment.customer_invoice.size == 62038
    assert order.extra == () and consignment.extra == ()  # every field of the example is understood


def expected_return(found):
    assert (found.id, found.reference, found.processing_state) == (1234, "6019123456", "open")
    assert (found.order.id, found.order.order_number, found.order.external_id) == (1234, "1518180120", "9876")
    assert (found.tour.mrn_de, found.tour.mrn_ch, found.tour.transfer_date) == ("12345678", "12345678",
                                                                                 date(2019, 3, 2))
    assert found.tracking.tracking_number == "1234567890"
    assert [item.reason for item in found.items] == ["not_as_described"]
    assert found.extra == ()


@responses.activate
def test_the_order_replies_parse(client):
    responses.get(f"{BASE}/order/1518180120", json=example("order_get_reply"))
    responses.get(f"{BASE}/order", json=example("order_list_reply"))
    expected_order(client.order("1518180120"))
    page = client.orders()
    assert (page.count, page.limit, page.offset, page.unreadable) == (42, 50, 0, 0)
    expected_order(page.items[0])
    expected_order(parse_order(example("order_response_schema")))


@responses.activate
def test_the_return_replies_parse(client):
    responses.get(f"{BASE}/returns/6019123456", json=example("return_get_reply"))
    responses.get(f"{BASE}/returns", json=example("return_list_reply"))
    expected_return(client.return_("6019123456"))
    page = client.returns()
    assert (page.count, page.limit, page.offset) == (42, 50, 0)
    expected_return(page.items[0])
    expected_return(parse_return(example("return_response_schema")))


def test_the_sandbox_accepts_the_doc_examples(control, sandbox):
    base, auth = f"{sandbox}/meineinkauf/v1", ("api", credentials.MEINEINKAUF_API_KEY)
    reply = requests.post(f"{base}/order", json=example("order_post_request"), auth=auth, timeout=10)
    assert reply.status_code == 201, reply.text
    assert set(reply.json()) == set(example("order_post_reply"))
    echoed = requests.post(f"{base}/echo", json=example("echo_post_request"), auth=auth, timeout=10)
    assert echoed.json() == {**example("echo_post_reply"), "errors": []}
    got = requests.get(f"{base}/order/1518180120", auth=auth, timeout=10).json()
    assert set(got) == set(example("order_get_reply"))
    assert set(got["order"]) <= set(example("order_get_reply")["order"])
