"""Reads of the audit of partner exchanges that stay fast at a million rows, the distinct values of an indexed
column (for list filters), and a job for its page."""

from collections import Counter

from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils import translation
from django.utils.text import smart_split, unescape_string_literal

from backoffice.models import PartnerExchange
from backoffice.outcomes import DETAIL_DASH, outcome_words, outcomes_summary
from backoffice.words import stored_words

LOOSE_SCAN = """
WITH RECURSIVE found(value) AS (
    SELECT MIN({column}) FROM {table}
    UNION ALL
    SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.value) FROM found WHERE value IS NOT NULL
)
SELECT value FROM found WHERE value IS NOT NULL
"""


def _after(prefix):
    """The least string greater than every string that starts with `prefix` (its last character raised by one,
    stepping over the surrogates, which UTF-8 cannot hold); None when there is none."""
    code = ord(prefix[-1]) + 1
    code = 0xE000 if 0xD800 <= code < 0xE000 else code
    return prefix[:-1] + chr(code) if code <= 0x10FFFF else None


def starts_with(field, prefix) -> Q:
    """`field` starts with `prefix`, exactly as typed, read from the column's index on either database.

    PostgreSQL serves `LIKE 'B0001%'` from a varchar_pattern_ops index. SQLite's LIKE ignores case and so no
    index serves it (every search would read the whole table); there the same rows are a range,
    `field >= 'B0001' AND field < 'B0002'`, which its binary collation orders byte by byte as UTF-8 orders
    characters.
    """
    after = _after(prefix) if prefix else None
    if connection.vendor != "sqlite" or after is None:
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": after})


def same_in_capitals(field, word):
    """`UPPER(field) = UPPER(word)`, both in the database, as an `UPPER(field)` index is built: PostgreSQL's
    iexact is this, but SQLite's is a LIKE that no index serves (and its UPPER, unlike Python's, changes only
    ASCII letters, so the word must not be capitalised here)."""
    return Exact(Upper(field), Upper(Value(word)))


def distinct_values(model, field_name):
    """The distinct values of an indexed column, in order. A loose index scan: one index probe per value,
    where DISTINCT would read every row (a filter's choices over 100,000 products or a million exchanges)."""
    qn = connection.ops.quote_name
    column = qn(model._meta.get_field(field_name).column)
    with connection.cursor() as cursor:
        cursor.execute(LOOSE_SCAN.format(table=qn(model._meta.db_table), column=column))
        return [row[0] for row in cursor.fetchall()]


def exchange_operations():
    """The distinct operations, in order (an index probe per operation)."""
    return distinct_values(PartnerExchange, "operation")


def _words(term):
    for word in smart_split(term):
        if word[:1] in "\"'" and word[-1:] == word[:1]:
            word = unescape_string_literal(word)
        if word.strip():
            yield word.strip()


def exchanges_search(queryset, term):
    """Exchanges where every word of `term` starts what they relate to (an order number finds its submissions'
    exchanges too, "B0001 → innocigs #1"), as typed or in capitals, or is exactly who triggered them
    ("user:alice", "schedule:reconcile_zonos"). Each arm is an indexed lookup."""
    for word in _words(term):
        queryset = queryset.filter(starts_with("related_label", word) | starts_with("related_label", word.upper())
                                   | Q(triggered_by=word))
    return queryset


def job_page_items(job):
    """A job's lines with their item (when the item has a page), counts by outcome and, when some item needs
    work, the list filtered to those items."""
    items = job.items or []
    outcomes = [item["outcome"] for item in items]
    by_line = items if len(items) == len(job.lines) else [None] * len(job.lines)
    counts = Counter(outcome_words(outcome) for outcome in outcomes)
    lists = {item["list"] for item in items if not item.get("ok") and item.get("list")}
    rows = []
    for line, item in zip(job.lines, by_line, strict=True):
        linked = item is not None and item.get("url") and line.startswith(item["label"])
        rows.append({"line": stored_words(line), "item": item, "rest": _rest_in_words(line, item) if linked else "",
                     "linked": bool(linked)})
    # The worker wrote its closing summary in English: when it is the plain count of outcomes, say it in the
    # reader's language.
    with translation.override("en"):
        english_summary = outcomes_summary(outcomes) if outcomes else None
    return {
        "job_rows": rows,
        "outcome_counts": counts.most_common(),
        "outcome_line": outcomes_summary(outcomes) if job.message == english_summary else stored_words(job.message),
        "work_list_url": f"{lists.pop()}?job={job.pk}" if len(lists) == 1 else "",
    }


def _rest_in_words(line, item):
    """A line after its item's label, its outcome word in the reader's language ("A1002: skipped – …")."""
    rest = line[len(item["label"]):]
    with translation.override("en"):
        english = f": {outcome_words(item['outcome'])}"
    if not rest.startswith(english):
        return stored_words(rest)
    detail = rest[len(english):]
    if detail.startswith(DETAIL_DASH):
        detail = DETAIL_DASH + stored_words(detail[len(DETAIL_DASH):])
    return f": {outcome_words(item['outcome'])}{detail}"
