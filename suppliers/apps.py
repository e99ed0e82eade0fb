from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = gettext_lazy("Catalogue (InnoCigs)")
