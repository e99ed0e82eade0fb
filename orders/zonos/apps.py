from django.apps import AppConfig


class ZonosConfig(AppConfig):
    name = "orders.zonos"
    label = "zonos"
    verbose_name = "Zonos"
