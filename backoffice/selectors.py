"""Reads of the audit of partner exchanges that stay fast at a million rows."""

from django.db import connection
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from backoffice.models import PartnerExchange

LOOSE_SCAN = """
WITH RECURSIVE ops(operation) AS (
    SELECT MIN(operation) FROM {table}
    UNION ALL
    SELECT (SELECT MIN(operation) FROM {table} WHERE operation > ops.operation) FROM ops WHERE operation IS NOT NULL
)
SELECT operation FROM ops WHERE operation IS NOT NULL
"""


def exchange_operations():
    """The distinct operations, in order. A loose index scan: one index probe per operation, where DISTINCT
    would read every row."""
    table = connection.ops.quote_name(PartnerExchange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(LOOSE_SCAN.format(table=table))
        return [row[0] for row in cursor.fetchall()]


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
        queryset = queryset.filter(Q(related_label__startswith=word) | Q(related_label__startswith=word.upper())
                                   | Q(triggered_by=word))
    return queryset
