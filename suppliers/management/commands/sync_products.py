from suppliers.management.sync_command import SyncCommand
from suppliers.services import products_sync


class Command(SyncCommand):
    help = ("Syncs the InnoCigs catalogue (products/normal, or products/extended with descriptions). Products "
            "missing from the feed are marked gone with stock 0, never deleted. One transaction.")
    label = "catalogue"

    def add_arguments(self, parser):
        parser.add_argument("--extended", action="store_true", help="Include descriptions and composition.")

    def sync(self, progress, *, actor, extended, **options):
        return products_sync(actor=actor, extended=extended, progress=progress)
