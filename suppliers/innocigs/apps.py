from django.apps import AppConfig


class InnocigsConfig(AppConfig):
    name = "suppliers.innocigs"
    label = "innocigs"
    verbose_name = "InnoCigs"
