"""Writes shared by every app: partner health."""

from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext

from backoffice.models import PartnerHealth
from backoffice.partners import check_partners


def partner_health_record(*, partner, ok, detail, latency_ms=0, base_url=None):
    defaults = {"ok": ok, "detail": detail[:2000], "latency_ms": latency_ms, "checked_at": timezone.now()}
    if base_url is not None:
        defaults["base_url"] = base_url[:300]
    PartnerHealth.objects.update_or_create(partner=partner, defaults=defaults)


def partner_health_from_exchange(exchange):
    """The partner's health follows its latest real exchange: no reply, a server error or refused credentials
    mean the connection is down; any other answer (a refused order included) means the partner is there."""
    recorded = PartnerHealth.objects.filter(partner=exchange.partner).values_list("checked_at", flat=True).first()
    if recorded is not None and recorded >= exchange.created_at:
        return  # a caller who read the reply (a login refused in a 200) recorded something newer: it knows better
    status = exchange.status_code
    down = status is None or status >= 500 or status in (401, 403)
    if status is None:
        detail = gettext("%(operation)s: no reply (%(error)s)") % {"operation": exchange.operation,
                                                                  "error": exchange.error[:200]}
    else:
        detail = gettext("%(operation)s: answered HTTP %(status)s") % {"operation": exchange.operation,
                                                                      "status": status}
    parts = urlsplit(exchange.url)
    partner_health_record(partner=exchange.partner, ok=not down, detail=detail, latency_ms=exchange.duration_ms,
                          base_url=f"{parts.scheme}://{parts.netloc}" if parts.netloc else "")


def partners_check():
    """Checks every partner and records the outcome for the dashboard."""
    results = check_partners()
    for result in results:
        partner_health_record(partner=result.partner, ok=result.ok, detail=result.detail,
                              latency_ms=result.latency_ms, base_url=result.base_url)
    return results
