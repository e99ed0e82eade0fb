"""Queue entry points of the Zonos reconciliation: set the actor, call a service."""

from backoffice.actors import acting_as
from backoffice.jobs import job_run
from backoffice.partners import partner_config
from orders.zonos.client import PARTNER
from orders.zonos.services import zonos_missing_merchant_ids_settle, zonos_orders_act, zonos_reconcile


def reconcile_zonos_task():
    if not partner_config(PARTNER).configured:
        return "Zonos is not configured (no ZONOS_BASE_URL)."
    actor = "schedule:reconcile_zonos"
    with acting_as(actor):
        return zonos_reconcile(actor=actor).summary()


def missing_merchant_ids_zonos_task():
    """Daily: the Zonos orders lacking our number are confirmed or reported; the result lists each one."""
    if not partner_config(PARTNER).configured:
        return "Zonos is not configured (no ZONOS_BASE_URL)."
    actor = "schedule:missing_merchant_ids_zonos"
    with acting_as(actor):
        return zonos_missing_merchant_ids_settle(actor=actor).summary()


def zonos_action_job(job_id, *, action, zonos_order_ids):
    """Imports or confirms many Zonos orders as a Job whose page shows each one's outcome."""
    def work(actor, advance):
        results = zonos_orders_act(action=action, zonos_order_ids=zonos_order_ids, actor=actor,
                                   on_result=lambda r: advance(r.ok, str(r)))
        failed = sum(not r.ok for r in results)
        return f"{len(results) - failed} done, {failed} not done"
    return job_run(job_id, work)
