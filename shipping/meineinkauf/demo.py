"""MeinEinkauf's demo state: a delivered Swiss order whose customer sent an article back to the returns centre."""

from datetime import timedelta

from django.utils import timezone

from orders.demo.steps import ACTOR, S, demo_order, demo_submission
from orders.models import Order
from orders.services.history import order_set_status
from shipping.meineinkauf.models import MeinEinkaufOrder, MeinEinkaufReturn, MeinEinkaufReturnItem

RETURNED = "A1012"


def load_demo_states():
    order = demo_order(RETURNED)
    if order is None:
        return []
    now = timezone.now()
    demo_submission(order, partner="innocigs", to=S.ACCEPTED, ago=timedelta(days=9), partner_reference="4702",
                    references={"DROPSHIP_ID": "4702"}, message="placed: DROPSHIP_ID 4702")
    demo_submission(order, partner="meineinkauf", to=S.ACCEPTED, ago=timedelta(days=7), partner_reference="880012",
                    references={"id": 880012}, message="registered: MeinEinkauf id 880012")
    for to in (Order.Status.SHIPPED, Order.Status.DELIVERED):
        order_set_status(order=order, to=to, actor=ACTOR, note="MeinEinkauf tracking")
    MeinEinkaufOrder.objects.create(order=order, meineinkauf_id=880012, order_number=order.number,
                                    processing_state="delivered", state_changed_at=now - timedelta(days=4),
                                    registered_at=now - timedelta(days=7), synced_at=now)
    item = MeinEinkaufReturn.objects.create(
        meineinkauf_id=990031, reference="R-990031", order=order, order_number=order.number,
        order_meineinkauf_id=880012, processing_state="open", state_changed_at=now - timedelta(days=1),
        registered_at=now - timedelta(days=1), synced_at=now)
    line = order.lines.first()
    MeinEinkaufReturnItem.objects.create(meineinkauf_return=item, item_key="1", article_number=line.sku,
                                         article_name=line.name, reason="defective", state="open")
    return [f"{RETURNED} delivered in Switzerland; its return waits at MeinEinkauf's returns centre"]
