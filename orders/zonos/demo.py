"""Zonos' demo states: an order taken at its checkout that the shop lacks, and one on fraud review that the shop
holds. The same orders the Zonos sandbox serves (orders/zonos/sandbox/api.py default_orders), so a
reconciliation from the browser agrees with the demo."""

from django.utils import timezone

from orders.zonos.models import FRAUD_REVIEW, IN_PROCESS, ZonosOrder
from orders.zonos.sandbox.api import default_orders

MISSING, HELD = 10001, 10004  # the sandbox's first order (in process, unknown to the shop) and its fraud review
STATUS = {MISSING: IN_PROCESS, HELD: FRAUD_REVIEW}


def load_demo_states():
    if ZonosOrder.objects.exists():
        return []
    now = timezone.now()
    for order in default_orders():
        if order["sequence"] not in STATUS:
            continue
        zonos_id = order["id"]
        ZonosOrder.objects.create(zonos_id=zonos_id, short_id=str(order["sequence"]), sequence=order["sequence"],
                                  status=STATUS[order["sequence"]], merchant_order_id=order["merchantOrderId"] or "",
                                  last_seen_at=now)
    return ["Zonos: one order missing from the shop, one on fraud review (A1013, held)"]
