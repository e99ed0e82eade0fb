from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InnoshipConfig(AppConfig):
    name = "shipping.innoship"
    label = "innoship"
    verbose_name = gettext_lazy("Innoship")

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
