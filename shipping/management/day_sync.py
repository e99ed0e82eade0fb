"""What the commands that read a partner day by day share (tracking, delivery notes): `--date` or `--days`,
the actor, the progress bar, and a failure said in one line with a non-zero exit."""

from datetime import date

from django.core.management.base import CommandError

from backoffice.actors import acting_as
from backoffice.errors import PartnerError
from backoffice.progress import Progress


def add_day_arguments(parser, *, default):
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--date", type=date.fromisoformat, help="one day, YYYY-MM-DD")
    when.add_argument("--days", type=int, help=f"the last N days, today included (default: {default})")


def run_day_sync(command, *, name, title, sync, failed, date, days):
    """Runs `sync(actor=..., day=..., days=..., progress=...)` as the command `name` and writes its summary.
    `failed` is the sync's own exception for a run that read only part (its text says what)."""
    if days is not None and days < 1:
        raise CommandError("--days must be at least 1.")
    with acting_as(f"command:{name}") as actor, Progress(None, title, stream=command.stderr._out) as progress:
        try:
            summary = sync(actor=actor, day=date, days=days, progress=progress)
        except failed as exc:
            raise CommandError(str(exc)) from None
        except PartnerError as exc:
            raise CommandError(f"{title} failed: {exc.message}") from None
    command.stdout.write(summary)
