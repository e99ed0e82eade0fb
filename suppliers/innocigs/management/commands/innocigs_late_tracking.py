from django.core.management.base import BaseCommand, CommandError

from backoffice.actors import acting_as
from backoffice.errors import PartnerError
from backoffice.progress import Progress
from shipping.tracking import TrackingSyncFailed
from suppliers.innocigs.late_tracking import late_tracking_sync


class Command(BaseCommand):
    help = ("Asks InnoCigs by order number about each open dropship older than INNOCIGS_TRACKING_DAYS (and younger "
            "than INNOCIGS_LATE_TRACKING_DAYS), recording parcels and cancellations as the by-day sync does.")

    def handle(self, *args, **options):
        with acting_as("command:innocigs_late_tracking") as actor, Progress(
            None, "InnoCigs tracking by order", stream=self.stderr._out
        ) as progress:
            try:
                summary = late_tracking_sync(actor=actor, progress=progress)
            except TrackingSyncFailed as exc:
                raise CommandError(str(exc)) from None
            except PartnerError as exc:
                raise CommandError(f"InnoCigs tracking by order failed: {exc.message}") from None
        self.stdout.write(summary)
