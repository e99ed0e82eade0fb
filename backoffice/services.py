"""Writes shared by every app: partner health."""

import threading
from urllib.parse import urlsplit

from django.utils import timezone, translation
from django.utils.translation import gettext_noop as N_

from backoffice.models import PartnerHealth
from backoffice.partners import check_partners
from backoffice.stored_texts import SOURCE_LANGUAGE

# Per thread, the partners whose health row this thread's latest exchange with them overwrote as answering.
_answered = threading.local()


def health_exchange_started(partner):
    """A new exchange with `partner`: what its predecessor wrote says nothing about it."""
    _answered.__dict__.pop(partner, None)


def health_answered_now(partner) -> bool:
    """True when the latest exchange of this thread with `partner` wrote its health as answering (no refusal
    recorded by this thread since): a caller about to clear a refusal has nothing to clear."""
    return _answered.__dict__.get(partner, False)


def partner_health_record(*, partner, ok, detail, latency_ms=0, base_url=None):
    health_exchange_started(partner)
    defaults = {"ok": ok, "detail": detail[:2000], "latency_ms": latency_ms, "checked_at": timezone.now()}
    if base_url is not None:
        defaults["base_url"] = base_url[:300]
    PartnerHealth.objects.update_or_create(partner=partner, defaults=defaults)


def partner_health_from_exchange(exchange):
    """The partner's health follows its latest real exchange: no reply, a server error or refused credentials
    mean the connection is down; any other answer (a refused order included) means the partner is there."""
    status, what = exchange.status_code, {"operation": exchange.operation, "status": exchange.status_code}
    if status is None:
        ok, detail = False, N_("The last call (%(operation)s) got no reply: %(error)s") % {
            **what, "error": exchange.error[:200]}
    elif status in (401, 403):
        ok, detail = False, N_("The last call (%(operation)s) was refused: the credentials are not accepted "
                               "(HTTP %(status)s). Check them in the settings.") % what
    elif status >= 500:
        ok, detail = False, N_("The last call (%(operation)s) failed with a server error at the partner "
                               "(HTTP %(status)s). If it lasts, ask the partner.") % what
    else:
        ok, detail = True, N_("Answered the last call (%(operation)s)") % what
    host = urlsplit(exchange.url)
    base_url = f"{host.scheme}://{host.netloc.rpartition('@')[2]}" if host.netloc else ""
    # One conditional update, as every exchange of a bulk submit passes here: a caller who read the reply (a
    # login refused in a 200) and recorded something newer knows better, and is left alone.
    updated = PartnerHealth.objects.filter(partner=exchange.partner, checked_at__lt=exchange.created_at).update(
        ok=ok, detail=detail[:2000], latency_ms=exchange.duration_ms, checked_at=timezone.now(),
        base_url=base_url[:300])
    _answered.__dict__[exchange.partner] = bool(updated and ok)
    if not updated and not PartnerHealth.objects.filter(partner=exchange.partner).exists():
        partner_health_record(partner=exchange.partner, ok=ok, detail=detail, latency_ms=exchange.duration_ms,
                              base_url=base_url)


def partners_check():
    """Checks every partner and records the outcome for the dashboard (its detail in English, as it is stored)."""
    with translation.override(SOURCE_LANGUAGE):
        results = check_partners()
    for result in results:
        partner_health_record(partner=result.partner, ok=result.ok, detail=result.detail,
                              latency_ms=result.latency_ms, base_url=result.base_url)
    return results
