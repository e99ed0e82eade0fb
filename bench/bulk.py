"""Fast bulk inserts for the benchmarks: COPY on PostgreSQL, executemany on SQLite.

Columns come from the model, and every column a row does not give gets the field's default, so the
benchmarks keep working when models gain fields.
"""

import json
from datetime import date, datetime
from decimal import Decimal

from django.db import connection


def _columns(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _value(field, row):
    if field.attname in row:
        value = row[field.attname]
    elif field.has_default():
        value = field.get_default()
    elif field.null:
        value = None
    else:
        value = "" if field.get_internal_type() in ("CharField", "TextField") else 0
    if field.get_internal_type() == "JSONField":
        return json.dumps(value)
    if isinstance(value, datetime | date | Decimal):
        return str(value)
    return value


def bulk_insert(model, rows, *, chunk=50_000):
    """Inserts dict rows (keyed by field attname) as fast as the database allows; returns the count."""
    fields = _columns(model)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_value(f, row) for f in fields])
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        batch = []
        for row in rows:
            batch.append([_value(f, row) for f in fields])
            if len(batch) >= chunk:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", batch)
            count += len(batch)
    return count
