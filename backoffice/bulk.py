"""Fast writes of many rows, in batches: a catalogue sync's tens of thousands, a submitted batch's replies.

Django's bulk_update builds a CASE expression per field and batch, which grows quadratically on SQLite; a sync
that touches tens of thousands of rows needs plainer statements, and a batch of replies one statement, not one
per row. On SQLite (in-process, so a statement costs
no round trip) that is one prepared statement run with executemany. On PostgreSQL, where each statement is a
round trip, the writes are set-based: `COPY` for inserts, and for updates `COPY` into a temporary table and one
`UPDATE ... FROM` it. Values go through each field's `get_db_prep_save`, so JSON, dates and decimals are stored
exactly as the ORM would store them; tests/backoffice/test_bulk.py checks both databases store the same.
"""

from itertools import batched

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

BATCH = 2000
# Up to this many rows an update is one `UPDATE ... FROM (VALUES ...)` (one round trip); more go through COPY.
VALUES_MOST = 1000
_RAW = (models.IntegerField, models.CharField, models.TextField, models.BooleanField, models.ForeignKey)


def _preparers(fields):
    """Per column: None when the driver takes the Python value as it is, else the field's preparation."""
    preparers = []
    for field in fields:
        if isinstance(field, _RAW) and not isinstance(field, models.JSONField):
            preparers.append(None)
        else:
            preparers.append(_cached_prep(field))
    return preparers


def _cached_prep(field):
    """A sync writes one timestamp into every row: prepare a repeated value once."""
    last = [object(), None]
    real = connections[DEFAULT_DB_ALIAS]  # the proxy `connection` costs a lookup per attribute

    def prep(value):
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_save(value, real)
        return last[1]

    return prep


def _prepared(rows, preparers):
    if not any(preparers):
        return [tuple(row) for row in rows]
    return [tuple(v if p is None else p(v) for p, v in zip(preparers, row, strict=False)) for row in rows]


def db_value(model, field_name, value):
    """A value as the database stores it, for rows passed with `prepared=True` (e.g. one timestamp for all)."""
    return model._meta.get_field(field_name).get_db_prep_save(value, connection)


def _run(sql, rows, preparers, prepared):
    count = 0
    with connection.cursor() as cursor:
        for batch in batched(rows, BATCH):
            cursor.executemany(sql, batch if prepared else _prepared(batch, preparers))
            count += len(batch)
    return count


def update_rows(model, field_names, rows, *, prepared=False):
    """Sets the fields of each row: `UPDATE ... SET field = value ... WHERE pk = last value` (values in
    field order, pk last). `prepared`: the values are already as the database stores them (see db_value)."""
    fields = [model._meta.get_field(name) for name in field_names]
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    if connection.vendor == "postgresql":
        rows = rows if isinstance(rows, list) else list(rows)
        if len(rows) <= VALUES_MOST:
            return _update_from_values(table, pk, [*fields, model._meta.pk], rows, prepared)
        return _update_by_copy(table, pk, [*fields, model._meta.pk], rows, prepared)
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    return _run(sql, rows, [*_preparers(fields), None], prepared)


def _update_from_values(table, pk, fields, rows, prepared):
    """One statement: the rows as a VALUES list, joined to the table by primary key. Each placeholder is cast to
    its column's type, as VALUES has no column types of its own (None would be text)."""
    if not rows:
        return 0
    qn = connection.ops.quote_name
    *columns, _ = fields
    assignments = ", ".join(f"{qn(f.column)} = v.c{i}" for i, f in enumerate(columns))
    names = ", ".join(f"c{i}" for i in range(len(fields)))
    row_sql = "(" + ", ".join(f"%s::{f.cast_db_type(connection)}" for f in fields) + ")"
    values = rows if prepared else _prepared(rows, [*_preparers(columns), None])
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row_sql] * len(rows))}) "
                       f"AS v({names}) WHERE {table}.{pk} = v.c{len(fields) - 1}", [v for row in values for v in row])
    return len(rows)


def _update_by_copy(table, pk, fields, rows, prepared):
    """The rows COPied into a temporary table, then one `UPDATE ... FROM` it by primary key: four statements
    whatever the count (a VALUES statement per thousand rows spent a third of a 50,000-row stock sync in psycopg
    splitting its placeholders, and the rest in round trips)."""
    qn = connection.ops.quote_name
    *columns, _ = fields
    temp = qn("bulk_update_rows")
    definitions = ", ".join(f"c{i} {f.cast_db_type(connection)}" for i, f in enumerate(fields))
    assignments = ", ".join(f"{qn(f.column)} = v.c{i}" for i, f in enumerate(columns))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temp}")  # left by an earlier call that failed outside a transaction
        cursor.execute(f"CREATE TEMPORARY TABLE {temp} ({definitions})")
    count = _copy(f"COPY {temp} FROM STDIN", rows, [*_preparers(columns), None], prepared)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} FROM {temp} AS v WHERE {table}.{pk} = v.c{len(fields) - 1}")
        cursor.execute(f"DROP TABLE {temp}")
    return count


def insert_rows(model, field_names, rows, *, prepared=False):
    """Inserts each row (values in field order). Returns how many."""
    fields = [model._meta.get_field(name) for name in field_names]
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    if connection.vendor == "postgresql":
        return _copy(f"COPY {table} ({columns}) FROM STDIN", rows, _preparers(fields), prepared)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    return _run(sql, rows, _preparers(fields), prepared)


def _copy(sql, rows, preparers, prepared):
    count = 0
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for batch in batched(rows, BATCH):
            for row in batch if prepared else _prepared(batch, preparers):
                copy.write_row(row)
            count += len(batch)
    return count


def select_rows(model, field_names):
    """Every row's raw values (no ORM conversion: booleans may come as 0 and 1), for fast comparisons."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(name).column) for name in field_names)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {qn(model._meta.db_table)}")
        while chunk := cursor.fetchmany(5000):
            yield from chunk


def delete_where_in(model, column, values):
    """Deletes the rows whose `column` is one of `values`, in batches that every database accepts."""
    for batch in batched(values, 500):
        model.objects.filter(**{f"{column}__in": batch}).delete()
