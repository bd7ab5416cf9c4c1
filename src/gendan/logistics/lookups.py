"""Looking up many values in one query (issue 13: a 100,000-row sheet matched against
200,000 orders). PostgreSQL gets the values as one array, SQLite as one JSON list: one
statement and one index probe per value, instead of a query per 900 values that the
ORM builds parameter by parameter."""

import json

from django.db import connection

ORM_CHUNK = 900  # other databases: IN (...) by chunks, under SQLite's old 999 limit


def select_in(model, columns, column, values):
    """[tuple of `columns`] of `model`'s rows whose `column` is one of `values`. Column
    and field names are the model's own (never user text); the values are parameters."""
    values = list(values)
    if not values:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(_column(model, name)) for name in columns)
    where = connection.ops.quote_name(_column(model, column))
    select = f"SELECT {names} FROM {table} WHERE {where}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{select} = ANY(%s)", [values])
            return cursor.fetchall()
        if connection.vendor == "sqlite":
            cursor.execute(f"{select} IN (SELECT value FROM json_each(%s))", [json.dumps(values)])
            return cursor.fetchall()
        rows = []
        for start in range(0, len(values), ORM_CHUNK):
            chunk = values[start : start + ORM_CHUNK]
            cursor.execute(f"{select} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            rows += cursor.fetchall()
        return rows


def _column(model, name):
    return model._meta.get_field(name).column
