"""Zonos / iGlobal as the core sees it: one PartnerSpec, registered by apps.ZonosConfig.ready()."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from backoffice.partner_http import PartnerConfig
from backoffice.registry import PartnerSpec
from backoffice.schedules import ScheduleSpec


def config() -> PartnerConfig:
    s = settings
    return PartnerConfig("zonos", s.ZONOS_BASE_URL, s.ZONOS_TIMEOUT, secrets=(s.ZONOS_SECRET,))


SPEC = PartnerSpec(
    name="zonos",
    label="Zonos / iGlobal",
    config=config,
    check="orders.zonos.client.check_connection",
    blockers=("orders.zonos.selectors.order_zonos_problems",),
    sandbox=("zonos/", "orders.zonos.sandbox.api"),
    demo_states="orders.zonos.demo.load_demo_states",
    figures="orders.zonos.selectors.dashboard_figures",
    inbox="orders.zonos.inbox.inbox_rows",
    schedules=(
        ScheduleSpec("reconcile_zonos", "orders.zonos.tasks.reconcile_zonos_task",
                     title=gettext_lazy("Read new Zonos orders"), permission="orders.reconcile_zonos",
                     minutes=60,
                     help="Lists the Zonos orders since the last known one (and refreshes recent statuses)."),
        ScheduleSpec("missing_merchant_ids_zonos", "orders.zonos.tasks.missing_merchant_ids_zonos_task",
                     title=gettext_lazy("Confirm our order numbers to Zonos"), permission="orders.confirm_zonos",
                     minutes=24 * 60,
                     help="Asks Zonos which orders of the last two weeks lack our order number "
                          "(missingMerchantOrderId): confirms it for those imported here, reports the others."),
    ),
)
