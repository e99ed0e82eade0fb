"""Writes the audit record of a partner exchange."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from backoffice.actors import current_actor
from backoffice.models import PartnerExchange
from backoffice.redaction import redact
from backoffice.services import health_exchange_started, partner_health_from_exchange

log = logging.getLogger("backoffice.audit")


def _cap(text):
    # PostgreSQL text cannot hold NUL characters; a stray one must not lose the audit row.
    text = (text or "").replace("\x00", "\ufffd")
    limit = settings.PARTNER_AUDIT_BODY_LIMIT
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… [{len(text) - limit} more characters not kept]"


def record_exchange(*, partner, operation, method, url, status, duration_ms, request_body, response_body,
                    error, related, secrets):
    link = {}
    if related is not None:
        link = {
            "content_type": ContentType.objects.get_for_model(related),
            "object_id": str(related.pk),
            "related_label": str(related)[:120],
        }
    fields = dict(
        partner=partner,
        operation=operation,
        method=method,
        url=redact(url, secrets),
        status_code=status,
        duration_ms=duration_ms,
        request_body=_cap(redact(request_body, secrets)),
        response_body=_cap(redact(response_body, secrets)),
        error=redact(error, secrets),
        triggered_by=current_actor()[:120],
        **link,
    )
    health_exchange_started(partner)
    if transaction.get_connection().in_atomic_block:
        # After the commit, so concurrent callers inside long transactions never queue on the partner's health row.
        exchange = PartnerExchange.objects.create(**fields)
        transaction.on_commit(lambda: partner_health_from_exchange(exchange))
        return exchange
    # Outside a transaction: the row and the health in one commit (one WAL flush, not two, per request), with no
    # savepoint (two round trips fewer); should the health fail, the transaction is gone, and the row is written
    # again alone, so nothing the health meets loses the audit row.
    exchange = None
    try:
        with transaction.atomic():
            exchange = PartnerExchange.objects.create(**fields)
            partner_health_from_exchange(exchange)
    except Exception:
        if exchange is None:  # the row itself failed: nothing to write again
            raise
        log.exception("The health of %s was not updated after an exchange", partner)
        exchange = PartnerExchange.objects.create(**fields)
    return exchange
