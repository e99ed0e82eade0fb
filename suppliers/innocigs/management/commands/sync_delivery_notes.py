from datetime import date

from django.core.management.base import BaseCommand, CommandError

from backoffice.actors import acting_as
from backoffice.errors import PartnerError
from backoffice.progress import Progress
from suppliers.innocigs.deliveries import DeliverySyncFailed, delivery_notes_sync


class Command(BaseCommand):
    help = ("Reads InnoCigs' delivery notes (one day, or the last N days), records the new ones and links them "
            "to the standard orders they fulfil. Rerunning it records nothing twice.")

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--date", type=date.fromisoformat, help="one day, YYYY-MM-DD")
        when.add_argument("--days", type=int, help="the last N days, today included (default INNOCIGS_TRACKING_DAYS)")

    def handle(self, *args, date, days, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        with acting_as("command:sync_delivery_notes") as actor, Progress(
            None, "InnoCigs delivery notes", stream=self.stderr._out
        ) as progress:
            try:
                summary = delivery_notes_sync(actor=actor, day=date, days=days, progress=progress)
            except DeliverySyncFailed as exc:
                raise CommandError(str(exc)) from None
            except PartnerError as exc:
                raise CommandError(f"InnoCigs delivery notes failed: {exc.message}") from None
        self.stdout.write(summary)
