from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("reconcile_zonos", "orders.zonos.tasks.reconcile_zonos_task",
                 title=_("Read new Zonos orders"), permission="orders.reconcile_zonos",
                 minutes=60,
                 help="Lists the Zonos orders since the last known one (and refreshes recent statuses)."),
    ScheduleSpec("missing_merchant_ids_zonos", "orders.zonos.tasks.missing_merchant_ids_zonos_task",
                 title=_("Confirm our order numbers to Zonos"), permission="orders.confirm_zonos",
                 minutes=24 * 60,
                 help="Asks Zonos which orders of the last two weeks lack our order number (missingMerchantOrderId): "
                      "confirms it for those imported here, reports the others."),
]
