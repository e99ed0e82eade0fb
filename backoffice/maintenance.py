"""Upkeep of the database itself: the planner's statistics.

PostgreSQL's autovacuum keeps them. SQLite keeps none until ANALYZE runs, and nothing else runs it: without them
its planner picks indexes blind (a filter of a million exchanges took 1.3 s where it takes 36 ms with them).
"""

from django.db import connection
from django.utils.translation import gettext_noop as N_

# Rows ANALYZE samples per index on SQLite: close enough for the planner, and quick at millions of rows.
SQLITE_ANALYSIS_LIMIT = 1000


def database_statistics() -> str:
    """What it did, in words (the schedule's outcome on the dashboard): a text of ours, said in the reader's
    language where it is shown."""
    if connection.vendor != "sqlite":
        return N_("Nothing to do: %(database)s keeps its own statistics.") % {"database": connection.display_name}
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT COUNT(DISTINCT tbl) FROM sqlite_stat1")
        tables = cursor.fetchone()[0]
    return N_("The database's statistics renewed: %(tables)s tables (SQLite).") % {"tables": tables}
