from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy


class BackofficeAdminConfig(admin_apps.AdminConfig):
    """The admin, with the back-office's own site (title, dashboard, partner check)."""

    default = False
    default_site = "backoffice.admin_site.BackofficeAdminSite"


class BackofficeConfig(AppConfig):
    default = True
    name = "backoffice"
    verbose_name = gettext_lazy("Partners and audit")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
