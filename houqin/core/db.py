"""Database helpers for the hottest write paths.

``insert`` writes new rows with one prepared INSERT per model: the SQL is built once from the
model's fields and kept, where the ORM would compile the same statement again for every row.
It is for append-only records (registrations, events, scans, readings) written thousands of
times a day; it sends no save() signals, as bulk_create does not either.
"""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import Model


@cache
def _insert_sql(model: type[Model], vendor: str) -> tuple[str, tuple]:
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    params = ", ".join(["%s"] * len(fields))
    pk = qn(model._meta.pk.column)
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({params}) RETURNING {pk}"
    return sql, fields


def insert(obj: Model) -> Model:
    """INSERT one new object and set its primary key."""
    sql, fields = _insert_sql(type(obj), connection.vendor)
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj
