from django.core.management.base import BaseCommand

from shipping.management.day_sync import add_day_arguments, run_day_sync
from suppliers.innocigs.deliveries import DeliverySyncFailed, delivery_notes_sync


class Command(BaseCommand):
    help = ("Reads InnoCigs' delivery notes (one day, or the last N days), records the new ones and links them "
            "to the standard orders they fulfil. Rerunning it records nothing twice.")

    def add_arguments(self, parser):
        add_day_arguments(parser, default="INNOCIGS_TRACKING_DAYS")

    def handle(self, *args, date, days, **options):
        run_day_sync(self, name="sync_delivery_notes", title="InnoCigs delivery notes", sync=delivery_notes_sync,
                     failed=DeliverySyncFailed, date=date, days=days)
