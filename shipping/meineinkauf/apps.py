from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class MeinEinkaufConfig(AppConfig):
    name = "shipping.meineinkauf"
    label = "meineinkauf"
    verbose_name = gettext_lazy("MeinEinkauf.ch")

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
