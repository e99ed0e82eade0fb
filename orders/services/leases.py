"""How long a sender's claim lasts, and how long a request that got no reply may still reach the partner."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


class ClaimLost(Exception):
    """The sender's lease ran out and the sweep took its claim: it must not send."""


def lease_seconds(adapter):
    """How long a claim lasts without renewal: one request's connect and read timeouts, plus Q_STALE_MARGIN."""
    connect, read = adapter.timeout
    return connect + read + settings.Q_STALE_MARGIN


def settle_after(adapter, now=None):
    """Until when a request that got no reply may still reach the partner."""
    return (now or timezone.now()) + timedelta(seconds=adapter.timeout[1] + settings.PARTNER_LATE_REQUEST_MARGIN)
