from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ShippingConfig(AppConfig):
    name = "shipping"
    verbose_name = gettext_lazy("Shipping and returns")
