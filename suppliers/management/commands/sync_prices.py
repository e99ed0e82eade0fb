from suppliers.management.sync_command import SyncCommand
from suppliers.services import prices_sync


class Command(SyncCommand):
    help = ("Syncs purchase prices, recommended prices, graduated prices and other units from InnoCigs (prices), "
            "or only those of the models given. One transaction.")
    label = "price"

    def add_arguments(self, parser):
        parser.add_argument("--model", action="append", dest="models", metavar="MODEL",
                            help="Only this model number (repeatable).")

    def sync(self, progress, *, models, **options):
        return prices_sync(models=models, progress=progress)
