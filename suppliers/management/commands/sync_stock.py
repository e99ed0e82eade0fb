from suppliers.management.sync_command import SyncCommand
from suppliers.services import stock_sync


class Command(SyncCommand):
    help = ("Syncs stock from InnoCigs: every model (quantity_all), or only the models given. One transaction; "
            "a stock snapshot only where quantity or status changed.")
    label = "stock"
    by_model = True

    def sync(self, progress, *, actor, models, **options):
        return stock_sync(models=models, actor=actor, progress=progress)
