"""The Zonos sandbox over real HTTP: it answers as the partner doc says, errors under HTTP 200 included."""

from datetime import UTC, datetime, timedelta

import pytest
import requests

from backoffice.sandbox import credentials, state
from orders.zonos.sandbox import api as zonos_sandbox
from tests.support import control_headers

HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
AUTH = {"store": credentials.ZONOS_STORE_ID, "secret": credentials.ZONOS_SECRET}


def post(sandbox, path, body, headers=HEADERS):
    return requests.post(f"{sandbox}/zonos/{path}", json=body, headers=headers, timeout=5)


def day(days_ago):
    return datetime(2026, 11, 20, 12, tzinfo=UTC) - timedelta(days=days_ago)


@pytest.fixture
def orders(sandbox):
    zonos_sandbox.orders_set([
        zonos_sandbox.make_order(50001, placed_at=day(10)),
        zonos_sandbox.make_order(50002, placed_at=day(5), test=True, merchant_order_id="abc123"),
        zonos_sandbox.make_order(50003, placed_at=day(1), status=zonos_sandbox.FRAUD_REVIEW),
    ])
    return sandbox


def ids(reply):
    return [row["id"] for row in reply.json()["orders"]]


def test_the_documented_headers_are_required(orders):
    assert post(orders, "v1/orderNumbers", {**AUTH, "sinceDate": "20260101"}, {"Accept": "text/html",
                                                                              "Content-Type": "application/json"}
                ).status_code == 406
    assert post(orders, "v1/orderNumbers", {**AUTH, "sinceDate": "20260101"}, {"Accept": "application/json",
                                                                              "Content-Type": "text/plain"}
                ).status_code == 415


@pytest.mark.parametrize(("body", "error"), [
    ({"store": "999", "secret": "wrong", "sinceDate": "20260101"}, "Invalid security credentials"),
    ({**AUTH, "sinceOrderId": "999-50001", "sinceDate": "20260101"}, "Cannot specify both Parameters"),
    ({**AUTH, "sinceOrderId": "999-12345"}, "Couldn't find order for sinceOrderId: 999-12345"),
    ({**AUTH, "sinceOrderId": "111-50001"}, "Couldn't find order for sinceOrderId: 111-50001"),
    ({**AUTH}, "Parameter sinceOrderId or sinceDate is required."),
    ({**AUTH, "sinceDate": "2026-01-01"}, "Could not parse input"),
    ({**AUTH, "sinceOrderId": "999-50001", "throughDate": "20260101"}, "Parameter sinceDate is required"),
])
def test_errors_come_with_http_200_and_an_error_body(orders, body, error):
    reply = post(orders, "v1/orderNumbers", body)
    assert reply.status_code == 200
    assert reply.json()["error"].startswith(error)


def test_since_order_id_works_with_or_without_the_store_id(orders):
    with_store = post(orders, "v1/orderNumbers", {**AUTH, "sinceOrderId": "999-50001"})
    without = post(orders, "v1/orderNumbers", {**AUTH, "sinceOrderId": 50001})
    assert ids(with_store) == ids(without) == ["999-50002", "999-50003"]


def test_dates_select_by_the_day_placed_through_date_included(orders):
    reply = post(orders, "v1/orderNumbers", {**AUTH, "sinceDate": day(10).strftime("%Y%m%d"),
                                             "throughDate": day(5).strftime("%Y%m%d")}).json()
    assert [row["id"] for row in reply["orders"]] == ["999-50001", "999-50002"]
    assert (reply["totalCount"], reply["orderCount"], reply["testOrderCount"]) == (2, 1, 1)
    assert "orderStatus" not in reply["orders"][0]


def test_statuses_add_status_and_merchant_order_id_whatever_their_value(orders):
    row = post(orders, "v1/orderNumbers", {**AUTH, "sinceOrderId": "50002", "statuses": False}).json()["orders"][0]
    assert row["orderStatus"] == "IGLOBAL_FRAUD_REVIEW" and row["merchantOrderId"] is None
    assert isinstance(row["orderStatusDate"], int) and row["orderStatusDateString"]


