"""The emulated MeinEinkauf answers as the doc describes the partner."""

from datetime import datetime, timedelta

import pytest
import requests

from backoffice.sandbox import credentials, state
from shipping.meineinkauf.sandbox.store import ZURICH

pytestmark = pytest.mark.django_db
AUTH = ("api", credentials.MEINEINKAUF_API_KEY)

VALID = {
    "orderNumber": "S1", "orderDate": "2026-11-20", "currency": "chf", "paymentType": "paypal", "grossSum": 80,
    "customer": {"contactEmail": "max@muster.ch"},
    "invoiceAddress": {"lastName": "Muster", "street": "Musterstrasse", "zip": "8005", "city": "Zürich",
                       "country": "CH"},
    "consignments": [{"articles": [{"articleNumber": "A1", "name": "Hemd", "quantity": 2, "grossPrice": 35,
                                    "vatRate": "standard"}]}],
    "shippingCost": {"grossPrice": 10, "vatRate": "standard"},
    "discounts": [{"name": "Rabatt", "grossPrice": -10, "vatRate": "standard"}],
    "donations": [{"name": "Spende", "grossPrice": 10, "vatRate": "standard"}],
}


@pytest.fixture
def api(control, sandbox):
    base = f"{sandbox}/meineinkauf/v1"

    def call(method, path, **kwargs):
        return requests.request(method, f"{base}/{path}", auth=kwargs.pop("auth", AUTH), timeout=10, **kwargs)

    return call


def test_the_doc_example_order_is_accepted_with_its_id(api):
    reply = api("POST", "order", json=VALID)
    assert reply.status_code == 201
    # The doc's reply to an order is {id, success, errors}; it shows `testMode` on echo only.
    assert reply.json() == {"id": reply.json()["id"], "success": True, "errors": []}


def test_each_broken_rule_is_a_422_error_with_code_message_and_property(api):
    broken = {**VALID, "orderDate": "1999-01-01", "currency": "usd", "grossSum": 100001, "consignments": [],
              "invoiceAddress": {**VALID["invoiceAddress"], "country": "DE", "lastName": "x" * 256}}
    reply = api("POST", "order", json=broken)
    assert reply.status_code == 422
    errors = {e["property"]: (e["code"], e["message"]) for e in reply.json()["errors"]}
    assert set(errors) == {"orderDate", "currency", "grossSum", "consignments", "invoiceAddress.lastName",
                           "invoiceAddress.addressLine", "shippingAddress"}
    assert {code for code, _ in errors.values()} == {"E1000"}


def test_a_gross_sum_that_does_not_add_up_is_refused(api):
    reply = api("POST", "order", json={**VALID, "grossSum": 81})
    assert reply.status_code == 422 and reply.json()["errors"][0]["property"] == "grossSum"


def test_a_missing_or_unknown_key_is_401_with_e0000_or_e0001(api):
    assert api("GET", "order", auth=None).json()["errors"][0]["code"] == "E0000"
    reply = api("GET", "order", auth=("api", "wrong"))
    assert (reply.status_code, reply.json()["errors"][0]["code"]) == (401, "E0001")


def test_a_wrong_method_or_endpoint_is_400(api):
    assert api("DELETE", "order").status_code == 400
    assert api("PUT", "order/S1").status_code == 400
    assert api("GET", "nothing/here").status_code == 400


def test_the_guessed_plural_orders_path_is_not_served(api):
    """The order is registered at POST /v1/order (the public client); `orders` was our old guess."""
    assert api("POST", "orders", json=VALID).status_code == 400
    assert api("GET", "orders").status_code == 400


def test_lists_page_and_leave_cancelled_orders_out_unless_asked(api, control):
    for n in range(3):
        api("POST", "order", json={**VALID, "orderNumber": f"S{n}"})
    control("advance", orderNumber="S1", to="cancellation")
    listed = api("GET", "order", params={"limit": 1, "offset": 1, "sort": "id:asc"}).json()
    assert (listed["count"], listed["limit"], listed["offset"]) == (2, 1, 1)
    assert [o["orderNumber"] for o in listed["orders"]] == ["S2"]
    cancelled = api("GET", "order", params={"processingStates": "cancellation"}).json()["orders"]
    assert [o["orderNumber"] for o in cancelled] == ["S1"]
    assert api("GET", "order", params={"limit": 51}).status_code == 422


def test_orders_move_on_by_themselves_over_time(api, control):
    control("clock", stepSeconds=60)
    api("POST", "order", json=VALID)
    with state.lock:
        [order] = state.store("meineinkauf")["orders"].values()
        order["next_step_at"] = datetime.now(ZURICH) - timedelta(minutes=1)  # as if a minute had passed
    assert api("GET", "order/S1").json()["order"]["processingState"] == "arrival_assumed"


def test_an_unknown_order_or_return_has_its_documented_code(api):
    assert api("GET", "order/NOPE").json()["errors"][0]["code"] == "E1001"
    assert api("GET", "returns/NOPE").json()["errors"][0]["code"] == "E1002"


def test_maintenance_answers_503_for_as_many_requests_as_asked(api, control):
    control("unavailable", count=2)
    assert [api("GET", "echo/x").status_code for _ in range(3)] == [503, 503, 200]


def test_the_docs_lengths_types_and_patterns_are_enforced(api):
    broken = {**VALID, "externalId": "", "orderNumber": "x" * 256, "soldOnMarketplace": "no",
              "orderDate": "2026-11-20T10:00",
              "invoiceInformation": {"invoiceDate": "21.02.2018", "qrrInformation": []}}
    errors = {e["property"] for e in api("POST", "order", json=broken).json()["errors"]}
    assert errors == {"externalId", "orderNumber", "soldOnMarketplace", "orderDate", "invoiceInformation.invoiceDate",
                      "invoiceInformation.qrrInformation"}


def test_a_consignment_may_carry_only_its_tracking_but_the_order_needs_an_article(api):
    tracked = {"tracking": {"carrier": "ups", "trackingNumber": "1Z2"}}
    assert api("POST", "order", json={**VALID, "consignments": [*VALID["consignments"], tracked]}).status_code == 201
    reply = api("POST", "order", json={**VALID, "consignments": [tracked], "grossSum": 10})
    assert [e["property"] for e in reply.json()["errors"]] == ["consignments[0].articles"]
    untracked = {"tracking": {"carrier": "ups"}}
    reply = api("POST", "order", json={**VALID, "consignments": [*VALID["consignments"], untracked]})
    assert [e["property"] for e in reply.json()["errors"]] == ["consignments[1].tracking.trackingNumber"]


def test_echo_answers_get_and_post_as_the_doc_shows(api):
    assert api("GET", "echo/HelloWorld").json() == {"echo": "HelloWorld", "errors": [], "success": True,
                                                   "testMode": False}
    assert api("POST", "echo", json={"echo": "Hello World!"}).json() == {"echo": "Hello World!", "success": True,
                                                                         "errors": []}
    assert api("POST", "echo", json={"echo": ""}).status_code == 422
    assert api("POST", "echo/HelloWorld").status_code == 400
