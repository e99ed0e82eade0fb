from django.core.management.base import BaseCommand

from backoffice.partners import PARTNERS
from shipping.management.day_sync import add_day_arguments, run_day_sync
from shipping.tracking import TrackingSyncFailed, tracker, trackers


class Command(BaseCommand):
    help = ("Reads a partner's tracking (one day, or the last N days) and records new parcels on their orders. "
            "Rerunning it records nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--partner", required=True, choices=sorted(trackers()))
        add_day_arguments(parser, default="the partner's")

    def handle(self, *args, partner, date, days, **options):
        # --partner's choices are the partners with tracking, so tracker() finds it.
        run_day_sync(self, name="sync_tracking", title=f"{PARTNERS[partner]} tracking", sync=tracker(partner),
                     failed=TrackingSyncFailed, date=date, days=days)
