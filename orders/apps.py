from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Orders"

    def ready(self):
        from orders.permissions import partner_permissions_create

        post_migrate.connect(partner_permissions_create, sender=self)
