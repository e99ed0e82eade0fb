"""Reading a MeinEinkauf list (orders or returns) page by page, only as far back as the last sync.

MeinEinkauf offers no "changed since" filter, but sorts by `processingStateChanged`. So a feed is read
newest first and reading stops at the first entry older than the feed's cursor (the newest change the
previous run applied). An entry changed while the pages are read moves to the front: the pages behind
shift, which only repeats entries (applying is idempotent), and the moved entry is newer than the cursor
this run sets, so the next run reads it.

The cursor moves only when a run read everything since the last one; an entry that failed holds it back
to that entry's change, so the next run tries it again.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from shipping.meineinkauf.client import PAGE_SIZE
from shipping.meineinkauf.models import MeinEinkaufSyncCursor

log = logging.getLogger(__name__)

UPDATED, UNCHANGED, NOT_IN_SHOP = "updated", "unchanged", "not in the shop"
# How many entries had each outcome, as a schedule's result stores it (in English; said in words where shown).
OUTCOME_COUNTS = {UPDATED: N_("%(count)s updated"), UNCHANGED: N_("%(count)s unchanged"),
                  NOT_IN_SHOP: N_("%(count)s not in the shop")}


@dataclass
class FeedRun:
    feed: str
    read: int = 0
    pages: int = 0
    counts: dict = field(default_factory=dict)
    failed: int = 0
    unreadable: int = 0
    newest: datetime | None = None
    oldest_failure: datetime | None = None
    repeated: bool = False  # MeinEinkauf sent a page again instead of the next one: the read is not complete

    def count(self, outcome):
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    def summary(self):
        # Stored as a schedule's result in English; said in the reader's language where it is shown.
        parts = [N_("%(count)s read") % {"count": self.read}]
        parts += [OUTCOME_COUNTS.get(outcome, "%(count)s " + outcome) % {"count": n}
                  for outcome, n in self.counts.items()]
        if self.failed:
            parts.append(N_("%(count)s failed (see the log; tried again next run)") % {"count": self.failed})
        if self.unreadable:
            parts.append(N_("%(count)s unreadable entries skipped") % {"count": self.unreadable})
        if self.repeated:
            parts.append(N_("stopped after page %(page)s: MeinEinkauf sent the same entries again instead of the "
                            "next page (tried again next run)") % {"page": self.pages})
        return ", ".join(parts)


def feed_cursor(feed) -> datetime | None:
    return MeinEinkaufSyncCursor.objects.filter(feed=feed).values_list("changed_until", flat=True).first()


def feed_read(*, feed, fetch, apply, since=None, until=None, progress=None, keep_cursor=True) -> FeedRun:
    """Applies every entry changed in [since, until) (since: the cursor when `keep_cursor`), newest first.

    `fetch(offset=, limit=)` returns a client Page; `apply(entry)` returns an outcome word.
    """
    if keep_cursor:
        since = feed_cursor(feed)
    run = FeedRun(feed)
    offset, seen = 0, set()
    while True:
        page = fetch(offset=offset, limit=PAGE_SIZE)
        run.pages += 1
        # A partner that ignores `offset` would send the first page forever (its count may say there are more).
        if page.items and all(entry.id in seen for entry in page.items):
            run.repeated = True
            break
        seen.update(entry.id for entry in page.items)
        run.unreadable += page.unreadable
        if offset == 0 and since is None and progress is not None and hasattr(progress, "total"):
            progress.total = (progress.total or 0) + page.count  # a full read: the size is known
        reached_older = False
        for entry in page.items:
            changed = entry.changed
            if since is not None and changed is not None and changed < since:
                reached_older = True
                break
            if until is not None and changed is not None and changed >= until:
                continue
            run.read += 1
            if changed is not None and (run.newest is None or changed > run.newest):
                run.newest = changed
            try:
                run.count(apply(entry))
            except Exception:
                log.exception("MeinEinkauf %s: entry %s could not be applied", feed, entry.id)
                run.failed += 1
                if changed is not None and (run.oldest_failure is None or changed < run.oldest_failure):
                    run.oldest_failure = changed
            if progress is not None:
                progress.advance()
        offset += len(page.items) + page.unreadable
        if reached_older or (not page.items and not page.unreadable) or offset >= page.count:
            break
    if keep_cursor:
        _move_cursor(feed, since, run)
    return run


def _move_cursor(feed, since, run):
    until = since if run.repeated else run.oldest_failure or run.newest or since
    if since is not None and until is not None and until < since:
        until = since
    MeinEinkaufSyncCursor.objects.update_or_create(
        feed=feed, defaults={"changed_until": until, "synced_at": timezone.now(), "summary": run.summary()},
    )
