# The product search finds part of a name (UPPER(name) LIKE '%…%'); on PostgreSQL a trigram index serves it
# instead of reading all 100,000 names. SQLite has no such index: there the migration does nothing, and its
# search reads the catalogue. Raw SQL, since a GIN index declared on the model would break SQLite's schema.
# Builds in about a second on 100,000 products; writes to the catalogue wait meanwhile.

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS product_name_trigram ON suppliers_product USING gin (UPPER(name) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS product_name_trigram"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('suppliers', '0006_labels_in_words'),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
