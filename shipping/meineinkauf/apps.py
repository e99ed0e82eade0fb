from django.utils.translation import gettext_lazy

from backoffice.registry import PartnerAppConfig


class MeinEinkaufConfig(PartnerAppConfig):
    name = "shipping.meineinkauf"
    label = "meineinkauf"
    verbose_name = gettext_lazy("MeinEinkauf.ch")
    spec = "shipping.meineinkauf.partner.SPEC"
