"""What the two Zonos commands share: the "configured?" check, a progress bar made once Zonos has said how many
orders there are, the acting-as block, and a partner failure turned into the command's error."""

from django.core.management.base import CommandError

from backoffice.actors import acting_as
from backoffice.errors import PartnerError
from backoffice.partners import partner_config
from backoffice.progress import Progress
from orders.zonos.client import PARTNER


def run_with_progress(command, *, actor, label, failure, run):
    """Calls `run(actor=..., on_listed=..., on_item=...)` and returns its result; `failure` begins the error
    message when Zonos fails."""
    if not partner_config(PARTNER).configured:
        raise CommandError("Zonos is not configured: set ZONOS_BASE_URL, ZONOS_STORE_ID and ZONOS_SECRET.")
    progress = None

    def listed(total):
        nonlocal progress
        progress = Progress(total, label, stream=command.stderr._out)

    try:
        with acting_as(actor):
            return run(actor=actor, on_listed=listed, on_item=lambda *_: progress.advance())
    except PartnerError as exc:
        raise CommandError(f"{failure}: {exc.message}") from None
    finally:
        if progress:
            progress.close()
