"""Queue entry points of the shared pieces."""

from backoffice.actors import acting_as
from backoffice.services import partners_check


def check_partners_task():
    with acting_as("schedule:check_partners"):
        results = partners_check()
    return ", ".join(f"{r.partner}: {'OK' if r.ok else 'FAILED'}" for r in results)
