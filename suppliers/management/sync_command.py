"""What the four sync commands share: the actor, the progress bar, the summary line and the exit status."""

from django.core.management.base import BaseCommand, CommandError

from backoffice.errors import PartnerError, error_detail
from backoffice.progress import Progress
from backoffice.registry import partner_explain
from suppliers.services import SyncBusy

BUSY_EXIT = 3


class SyncCommand(BaseCommand):
    label = ""  # what is read, e.g. "stock"
    by_model = False  # whether `--model` may narrow it to some models

    def add_arguments(self, parser):
        if self.by_model:
            parser.add_argument("--model", action="append", dest="models", metavar="MODEL",
                                help="Only this model number (repeatable).")

    def sync(self, progress, *, actor, **options):
        raise NotImplementedError

    def handle(self, *args, **options):
        name = self.__module__.rsplit(".", 1)[-1]
        with Progress(None, f"Reading the {self.label} feed", stream=self.stderr._out) as progress:
            try:
                result = self.sync(progress, actor=f"command:{name}", **options)
            except SyncBusy as exc:
                raise CommandError(str(exc), returncode=BUSY_EXIT) from None
            except PartnerError as exc:
                raise CommandError(describe_failure(exc, self.label)) from None
        self.stdout.write(f"{self.label.capitalize()} synced: {result.summary()}")
        for note in result.notes:
            self.stdout.write(note)


def describe_failure(exc, label):
    """The partner's parsed error, and what to do about it. Nothing was changed: each sync is one transaction."""
    line = f"The {label} sync failed; nothing was changed. InnoCigs: {error_detail(exc)}"
    explanation = partner_explain(exc.partner, exc.code)
    if explanation:
        line += f"\n{explanation.english} {explanation.next_step}"
    elif exc.retryable:
        line += "\nNothing to fix here: run it again later."
    return line
