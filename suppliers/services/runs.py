"""The record of each sync, which is also its lock: one running sync per kind, enforced by the database."""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from backoffice.actors import current_actor
from backoffice.words import when
from suppliers.models import SyncRun


class SyncBusy(Exception):
    """A sync of the same kind is already running; this one did nothing."""

    def __init__(self, running: SyncRun):
        self.running = running
        super().__init__(
            f"A {running.get_kind_display().lower()} sync is already running (since {when(running.started_at)}, "
            "started by "
            f"{running.triggered_by}); this one did nothing."
        )


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    skipped: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SyncResult:
    kind: str
    run_id: int
    created: int
    updated: int
    unchanged: int
    deactivated: int
    skipped: int
    seconds: float
    notes: tuple[str, ...] = ()

    def summary(self):
        line = (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.deactivated} deactivated")
        if self.skipped:
            line += f", {self.skipped} skipped"
        return f"{line}, {self.seconds:.1f} s"


def run_start(*, kind, scope="full", api=""):
    """Claims the kind's lock by creating its running row; raises SyncBusy when another run holds it.

    A run whose process died is released after INNOCIGS_SYNC_STALE_MINUTES.
    """
    now = timezone.now()
    stale = now - timedelta(minutes=settings.INNOCIGS_SYNC_STALE_MINUTES)
    SyncRun.objects.filter(kind=kind, status=SyncRun.Status.RUNNING, started_at__lt=stale).update(
        status=SyncRun.Status.ABANDONED, finished_at=now,
        error=f"No end was recorded within {settings.INNOCIGS_SYNC_STALE_MINUTES} minutes; its process died.",
    )
    try:
        with transaction.atomic():
            return SyncRun.objects.create(kind=kind, scope=scope[:120], api=api, triggered_by=current_actor()[:120])
    except IntegrityError:
        running = SyncRun.objects.filter(kind=kind, status=SyncRun.Status.RUNNING).first()
        if running is None:  # it finished between our insert and this read: still, this one did nothing
            running = SyncRun(kind=kind, started_at=now, triggered_by="another process")
        raise SyncBusy(running) from None


def run_finish(run, *, counts: Counts = None, error: Exception = None):
    """Records how the run ended and releases the lock."""
    run.finished_at = timezone.now()
    if error is None:
        run.status = SyncRun.Status.SUCCEEDED
        for name in ("created", "updated", "unchanged", "deactivated", "skipped"):
            setattr(run, name, getattr(counts, name))
    else:
        run.status = SyncRun.Status.FAILED
        run.error = str(getattr(error, "message", "") or error)[:4000]
        run.error_code = getattr(error, "code", "") or type(error).__name__
    run.save(update_fields=["finished_at", "status", "created", "updated", "unchanged", "deactivated", "skipped",
                            "error", "error_code"])


def run_sync(*, kind, scope, api, work) -> SyncResult:
    """Runs `work()` (returning Counts) under the kind's lock and records the outcome, failed or not."""
    run = run_start(kind=kind, scope=scope, api=api)
    started = time.monotonic()
    try:
        counts = work()
    except BaseException as exc:  # a failure, Ctrl-C included, is recorded and releases the lock
        run_finish(run, error=exc)
        raise
    run_finish(run, counts=counts)
    return SyncResult(kind, run.pk, counts.created, counts.updated, counts.unchanged, counts.deactivated,
                      counts.skipped, time.monotonic() - started, counts.notes)
