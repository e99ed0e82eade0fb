from django.apps import AppConfig


class InnoshipConfig(AppConfig):
    name = "shipping.innoship"
    label = "innoship"
    verbose_name = "Innoship"

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
