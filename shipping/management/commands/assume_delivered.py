from django.conf import settings
from django.core.management.base import BaseCommand

from backoffice.actors import acting_as
from backoffice.progress import Progress
from shipping.delivery import orders_assume_delivered, orders_due_assumed_delivered


class Command(BaseCommand):
    help = ("Marks as delivered (assumed) every shipped order whose parcels reported no problem for "
            "DELIVERY_ASSUMED_DAYS days. Rerunning it changes nothing.")

    def handle(self, *args, **options):
        with acting_as("command:assume_delivered") as actor, Progress(
            orders_due_assumed_delivered().count(), "Closing quiet shipped orders", stream=self.stderr._out
        ) as bar:
            done = orders_assume_delivered(actor=actor, on_order=lambda order: bar.advance())
        self.stdout.write(f"{done} orders delivered (assumed): no parcel problem for "
                          f"{settings.DELIVERY_ASSUMED_DAYS} days.")
