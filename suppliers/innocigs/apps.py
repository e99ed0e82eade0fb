from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InnocigsConfig(AppConfig):
    name = "suppliers.innocigs"
    label = "innocigs"
    verbose_name = gettext_lazy("InnoCigs")

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
