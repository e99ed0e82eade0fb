"""System checks of the back-office's own settings (`manage.py check --deploy`) and of what the partner packages
declare (every command and server start)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

from backoffice.registry import partner_specs, spec_paths


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


@register()
def partner_paths_check(app_configs, **kwargs):
    """A partner package's spec names its parts by dotted path (imported when first needed): a path that does
    not import stops the start, instead of failing the first time staff use that part."""
    errors = []
    for spec in partner_specs():
        for field, path in spec_paths(spec):
            try:
                import_string(path)
            except ImportError as exc:
                errors.append(Error(f"The partner {spec.name} names {path} as its {field}, which cannot be imported: "
                                    f"{exc}", hint="Correct the path in the partner's PartnerSpec.",
                                    id="backoffice.E001"))
    return errors
