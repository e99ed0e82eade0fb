"""Done when: against the sandbox, reconciliation finds a missing order, imports it, confirms it, and then
nothing is missing. Run with the stand-in import and with the real one."""

import json

import pytest

from backoffice.sandbox import state
from orders.models import Order
from orders.services import importing
from orders.zonos.sandbox import api as zonos_sandbox
from orders.zonos.selectors import FILTERS, zonos_orders_classified
from orders.zonos.services import zonos_orders_act, zonos_reconcile

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["stand-in", "real"])
def importer(request):
    if request.param == "stand-in":
        return request.getfixturevalue("stand_in_import")
    return importing


def listed(key):
    return sorted(zonos_orders_classified().filter(FILTERS[key]).values_list("zonos_id", flat=True))


def act(action, ids):
    return zonos_orders_act(action=action, zonos_order_ids=ids, actor="user:test")


def test_missing_orders_are_imported_confirmed_and_then_nothing_is_missing(sandbox, importer):
    zonos_reconcile(actor="schedule:reconcile_zonos")
    missing = listed("missing")
    assert missing == ["999-10001", "999-10003", "999-10004", "999-10005", "999-10007"]
    assert listed("test") == ["999-10002"]

    ids = list(zonos_orders_classified().filter(FILTERS["missing"]).values_list("pk", flat=True))
    imported = act("import", ids)
    assert all(r.ok for r in imported), [str(r) for r in imported]
    assert sorted(Order.objects.values_list("number", flat=True)) == [f"Z{z}" for z in missing]
    assert Order.objects.get(number="Z999-10003").route == "meineinkauf"
    assert Order.objects.get(number="Z999-10007").route == "meineinkauf"
    assert Order.objects.get(number="Z999-10001").route == "innocigs"
    assert listed("missing") == [] and listed("unconfirmed") == missing

    confirmed = act("confirm", ids)
    assert all(r.ok for r in confirmed), [str(r) for r in confirmed]
    zonos_reconcile(actor="schedule:reconcile_zonos")
    assert listed("missing") == [] and listed("unconfirmed") == []
    assert {o["id"]: o["merchantOrderId"] for o in zonos_sandbox.orders_get() if o["id"] in missing} == {
        z: f"Z{z}" for z in missing}

    # Everything again: nothing is imported or sent twice.
    sent_before = len(state.received("zonos", "updateMerchantOrderId"))
    again = act("import", ids) + act("confirm", ids)
    assert all(r.ok for r in again) and Order.objects.count() == len(missing)
    assert len(state.received("zonos", "updateMerchantOrderId")) == sent_before
    assert [json.loads(r.body)["orderId"] for r in state.received("zonos", "orderDetail")] == missing
