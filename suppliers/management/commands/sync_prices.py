from suppliers.management.sync_command import SyncCommand
from suppliers.services import prices_sync


class Command(SyncCommand):
    help = ("Syncs purchase prices, recommended prices, graduated prices and other units from InnoCigs (prices), "
            "or only those of the models given. One transaction.")
    label = "price"
    by_model = True

    def sync(self, progress, *, actor, models, **options):
        return prices_sync(models=models, actor=actor, progress=progress)
