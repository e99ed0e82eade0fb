from django.utils.translation import gettext_lazy

from backoffice.registry import PartnerAppConfig


class InnoshipConfig(PartnerAppConfig):
    name = "shipping.innoship"
    label = "innoship"
    verbose_name = gettext_lazy("Innoship")
    spec = "shipping.innoship.partner.SPEC"
