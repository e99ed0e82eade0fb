"""Writes shared by every app: partner health."""

from django.utils import timezone

from backoffice.models import PartnerHealth
from backoffice.partners import check_partners


def partner_health_record(*, partner, ok, detail, latency_ms=0):
    PartnerHealth.objects.update_or_create(
        partner=partner,
        defaults={"ok": ok, "detail": detail[:2000], "latency_ms": latency_ms, "checked_at": timezone.now()},
    )


def partners_check():
    """Checks every partner and records the outcome for the dashboard."""
    results = check_partners()
    for result in results:
        partner_health_record(partner=result.partner, ok=result.ok, detail=result.detail,
                              latency_ms=result.latency_ms)
    return results
