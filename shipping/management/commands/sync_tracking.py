from django.core.management.base import BaseCommand, CommandError

from backoffice.partners import PARTNERS
from shipping.management.day_sync import add_day_arguments, run_day_sync
from shipping.tracking import TrackerUnavailable, TrackingSyncFailed, tracker, trackers


class Command(BaseCommand):
    help = ("Reads a partner's tracking (one day, or the last N days) and records new parcels on their orders. "
            "Rerunning it records nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--partner", required=True, choices=sorted(trackers()))
        add_day_arguments(parser, default="the partner's")

    def handle(self, *args, partner, date, days, **options):
        try:
            sync = tracker(partner)
        except TrackerUnavailable as exc:
            raise CommandError(str(exc)) from None
        run_day_sync(self, name="sync_tracking", title=f"{PARTNERS[partner]} tracking", sync=sync,
                     failed=TrackingSyncFailed, date=date, days=days)
