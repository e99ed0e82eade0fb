"""The record of each sync, which is also its lock: one running sync per kind, enforced by the database."""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.actors import acting_as
from backoffice.stored_texts import in_english
from backoffice.words import when
from suppliers.models import SyncRun


class SyncBusy(Exception):
    """A sync of the same kind is already running; this one did nothing."""

    def __init__(self, running: SyncRun):
        self.running = running
        super().__init__(N_("A sync of %(kind)s is already running (since %(since)s, started by %(who)s); this "
                            "one did nothing.") % {"kind": in_english(running.get_kind_display()),
                                                   "since": when(running.started_at), "who": running.triggered_by})


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
        """Stored as a job's message in English, said in the reader's language where it is shown."""
        counts = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                  "deactivated": self.deactivated, "skipped": self.skipped, "seconds": f"{self.seconds:.1f}"}
        if self.skipped:
            return N_("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(deactivated)d "
                      "deactivated, %(skipped)d skipped, %(seconds)s s") % counts
        return N_("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(deactivated)d deactivated, "
                  "%(seconds)s s") % counts


def run_start(*, kind, actor, scope="full", api=""):
    """Claims the kind's lock by creating its running row; raises SyncBusy when another run holds it.

    A run whose process died is released after INNOCIGS_SYNC_STALE_MINUTES.
    """
    now = timezone.now()
    stale = now - timedelta(minutes=settings.INNOCIGS_SYNC_STALE_MINUTES)
    SyncRun.objects.filter(kind=kind, status=SyncRun.Status.RUNNING, started_at__lt=stale).update(
        status=SyncRun.Status.ABANDONED, finished_at=now,
        error=N_("No end was recorded within %(minutes)s minutes; its process died.") % {
            "minutes": settings.INNOCIGS_SYNC_STALE_MINUTES},
    )
    try:
        with transaction.atomic():
            return SyncRun.objects.create(kind=kind, scope=scope[:120], api=api, triggered_by=actor[:120])
    except IntegrityError:
        running = SyncRun.objects.filter(kind=kind, status=SyncRun.Status.RUNNING).first()
        if running is None:  # it finished between our insert and this read: still, this one did nothing
            running = SyncRun(kind=kind, started_at=now, triggered_by=N_("another process"))
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


def run_sync(*, kind, actor, scope, api, work) -> SyncResult:
    """Runs `work()` (returning Counts) under the kind's lock, as `actor`, and records the outcome, failed or not."""
    run = run_start(kind=kind, actor=actor, scope=scope, api=api)
    started = time.monotonic()
    try:
        with acting_as(actor):  # for the audit of its partner calls
            counts = work()
    except BaseException as exc:  # a failure, Ctrl-C included, is recorded and releases the lock
        run_finish(run, error=exc)
        raise
    run_finish(run, counts=counts)
    return SyncResult(kind, run.pk, counts.created, counts.updated, counts.unchanged, counts.deactivated,
                      counts.skipped, time.monotonic() - started, counts.notes)
