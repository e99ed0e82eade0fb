"""Zonos / iGlobal as the core sees it: one PartnerSpec, registered by apps.ZonosConfig.ready()."""

from django.conf import settings

from backoffice.partner_http import PartnerConfig
from backoffice.registry import PartnerSpec


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
)
