"""The partners' permissions on orders ("orders.submit_innocigs"), declared by each PartnerSpec.

Django creates a model's Meta.permissions after migrate; these come from the registry instead, so a new partner
adds its permissions without a migration in orders. Like Django's own, they are created after every migrate and
never deleted: a group keeps what it was given.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

from backoffice.registry import partner_permissions


def partner_permissions_create(app_config=None, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    try:
        Permission = apps.get_model("auth", "Permission")
        ContentType = apps.get_model("contenttypes", "ContentType")
        apps.get_model("orders", "Order")
    except LookupError:
        return  # auth or contenttypes not installed, or a migrate that stopped before orders
    order_type, _created = ContentType.objects.db_manager(using).get_or_create(app_label="orders", model="order")
    for codename, name in partner_permissions():
        Permission.objects.db_manager(using).get_or_create(
            content_type=order_type, codename=codename, defaults={"name": name}
        )
