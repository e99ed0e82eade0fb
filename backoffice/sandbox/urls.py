"""The partner emulations under /sandbox/. Their control calls, which steer an emulation (tests, demos), are
guarded here, once for all of them, by `common.control`: every route with one of CONTROL_SEGMENTS."""

from importlib import import_module

from django.urls import URLPattern, include, path

from backoffice.registry import partner_specs

from .common import control

CONTROL_SEGMENTS = {"_control", "_sandbox", "control"}  # InnoCigs and MeinEinkauf, Innoship, Zonos


def _emulation(module):
    patterns = []
    for pattern in import_module(module).urlpatterns:
        if CONTROL_SEGMENTS & set(str(pattern.pattern).split("/")):
            pattern = URLPattern(pattern.pattern, control(pattern.callback), pattern.default_args, pattern.name)
        patterns.append(pattern)
    return include(patterns)


# Each partner package names its emulation in its PartnerSpec.
urlpatterns = [path(spec.sandbox[0], _emulation(spec.sandbox[1])) for spec in partner_specs() if spec.sandbox]
