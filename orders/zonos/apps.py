from django.utils.translation import gettext_lazy

from backoffice.registry import PartnerAppConfig


class ZonosConfig(PartnerAppConfig):
    name = "orders.zonos"
    label = "zonos"
    verbose_name = gettext_lazy("Zonos")
    spec = "orders.zonos.partner.SPEC"
