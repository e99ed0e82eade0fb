"""A refused API key is a configuration problem: it goes on the dashboard, never onto an order."""

from contextlib import contextmanager

from backoffice.errors import PartnerAuthError
from backoffice.models import PartnerHealth
from backoffice.services import partner_health_record
from shipping.meineinkauf.client import KEY_REFUSED, PARTNER


@contextmanager
def watching_credentials():
    """Records a refused key (E0000 missing, E0001 unknown) for the dashboard, and lets the error go on."""
    try:
        yield
    except PartnerAuthError as exc:
        partner_health_record(partner=PARTNER, ok=False, detail=f"{exc.message} [{exc.code}]")
        raise


def credentials_accepted(detail):
    """Clears a recorded refusal once a call with the key succeeds again; any other failure stays recorded."""
    if PartnerHealth.objects.filter(partner=PARTNER, ok=False, detail__startswith=KEY_REFUSED).exists():
        partner_health_record(partner=PARTNER, ok=True, detail=detail)
