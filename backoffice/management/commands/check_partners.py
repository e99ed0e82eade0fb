from django.core.management.base import BaseCommand, CommandError

from backoffice.actors import acting_as
from backoffice.services import partners_check


class Command(BaseCommand):
    help = "Calls each configured partner with a harmless request and prints a table of the outcomes."

    def handle(self, *args, **options):
        with acting_as("command:check_partners"):
            results = partners_check()
        rows = [("PARTNER", "BASE URL", "RESULT", "LATENCY")]
        for r in results:
            outcome = "OK: " + r.detail if r.ok else ("-- " if not r.configured else "FAILED: ") + r.detail
            rows.append((r.label, r.base_url or "-", outcome, f"{r.latency_ms} ms" if r.configured else "-"))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]))
        failed = [r.label for r in results if r.configured and not r.ok]
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}")
