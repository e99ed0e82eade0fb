"""The partner emulations under /sandbox/. Their control calls, which steer an emulation (tests, demos), are
guarded here, once for all of them, by `common.control`: every route with one of CONTROL_SEGMENTS."""

from importlib import import_module

from django.urls import URLPattern, include, path

from .common import control

CONTROL_SEGMENTS = {"_control", "_sandbox", "control"}  # InnoCigs and MeinEinkauf, Innoship, Zonos


def _emulation(module):
    patterns = []
    for pattern in import_module(module).urlpatterns:
        if CONTROL_SEGMENTS & set(str(pattern.pattern).split("/")):
            pattern = URLPattern(pattern.pattern, control(pattern.callback), pattern.default_args, pattern.name)
        patterns.append(pattern)
    return include(patterns)


# TODO(registry): each partner package will declare its emulation in its PartnerSpec; until then, the list.
urlpatterns = [
    path("innocigs/", _emulation("suppliers.innocigs.sandbox.api")),
    path("innoship/", _emulation("shipping.innoship.sandbox.api")),
    path("meineinkauf/v1/", _emulation("shipping.meineinkauf.sandbox.api")),
    path("zonos/", _emulation("orders.zonos.sandbox.api")),
]
