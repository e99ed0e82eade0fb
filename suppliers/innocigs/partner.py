"""InnoCigs as the core sees it: one PartnerSpec, registered by apps.InnocigsConfig.ready()."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from backoffice.partner_http import PartnerConfig
from backoffice.registry import PartnerSpec, RouteSpec
from backoffice.schedules import ScheduleSpec


def config() -> PartnerConfig:
    s = settings
    return PartnerConfig("innocigs", s.INNOCIGS_BASE_URL, s.INNOCIGS_TIMEOUT,
                         secrets=(s.INNOCIGS_PASSWORD, f"{s.INNOCIGS_CID}:{s.INNOCIGS_PASSWORD}"))


SPEC = PartnerSpec(
    name="innocigs",
    label="InnoCigs",
    config=config,
    actions=(("submit_innocigs", gettext_lazy("Submit to InnoCigs")),),
    permissions=(("submit_innocigs", "Can submit orders to InnoCigs"),),
    # A restock is an order to the shop's own address, sent with InnoCigs' `order` command (suppliers.innocigs.restock).
    routes=(RouteSpec("innocigs", gettext_lazy("InnoCigs dropship"), ("innocigs",)),
            RouteSpec("innocigs_restock", gettext_lazy("InnoCigs standard order"), ("innocigs",), imported=False)),
    check="suppliers.innocigs.client.check_connection",
    adapter="suppliers.innocigs.adapter.InnocigsDropshipAdapter",
    tracker="suppliers.innocigs.tracking.tracking_sync",
    sandbox=("innocigs/", "suppliers.innocigs.sandbox.api"),
    catalogue="suppliers.innocigs.client.InnocigsClient",
    explain="suppliers.innocigs.errors.explain",
    demo="suppliers.innocigs.demo.load_demo_catalogue",
    demo_states="suppliers.innocigs.demo_states.load_demo_states",
    figures="suppliers.innocigs.selectors.dashboard_figures",
    schedules=(
        ScheduleSpec("sync_tracking_innocigs", "suppliers.innocigs.tasks.tracking_sync_task",
                     title=gettext_lazy("Read InnoCigs tracking"), permission="orders.sync_tracking",
                     minutes=60,
                     help="Reads InnoCigs' tracking of the last INNOCIGS_TRACKING_DAYS days and records new parcels."),
        ScheduleSpec("sync_delivery_notes_innocigs", "suppliers.innocigs.tasks.delivery_notes_sync_task",
                     title=gettext_lazy("Read InnoCigs delivery notes"), permission="orders.sync_tracking",
                     minutes=180,
                     help="Reads InnoCigs' delivery notes of the last INNOCIGS_TRACKING_DAYS days."),
        ScheduleSpec("late_tracking_innocigs", "suppliers.innocigs.tasks.late_tracking_sync_task",
                     title=gettext_lazy("Ask InnoCigs about late dropships"), permission="orders.sync_tracking",
                     minutes=6 * 60,
                     help="Asks InnoCigs by order number about each open dropship older than INNOCIGS_TRACKING_DAYS "
                          "(until shipped, cancelled or INNOCIGS_LATE_TRACKING_DAYS old), so late cancellations "
                          "are seen."),
    ),
)
