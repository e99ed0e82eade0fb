"""Zonos actions in the fault matrix: importing listed orders (orderDetail) and confirming their shop order
number to Zonos (updateMerchantOrderId), through a fault and then again.

Through the fault each order must come back "not imported" / "not confirmed" with the reason, and nothing
may be half-done on our side; the rerun imports each order once and confirms it; a third run changes and
sends nothing. Confirming sends only a number Zonos stores, so sending it again is harmless by design.
"""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from backoffice.sandbox import state
from orders.models import Order
from orders.zonos.models import ZonosOrder
from orders.zonos.sandbox import api as zonos_sandbox
from orders.zonos.services import zonos_orders_act

from .shop import ACTOR
from .syncs import SetupFailed

SEQUENCES = (70001, 70002)


def listed_by_zonos():
    """The sandbox holds two orders, and a reconciliation (without a fault) has listed them."""
    zonos_sandbox.orders_set([zonos_sandbox.make_order(sequence, placed_at=timezone.now()) for sequence in SEQUENCES])
    call_command("reconcile_zonos", stdout=StringIO(), stderr=StringIO())
    return list(ZonosOrder.objects.order_by("sequence").values_list("pk", flat=True))


def act(action, ids):
    return zonos_orders_act(action=action, zonos_order_ids=ids, actor=ACTOR)


def shop_orders():
    return sorted(Order.objects.filter(zonos_order_id__in=[f"999-{s}" for s in SEQUENCES]).values_list(
        "number", flat=True))


class ZonosImport:
    settings = {}

    def __init__(self, name):
        self.name = name

    def run(self, run):
        ids = listed_by_zonos()
        run.fault_on()
        results = act("import", ids)
        run.fault_off()
        run.cell.reason = results[0].message if results else ""
        for result in results:
            if result.ok or not result.message.startswith("not imported: "):
                run.problem(f"{result.zonos_id}: through the fault: {result.message}")
        if shop_orders():
            run.problem(f"orders imported through the fault: {shop_orders()}")
        run.check_pauses()
        again = act("import", ids)
        for result in again:
            if not result.ok:
                run.problem(f"{result.zonos_id}: the rerun did not import it: {result.message}")
        expected = [f"Z999-{s}" for s in SEQUENCES]
        if shop_orders() != expected:
            run.problem(f"shop orders {shop_orders()}, expected {expected}")
        details = len(state.received("zonos", "orderDetail"))
        third = act("import", ids)
        if shop_orders() != expected or len(state.received("zonos", "orderDetail")) != details or not all(
                r.ok for r in third):
            run.problem("a third run imported or asked again")
        return "not imported → imported, 1×"


class ZonosConfirm:
    settings = {}

    def __init__(self, name):
        self.name = name

    def sent(self):
        """Confirmations that reached Zonos."""
        return len(state.received("zonos", "updateMerchantOrderId"))

    def run(self, run):
        ids = listed_by_zonos()
        if not all(r.ok for r in act("import", ids)):
            raise SetupFailed("importing without a fault failed")
        run.fault_on()
        results = act("confirm", ids)
        run.fault_off()
        run.cell.reason = results[0].message if results else ""
        for result in results:
            if result.ok or not result.message:
                run.problem(f"{result.zonos_id}: through the fault: {result.message!r}")
        confirmed_here = list(ZonosOrder.objects.exclude(merchant_order_id="").exclude(
            merchant_order_id__isnull=True).values_list("zonos_id", flat=True))
        if confirmed_here:
            run.problem(f"recorded as confirmed through the fault: {confirmed_here}")
        reached = self.sent()
        if reached != (len(ids) if run.fault.forwards else 0):
            run.problem(f"{reached} confirmations reached Zonos through the fault")
        again = act("confirm", ids)
        for result in again:
            if not result.ok:
                run.problem(f"{result.zonos_id}: the rerun did not confirm it: {result.message}")
        at_zonos = {o["id"]: o["merchantOrderId"] for o in zonos_sandbox.orders_get()}
        expected = {f"999-{s}": f"Z999-{s}" for s in SEQUENCES}
        if at_zonos != expected:
            run.problem(f"Zonos holds {at_zonos}, expected {expected}")
        sent = self.sent()
        act("confirm", ids)
        if self.sent() != sent:
            run.problem("a third run sent the confirmation again")
        return "unknown → confirmed again" if any("unknown" in r.message for r in results) else (
            "not confirmed → confirmed")


ZONOS_ACTIONS = (ZonosImport("Zonos import"), ZonosConfirm("Zonos confirm"))
