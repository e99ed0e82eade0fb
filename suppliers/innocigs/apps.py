from django.apps import AppConfig


class InnocigsConfig(AppConfig):
    name = "suppliers.innocigs"
    label = "innocigs"
    verbose_name = "InnoCigs"

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
