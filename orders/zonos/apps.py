from django.apps import AppConfig


class ZonosConfig(AppConfig):
    name = "orders.zonos"
    label = "zonos"
    verbose_name = "Zonos"

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
