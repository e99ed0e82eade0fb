from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backoffice.actors import acting_as
from backoffice.progress import Progress
from orders.services.import_files import source_from_path
from orders.services.importing import orders_import_source


class Command(BaseCommand):
    help = (
        "Imports orders from a JSON or CSV file (the format is in the README). Each order is imported whole or "
        "not at all; orders already here are left unchanged, or reported as conflicts when they differ. "
        "Exits non-zero when any order was not imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .json or .csv file; another extension is read by its content")
        parser.add_argument("--dry-run", action="store_true", help="check everything, save nothing")

    def handle(self, *args, path, dry_run, **options):
        try:
            # Read as it is imported, a batch at a time, never whole.
            source = source_from_path(Path(path))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        actor = "command:import_orders"
        with acting_as(actor), Progress(source.count, "Importing", stream=self.stderr._out) as progress:
            def report_one(result):
                progress.advance()
                for message in result.messages():
                    self.stdout.write(f"{result.outcome:9} {message}")
                for message in result.warning_messages():
                    self.stdout.write(f"{'warning':9} {message}")

            # Only the counts are kept: a file of any length runs in flat memory.
            report = orders_import_source(source=source, actor=actor, dry_run=dry_run, on_result=report_one,
                                          keep_results=False)
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
