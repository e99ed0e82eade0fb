from django.apps import AppConfig


class ToyConfig(AppConfig):
    name = "tests.toy_partner"
    label = "toy"
    verbose_name = "Toy courier"

    def ready(self):
        from backoffice.registry import partner_register

        from .partner import SPEC

        partner_register(SPEC)
