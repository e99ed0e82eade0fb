from suppliers.management.sync_command import SyncCommand
from suppliers.services import backorders_sync


class Command(SyncCommand):
    help = "Syncs the backorders (pending): items of the shop's orders InnoCigs has not shipped yet."
    label = "backorder"

    def sync(self, progress, *, actor, **options):
        return backorders_sync(actor=actor, progress=progress)
