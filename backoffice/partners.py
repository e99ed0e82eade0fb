"""Each partner's connection settings, and the harmless call that checks it."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from backoffice.errors import PartnerError
from backoffice.partner_http import PartnerConfig

PARTNERS = {
    "innocigs": "InnoCigs",
    "innoship": "Innoship",
    "meineinkauf": "MeinEinkauf.ch",
    "zonos": "Zonos / iGlobal",
}

# Each partner's connection check: a function taking no arguments that returns a short description of
# what it saw, or raises PartnerError.
CHECKS = {
    # TODO(registry): each partner package's PartnerSpec will name its check; until then, by dotted path.
    "innocigs": "suppliers.innocigs.client.check_connection",
    "innoship": "shipping.innoship.client.check_connection",
    "meineinkauf": "shipping.meineinkauf.client.check_connection",
    "zonos": "orders.zonos.client.check_connection",
}


def partner_config(partner) -> PartnerConfig:
    s = settings
    if partner == "innocigs":
        return PartnerConfig(
            "innocigs", s.INNOCIGS_BASE_URL, s.INNOCIGS_TIMEOUT,
            secrets=(s.INNOCIGS_PASSWORD, f"{s.INNOCIGS_CID}:{s.INNOCIGS_PASSWORD}"),
        )
    if partner == "innoship":
        # The payout IBAN is no credential but a bank account: masked in the audit and the logs like one.
        return PartnerConfig("innoship", s.INNOSHIP_BASE_URL, s.INNOSHIP_TIMEOUT,
                             secrets=(s.INNOSHIP_API_KEY, s.INNOSHIP_BANK_IBAN))
    if partner == "meineinkauf":
        return PartnerConfig(
            "meineinkauf", s.MEINEINKAUF_BASE_URL, s.MEINEINKAUF_TIMEOUT, secrets=(s.MEINEINKAUF_API_KEY,)
        )
    if partner == "zonos":
        return PartnerConfig("zonos", s.ZONOS_BASE_URL, s.ZONOS_TIMEOUT, secrets=(s.ZONOS_SECRET,))
    raise KeyError(f"Unknown partner {partner!r}")


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
        detail, ok = import_string(CHECKS[partner])(), True
    except PartnerError as exc:
        detail, ok = exc.message + (f" [{exc.code}]" if exc.code else ""), False
    return CheckResult(partner, config.base_url, ok, detail, int((time.monotonic() - started) * 1000))


def check_partners():
    return [check_partner(partner) for partner in PARTNERS]
