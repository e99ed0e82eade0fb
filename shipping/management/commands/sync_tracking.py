from datetime import date

from django.core.management.base import BaseCommand, CommandError

from backoffice.actors import acting_as
from backoffice.errors import PartnerError
from backoffice.partners import PARTNERS
from backoffice.progress import Progress
from shipping.tracking import TrackerUnavailable, TrackingSyncFailed, tracker, trackers


class Command(BaseCommand):
    help = ("Reads a partner's tracking (one day, or the last N days) and records new parcels on their orders. "
            "Rerunning it records nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--partner", required=True, choices=sorted(trackers()))
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--date", type=date.fromisoformat, help="one day, YYYY-MM-DD")
        when.add_argument("--days", type=int, help="the last N days, today included (default: the partner's)")

    def handle(self, *args, partner, date, days, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        try:
            sync = tracker(partner)
        except TrackerUnavailable as exc:
            raise CommandError(str(exc)) from None
        with acting_as("command:sync_tracking") as actor, Progress(
            None, f"{partner} tracking", stream=self.stderr._out
        ) as progress:
            try:
                summary = sync(actor=actor, day=date, days=days, progress=progress)
            except TrackingSyncFailed as exc:
                raise CommandError(str(exc)) from None
            except PartnerError as exc:
                raise CommandError(f"{PARTNERS[partner]} tracking failed: {exc.message}") from None
        self.stdout.write(summary)
