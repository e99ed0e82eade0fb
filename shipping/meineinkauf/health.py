"""A refused API key or a wrong endpoint (400) is a configuration problem: it goes on the dashboard and the
partner's health, never onto an order."""

from contextlib import contextmanager

from django.db.models import Q

from backoffice.errors import PartnerAuthError, PartnerConfigurationError, error_detail
from backoffice.models import PartnerHealth
from backoffice.services import partner_health_record
from shipping.meineinkauf.client import KEY_REFUSED, PARTNER, WRONG_ENDPOINT

CONFIGURATION = (KEY_REFUSED, WRONG_ENDPOINT)  # how a recorded configuration problem begins


@contextmanager
def watching_credentials():
    """Records a refused key (E0000 missing, E0001 unknown) or a 400 (wrong endpoint or method) for the
    dashboard, and lets the error go on."""
    try:
        yield
    except (PartnerAuthError, PartnerConfigurationError) as exc:
        partner_health_record(partner=PARTNER, ok=False, detail=error_detail(exc))
        raise


def configuration_refused():
    """The partner's recorded health, when it is a configuration problem staff must correct."""
    begins = Q()
    for words in CONFIGURATION:
        begins |= Q(detail__startswith=words)
    return PartnerHealth.objects.filter(begins, partner=PARTNER, ok=False)


def credentials_accepted(detail):
    """Clears a recorded configuration problem once a call succeeds again; any other failure stays recorded."""
    if configuration_refused().exists():
        partner_health_record(partner=PARTNER, ok=True, detail=detail)
