from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = gettext_lazy("Orders")

    def ready(self):
        from orders.permissions import partner_permissions_create

        post_migrate.connect(partner_permissions_create, sender=self)
