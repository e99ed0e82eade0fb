from django.apps import AppConfig


class MeinEinkaufConfig(AppConfig):
    name = "shipping.meineinkauf"
    label = "meineinkauf"
    verbose_name = "MeinEinkauf.ch"
