"""Counting rows of big tables without counting them all.

A COUNT(*) over a million audit rows or 200,000 orders costs more than the page that shows them. Lists and
the dashboard count at most `cap` + 1 rows and, past the cap, say "10,000+" instead of the exact number.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator

LIST_CAP = 10_000  # rows an admin list counts; the pages beyond are reached by narrowing the list
DASHBOARD_CAP = 1_000  # what a dashboard figure counts before it says "1,000+"


class AtLeast(int):
    """A count that stopped at its cap: behaves as the cap + 1 in arithmetic and reads as "10,000+"."""

    def __new__(cls, cap):
        value = super().__new__(cls, cap + 1)
        value.cap = cap
        return value

    def __str__(self):
        return f"{self.cap:,}+"

    __repr__ = __str__


_shared = ContextVar("shared_counts", default=None)


@contextmanager
def counts_shared():
    """Within it, the same count asked twice runs once: the dashboard's figures and its inbox both count, e.g.,
    the Swiss orders between their legs (one of its dearest queries)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def capped_count(queryset, cap):
    """The number of rows, or AtLeast(cap) when there are more: one bounded query (COUNT over LIMIT cap + 1).

    Only the keys are selected: a list's annotations (an order's total, its latest errors) would otherwise be
    computed for every counted row, though the count needs none of them (a filter that uses one keeps it)."""
    counted = queryset.order_by().values("pk")[: cap + 1]
    shared = _shared.get()
    key = _sql(counted) if shared is not None else None
    if key is None:
        count = counted.count()
    elif key in shared:
        count = shared[key]
    else:
        count = shared[key] = counted.count()
    return AtLeast(cap) if count > cap else count


def _sql(queryset):
    """The query's SQL with its values, or None for one that cannot be written (it matches nothing)."""
    try:
        return str(queryset.query)
    except EmptyResultSet:
        return None


class CappedPaginator(Paginator):
    """The admin's paginator for big tables: the count stops at LIST_CAP, so filtering never counts a million rows."""

    cap = LIST_CAP

    @cached_property
    def count(self):
        return capped_count(self.object_list, self.cap)

    @property
    def capped(self):
        """True when the list has more rows than were counted."""
        return isinstance(self.count, AtLeast)
