from django.utils.translation import gettext_lazy

from backoffice.registry import PartnerAppConfig


class InnocigsConfig(PartnerAppConfig):
    name = "suppliers.innocigs"
    label = "innocigs"
    verbose_name = gettext_lazy("InnoCigs")
    spec = "suppliers.innocigs.partner.SPEC"
