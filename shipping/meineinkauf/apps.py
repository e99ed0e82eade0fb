from django.apps import AppConfig


class MeinEinkaufConfig(AppConfig):
    name = "shipping.meineinkauf"
    label = "meineinkauf"
    verbose_name = "MeinEinkauf.ch"

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
