"""MeinEinkauf.ch as the core sees it: one PartnerSpec, registered by apps.MeinEinkaufConfig.ready()."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from backoffice.partner_http import PartnerConfig
from backoffice.registry import PartnerSpec, RouteSpec
from backoffice.schedules import ScheduleSpec

ROUTE = "meineinkauf"  # the route of Swiss and Liechtenstein orders, whose last leg is MeinEinkauf


def config() -> PartnerConfig:
    s = settings
    return PartnerConfig("meineinkauf", s.MEINEINKAUF_BASE_URL, s.MEINEINKAUF_TIMEOUT, secrets=(s.MEINEINKAUF_API_KEY,))


SPEC = PartnerSpec(
    name="meineinkauf",
    label="MeinEinkauf.ch",
    config=config,
    actions=(("register_meineinkauf", gettext_lazy("Register with MeinEinkauf")),),
    permissions=(("register_meineinkauf", "Can register orders with MeinEinkauf"),),
    # InnoCigs ships the goods to MeinEinkauf's hub in Germany, then MeinEinkauf takes them across the border.
    routes=(RouteSpec(ROUTE, gettext_lazy("MeinEinkauf.ch (CH/LI)"), ("innocigs", "meineinkauf"),
                      countries=frozenset({"CH", "LI"})),),
    check="shipping.meineinkauf.client.check_connection",
    adapter="shipping.meineinkauf.registration.MeinEinkaufAdapter",
    tracker="shipping.meineinkauf.tracking.tracking_sync",
    panels=(("admin/shipping/meineinkauf_panel.html", "shipping.meineinkauf.panels.order_panel"),),
    sandbox=("meineinkauf/v1/", "shipping.meineinkauf.sandbox.api"),
    hub="shipping.selectors.with_hub_parcels",
    demo_states="shipping.meineinkauf.demo.load_demo_states",
    figures="shipping.meineinkauf.selectors.dashboard_figures",
    inbox="shipping.meineinkauf.inbox.inbox_rows",
    schedules=(
        ScheduleSpec("meineinkauf_tracking", "shipping.meineinkauf.tasks.tracking_sync_task",
                     title=gettext_lazy("Read MeinEinkauf order states and tracking"),
                     permission="orders.sync_tracking",
                     minutes=30,
                     help="MeinEinkauf orders changed since the last run: processing states, Swiss tracking, "
                          "documents."),
        ScheduleSpec("meineinkauf_returns", "shipping.meineinkauf.tasks.returns_sync_task",
                     title=gettext_lazy("Read MeinEinkauf returns"), permission="orders.sync_tracking",
                     minutes=60,
                     help="MeinEinkauf returns changed since the last run, with their items, tour and tracking."),
    ),
)
