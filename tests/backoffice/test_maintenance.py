"""The nightly renewal of the database's statistics."""

import pytest
from django.db import connection
from django.utils import translation

from backoffice.maintenance import database_statistics
from backoffice.schedules import all_schedules
from backoffice.words import stored_words
from suppliers.models import Product


@pytest.mark.django_db
def test_sqlite_gets_statistics_and_postgresql_is_left_to_autovacuum():
    Product.objects.bulk_create([Product(model=f"M{n}") for n in range(50)])
    said = database_statistics()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'suppliers_product' AND idx IS NOT NULL")
            stats = [row[0] for row in cursor.fetchall()]
        assert stats and all(stat.startswith("50 ") for stat in stats)  # rows counted per index
        assert said.startswith("The database's statistics renewed: ") and said.endswith(" tables (SQLite).")
        with translation.override("de"):
            assert stored_words(said).startswith("Statistiken der Datenbank erneuert: ")
    else:
        assert said == "Nothing to do: PostgreSQL keeps its own statistics."


def test_it_runs_every_night():
    spec = next(spec for spec in all_schedules() if spec.name == "database_statistics")
    assert (spec.func, spec.cron) == ("backoffice.maintenance.database_statistics", "40 3 * * *")
