"""Reading a feed newest first, only back to the cursor, and holding the cursor at an entry that failed."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from shipping.meineinkauf.feeds import feed_cursor, feed_read
from shipping.meineinkauf.remote import Page

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    id: int
    changed: datetime | None


class Feed:
    """A partner list sorted newest first, served in pages like MeinEinkauf's."""

    def __init__(self, entries):
        self.entries = sorted(entries, key=lambda e: e.changed or T0, reverse=True)
        self.offsets = []

    def __call__(self, *, offset, limit):
        self.offsets.append(offset)
        return Page(tuple(self.entries[offset: offset + limit]), len(self.entries), limit, offset)


def entries(n):
    return [Entry(i, T0 + timedelta(minutes=i)) for i in range(n)]


def test_a_first_read_pages_through_everything_and_sets_the_cursor_to_the_newest():
    feed, applied = Feed(entries(120)), []
    run = feed_read(feed="t", fetch=feed, apply=lambda e: applied.append(e.id) or "updated")
    assert feed.offsets == [0, 50, 100]
    assert (run.read, run.counts, len(set(applied))) == (120, {"updated": 120}, 120)
    assert feed_cursor("t") == T0 + timedelta(minutes=119)


def test_a_later_read_stops_at_the_first_entry_older_than_the_cursor():
    feed_read(feed="t", fetch=Feed(entries(120)), apply=lambda e: "updated")
    newer = entries(120) + [Entry(500, T0 + timedelta(hours=5)), Entry(501, T0 + timedelta(hours=6))]
    feed, applied = Feed(newer), []
    feed_read(feed="t", fetch=feed, apply=lambda e: applied.append(e.id) or "updated")
    assert applied == [501, 500, 119]  # the cursor's own entry is read again, then reading stops
    assert feed.offsets == [0]
    assert feed_cursor("t") == T0 + timedelta(hours=6)


def test_an_entry_that_fails_holds_the_cursor_back_so_the_next_run_tries_it_again():
    def apply(entry):
        if entry.id == 100:
            raise ValueError("broken entry")
        return "updated"

    run = feed_read(feed="t", fetch=Feed(entries(120)), apply=apply)
    assert (run.failed, run.read) == (1, 120)
    assert feed_cursor("t") == T0 + timedelta(minutes=100)
    applied = []
    feed_read(feed="t", fetch=Feed(entries(120)), apply=lambda e: applied.append(e.id) or "unchanged")
    assert applied == list(range(119, 99, -1))


def test_a_window_reads_only_its_own_span_and_leaves_the_cursor_alone():
    feed_read(feed="t", fetch=Feed(entries(10)), apply=lambda e: "updated")
    applied = []
    feed_read(feed="t", fetch=Feed(entries(10)), apply=lambda e: applied.append(e.id) or "unchanged",
              since=T0 + timedelta(minutes=3), until=T0 + timedelta(minutes=6), keep_cursor=False)
    assert applied == [5, 4, 3]
    assert feed_cursor("t") == T0 + timedelta(minutes=9)

