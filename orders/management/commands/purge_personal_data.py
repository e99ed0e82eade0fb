from django.conf import settings
from django.core.management.base import BaseCommand

from backoffice.actors import acting_as
from orders.services.privacy import personal_data_purge


class Command(BaseCommand):
    help = (
        "Anonymises addresses, phones, emails and birthdays of closed orders older than DAYS, and the bodies "
        "of partner exchanges as old. Keeps amounts, numbers and states. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, dest="days", default=None, metavar="DAYS",
                            help="default: PERSONAL_DATA_RETENTION_DAYS")

    def handle(self, *args, days, **options):
        days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
        with acting_as("command:purge_personal_data"):
            report = personal_data_purge(older_than_days=days, actor="command:purge_personal_data")
        self.stdout.write(f"{report} (older than {days} days)")
