from django.core.management.base import BaseCommand, CommandError

from backoffice.errors import PartnerError
from backoffice.progress import Progress
from shipping.meineinkauf.returns import returns_sync


class Command(BaseCommand):
    help = (
        "Reads the returns MeinEinkauf.ch changed since the last run (or in the last N days) and stores them "
        "with their items, history, tour and tracking. Safe to run any number of times."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Read again every return changed in the last N days.")

    def handle(self, *args, days=None, **options):
        with Progress(None, "MeinEinkauf returns", stream=self.stderr._out) as progress:
            try:
                summary = returns_sync(actor="command:sync_returns", days=days, progress=progress)
            except PartnerError as exc:
                raise CommandError(f"MeinEinkauf: {exc.message}") from None
        self.stdout.write(summary)
