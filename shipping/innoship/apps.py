from django.apps import AppConfig


class InnoshipConfig(AppConfig):
    name = "shipping.innoship"
    label = "innoship"
    verbose_name = "Innoship"
