from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ZonosConfig(AppConfig):
    name = "orders.zonos"
    label = "zonos"
    verbose_name = gettext_lazy("Zonos")

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
