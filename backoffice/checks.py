"""System checks of the back-office's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def sandbox_check(app_configs, **kwargs):
    if not settings.SANDBOX:
        return []
    return [Warning(
        "The partner sandbox is served under /sandbox/ (SANDBOX=true, SANDBOX_FORCE=true): anyone who reaches the "
        "server can call fake partner APIs with the sandbox's published credentials, and a superuser or a holder "
        "of SANDBOX_CONTROL_TOKEN can steer them.",
        hint="Set SANDBOX=false in production.",
        id="backoffice.W001",
    )]