def test_missing_merchant_order_id_lists_recent_orders_zonos_has_no_number_for(sandbox):
    now = datetime.now(UTC)
    zonos_sandbox.orders_set([zonos_sandbox.make_order(1, placed_at=now - timedelta(days=20)),
                              zonos_sandbox.make_order(2, placed_at=now - timedelta(days=3)),
                              zonos_sandbox.make_order(3, placed_at=now, merchant_order_id="Z999-3")])
    assert ids(post(sandbox, "v1/orderNumbers", {**AUTH, "missingMerchantOrderId": True})) == ["999-2"]


def test_order_detail_and_update_merchant_order_id(orders):
    detail = post(orders, "v2/orderDetail", {**AUTH, "orderId": "50003"}).json()["order"]
    assert detail["orderId"] == "999-50003" and detail["orderStatus"] == "IGLOBAL_FRAUD_REVIEW"
    assert detail["items"][0]["sku"] and detail["countryCode"] == "US"
    done = post(orders, "v1/updateMerchantOrderId", {**AUTH, "orderId": "999-50003", "merchantOrderId": "Z1"})
    assert done.json() == {"success": "Updated Order: 50003 with new merchantOrderId: Z1"}
    assert post(orders, "v2/orderDetail", {**AUTH, "orderId": "999-50003"}).json()["order"]["merchantOrderId"] == "Z1"
    assert [r.operation for r in state.received("zonos")] == ["orderDetail", "updateMerchantOrderId", "orderDetail"]


@pytest.mark.parametrize(("path", "body", "error"), [
    ("v2/orderDetail", {}, "Parameter orderId or referenceId is required"),
    ("v2/orderDetail", {"orderId": "A-1"}, "orderId: A-1 is not a valid orderId"),
    ("v2/orderDetail", {"orderId": "999-1"}, "Could not find an order with orderId: 999-1"),
    ("v2/orderDetail", {"orderId": "999-10001", "referenceId": "R1"}, "Cannot specify both Parameters"),
    ("v1/updateMerchantOrderId", {"merchantOrderId": "Z1"}, "Parameter orderId is required"),
    ("v1/updateMerchantOrderId", {"orderId": "999-50001"}, "Parameter merchantOrderId is required"),
    ("v1/updateMerchantOrderId", {"orderId": "1", "merchantOrderId": "Z1"}, "Could not retrieve order"),
])
def test_detail_and_update_errors(orders, path, body, error):
    reply = post(orders, path, {**AUTH, **body})
    assert reply.status_code == 200 and reply.json()["error"].startswith(error)


def test_the_demo_set_has_a_test_order_and_every_documented_status(sandbox):
    listed = post(sandbox, "v1/orderNumbers", {**AUTH, "sinceDate": "20000101", "statuses": True}).json()
    assert listed["totalCount"] == 7 and listed["testOrderCount"] == 1
    statuses = {row["orderStatus"] for row in listed["orders"]}
    assert {"IGLOBAL_FRAUD_REVIEW", "IGLOBAL_ORDER_IN_PROCESS", "IGLOBAL_ORDER_ON_HOLD",
            "IGLOBAL_ORDER_CANCELLED"} <= statuses
    countries = {post(sandbox, "v2/orderDetail", {**AUTH, "orderId": row["id"]}).json()["order"]["countryCode"]
                 for row in listed["orders"]}
    assert {"CH", "LI", "US"} <= countries


def test_the_demo_set_is_the_same_every_time_for_a_given_day():
    today = datetime(2026, 11, 20, tzinfo=UTC).date()
    assert zonos_sandbox.default_orders(today) == zonos_sandbox.default_orders(today)
    assert zonos_sandbox.default_orders(today)[0]["timestamp"] == "2026-11-14 09:00:00.0"


def test_the_control_call_over_http_replaces_the_orders(sandbox):
    order = zonos_sandbox.make_order(7, placed_at=day(0))
    reply = requests.post(f"{sandbox}/zonos/control/orders", json={"orders": [order]},
                          headers=control_headers(), timeout=5)
    assert [o["id"] for o in reply.json()["orders"]] == ["999-7"]
    assert ids(post(sandbox, "v1/orderNumbers", {**AUTH, "sinceDate": "20000101"})) == ["999-7"]
