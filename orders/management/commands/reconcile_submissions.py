from django.core.management.base import BaseCommand, CommandError

from backoffice.progress import Progress
from orders import adapters
from orders.services.outcomes import outcomes_summary
from orders.services.reconciling import submissions_reconcile


class Command(BaseCommand):
    help = (
        "Turns submissions whose sender died into `unknown`, then settles every unknown one from the partner's "
        "own data (never by sending again). Exits non-zero when some stay unknown."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partner", choices=sorted(adapters.adapter_paths()))

    def handle(self, *args, partner, **options):
        actor = "command:reconcile_submissions"
        with Progress(None, "Reconciling", stream=self.stderr._out) as progress:
            def report_one(result):
                progress.advance()
                self.stdout.write(str(result))

            results = submissions_reconcile(actor=actor, partner=partner, on_result=report_one)
        summary = outcomes_summary((r.state for r in results), empty="no submission with an unknown outcome")
        still_unknown = sum(not r.ok for r in results)
        if still_unknown:
            raise CommandError(f"{summary} ({still_unknown} still unknown)")
        self.stdout.write(self.style.SUCCESS(summary))
