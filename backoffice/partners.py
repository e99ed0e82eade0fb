"""Each partner's connection settings, and the harmless call that checks it, as its PartnerSpec declares them."""

import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.module_loading import import_string

from backoffice.errors import PartnerError, error_detail
from backoffice.partner_http import PartnerConfig
from backoffice.registry import partner_label, partner_spec, partner_specs


class _Labels(Mapping):
    """name -> label of every registered partner, read from the registry when asked (it fills in ready())."""

    def __getitem__(self, name):
        return partner_spec(name).label

    def __iter__(self):
        return iter([spec.name for spec in partner_specs()])

    def __len__(self):
        return len(partner_specs())

    def get(self, name, default=None):
        return partner_label(name) if default is None else super().get(name, default)


PARTNERS = _Labels()

def partner_config(partner) -> PartnerConfig:
    return partner_spec(partner).config()


@dataclass(frozen=True)
class CheckResult:
    partner: str
    base_url: str
    ok: bool
    detail: str
    latency_ms: int
    configured: bool = True

    @property
    def label(self):
        return PARTNERS[self.partner]


def check_partner(partner) -> CheckResult:
    config = partner_config(partner)
    if not config.configured:
        return CheckResult(partner, "", False, "not configured (no base URL)", 0, configured=False)
    started = time.monotonic()
    try:
        detail, ok = import_string(partner_spec(partner).check)(), True
    except PartnerError as exc:
        detail, ok = error_detail(exc), False
    return CheckResult(partner, config.base_url, ok, detail, int((time.monotonic() - started) * 1000))


def check_partners():
    return [check_partner(partner) for partner in PARTNERS]
