"""'Import from Zonos' against the sandbox: orderDetail, then the shop's one import (a stand-in until merged)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from backoffice.models import PartnerHealth
from backoffice.sandbox import state
from orders.models import Order
from orders.zonos.models import ZonosOrder
from orders.zonos.sandbox import api as zonos_sandbox
from orders.zonos.services import zonos_order_import, zonos_orders_act, zonos_reconcile

from .conftest import shop_order

pytestmark = pytest.mark.django_db


def order(sequence, **fields):
    return zonos_sandbox.make_order(sequence, placed_at=datetime.now(UTC) - timedelta(days=1), **fields)


def prepared(*orders):
    zonos_sandbox.orders_set(orders)
    zonos_reconcile(actor="user:test")
    return {z.sequence: z for z in ZonosOrder.objects.all()}


def import_one(zonos_order):
    return zonos_order_import(zonos_order=zonos_order, actor="user:test")


def detail_calls():
    return [json.loads(r.body)["orderId"] for r in state.received("zonos", "orderDetail")]


def test_import_fetches_the_detail_and_creates_the_order_through_the_one_import(sandbox, stand_in_import):
    known = prepared(order(1, country="CH", address1="Bahnhofstrasse 12", city="Zürich", zip="8001"))
    result = import_one(known[1])
    assert result.ok and result.message == "imported as Z999-1 (route meineinkauf)"
    assert detail_calls() == ["999-1"]
    (call,) = stand_in_import.calls
    assert call["actor"] == "user:test" and call["dry_run"] is False
    (payload,) = call["payload"]["orders"]
    assert payload["number"] == "Z999-1" and payload["zonos_order_id"] == "999-1"
    assert payload["shipping_address"]["street"] == "Bahnhofstrasse"
    assert payload["placed_at"] == timezone.localdate(known[1].placed_at).isoformat()
    assert Order.objects.get(number="Z999-1").zonos_order_id == "999-1"


def test_importing_again_asks_nothing_and_changes_nothing(sandbox, stand_in_import):
    known = prepared(order(1))
    import_one(known[1])
    again = import_one(known[1])
    assert again.ok and again.message == "already imported as Z999-1; nothing changed"
    assert detail_calls() == ["999-1"] and len(stand_in_import.calls) == 1
    assert Order.objects.count() == 1


def test_a_shop_order_with_the_number_that_does_not_name_the_zonos_order_is_reported(sandbox, stand_in_import):
    known = prepared(order(1))
    shop_order("Z999-1")  # the import leaves it unchanged, but it is not linked to the Zonos order
    result = import_one(known[1])
    assert not result.ok and result.message == (
        "not linked: shop order Z999-1 exists but does not name this Zonos order; set its Zonos order id to 999-1")


def test_test_orders_are_never_imported(sandbox, stand_in_import):
    known = prepared(order(1, test=True))
    result = import_one(known[1])
    assert not result.ok and result.message == "test order: never imported, never shipped"
    assert detail_calls() == [] and stand_in_import.calls == []


def test_zonos_may_reveal_a_test_order_only_in_its_details(sandbox, stand_in_import):
    known = prepared(order(1))
    zonos_sandbox.orders_set([order(1, test=True)])
    result = import_one(known[1])
    assert not result.ok and "test order" in result.message and stand_in_import.calls == []
    assert ZonosOrder.objects.get().test_order


def test_a_cancelled_order_is_not_imported(sandbox, stand_in_import):
    known = prepared(order(1, status=zonos_sandbox.CANCELLED))
    result = import_one(known[1])
    assert not result.ok and result.message == "not imported: Zonos cancelled it"
    assert stand_in_import.calls == []


def test_an_order_on_hold_is_imported_with_a_warning_and_its_status_refreshed(sandbox, stand_in_import):
    known = prepared(order(1))
    zonos_sandbox.orders_set([order(1, status=zonos_sandbox.FRAUD_REVIEW)])
    result = import_one(known[1])
    assert result.ok
    assert result.message == ("imported as Z999-1 (route innocigs); Zonos says fraud review at Zonos: "
                              "do not submit it until Zonos releases it")
    assert ZonosOrder.objects.get().status == "IGLOBAL_FRAUD_REVIEW"


def test_what_the_shop_order_leaves_out_is_said(sandbox, stand_in_import):
    items = [{"productId": "1", "sku": "IC10000AIO-10", "description": "AIO Kit", "quantity": 1, "unitPrice": 29.9},
             {"description": "WELCOME5", "quantity": 1, "unitPrice": -5}]
    known = prepared(order(1, items=items, dutyTaxesTotal=6.1))
    assert import_one(known[1]).message.endswith(
        "(discount WELCOME5 -5.00 kept as the order's discount; duties and taxes 6.10 were paid to Zonos)")


def test_a_zonos_order_with_discounts_keeps_their_sum_as_the_order_discount(sandbox, stand_in_import):
    items = [{"productId": "1", "sku": "IC10000AIO-10", "description": "AIO Kit", "quantity": 1, "unitPrice": 29.9},
             {"description": "WELCOME5", "quantity": 1, "unitPrice": -5},
             {"description": "BUNDLE", "quantity": 2, "unitPrice": -1.25}]
    known = prepared(order(1, items=items))
    result = import_one(known[1])
    assert result.ok
    assert "discount WELCOME5 -5.00 kept as the order's discount; discount BUNDLE -2.50 kept" in result.message
    sent = stand_in_import.calls[0]["payload"]["orders"][0]
    assert sent["discount"] == "7.50" and [line["sku"] for line in sent["lines"]] == ["IC10000AIO-10"]
    assert Order.objects.get(number="Z999-1").discount == 7.5


@pytest.mark.parametrize(("merchant_order_id", "existing", "words"), [
    ("A1001", True, "Zonos says it became shop order A1001, which exists but does not name this Zonos order"),
    ("OLD-77", False, "another system imported it as order OLD-77, which is not in the back-office"),
])
def test_an_order_zonos_says_became_another_shop_order_is_not_imported_twice(
        sandbox, stand_in_import, merchant_order_id, existing, words):
    if existing:
        shop_order(merchant_order_id)
    known = prepared(order(1, merchant_order_id=merchant_order_id))
    result = import_one(known[1])
    assert not result.ok and words in result.message
    assert stand_in_import.calls == [] and detail_calls() == []


def test_an_order_that_cannot_become_a_shop_order_names_the_field(sandbox, stand_in_import):
    known = prepared(order(1, items=[{"description": "Gift card", "quantity": 1, "unitPrice": 10}]))
    result = import_one(known[1])
    assert not result.ok and result.message == "not imported: item 1 (Gift card): Zonos sent no SKU."
    assert stand_in_import.calls == []


@pytest.mark.parametrize(("answer", "words"), [
    (("errors", {"number": "Z999-1", "field": "lines[0].sku", "message": "unknown product"}),
     "not imported: the import refused it: lines[0].sku: unknown product"),
    (("conflicts", "Z999-1"), "not imported: shop order Z999-1 exists with other content: Z999-1"),
])
def test_a_refusal_of_the_import_is_reported_with_its_reason(sandbox, stand_in_import, answer, words):
    stand_in_import.answer = answer
    known = prepared(order(1))
    result = import_one(known[1])
    assert not result.ok and result.message == words


def test_a_zonos_error_leaves_everything_as_it_was(sandbox, stand_in_import):
    known = prepared(order(1))
    zonos_sandbox.orders_set([])
    result = import_one(known[1])
    assert not result.ok and "Zonos has no order with this id for this store" in result.message
    assert Order.objects.count() == 0 and stand_in_import.calls == []


def test_refused_credentials_stop_a_batch_and_show_on_the_dashboard(sandbox, stand_in_import, settings):
    prepared(order(1), order(2), order(3))
    settings.ZONOS_SECRET = "wrong"
    ids = list(ZonosOrder.objects.values_list("pk", flat=True))
    results = zonos_orders_act(action="import", zonos_order_ids=ids, actor="user:test")
    assert [r.ok for r in results] == [False, False, False]
    assert "ZONOS_STORE_ID and ZONOS_SECRET" in results[0].message
    assert [r.message for r in results[1:]] == ["not tried: Zonos refused the credentials"] * 2
    assert detail_calls() == ["999-1"]
    assert not PartnerHealth.objects.get(partner="zonos").ok
