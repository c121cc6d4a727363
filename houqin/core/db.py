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


def _converters(field):
    """The functions that turn a raw column value into the field's Python value (what the ORM's
    compiler applies: SQLite stores booleans as integers and datetimes as text)."""
    col = field.get_col(field.model._meta.db_table)
    # Converters are called with the column, as the compiler does: SQLite's decimal converter
    # reads the field's decimal places from it.
    return col, connection.ops.get_db_converters(col) + field.get_db_converters(connection)


@cache
def _select_sql(model: type[Model], related: tuple[str, ...], vendor: str):
    qn = connection.ops.quote_name
    parts, columns, joins = [], [], []
    for alias, (m, fk) in enumerate(
        [(model, None)]
        + [
            (model._meta.get_field(name).related_model, model._meta.get_field(name))
            for name in related
        ]
    ):
        fields = list(m._meta.concrete_fields)
        columns += [f"t{alias}.{qn(f.column)}" for f in fields]
        parts.append((m, fk, [f.attname for f in fields], [_converters(f) for f in fields]))
        if fk is not None:
            joins.append(
                f"LEFT JOIN {qn(m._meta.db_table)} t{alias} "
                f"ON t{alias}.{qn(m._meta.pk.column)} = t0.{qn(fk.column)}"
            )
    sql = (
        f"SELECT {', '.join(columns)} FROM {qn(model._meta.db_table)} t0 {' '.join(joins)} "
        f"WHERE t0.{qn(model._meta.pk.column)} = %s"
    )
    return sql, parts


def get_by_pk(model: type[Model], pk: int, related: tuple[str, ...] = ()) -> Model | None:
    """One object by primary key with its forward relations ``related`` attached, from one
    prepared SELECT; None when there is no such row."""
    sql, parts = _select_sql(model, related, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    objects, start = [], 0
    for m, fk, names, converters in parts:
        values = list(row[start : start + len(names)])
        start += len(names)
        for i, (col, funcs) in enumerate(converters):
            for func in funcs:
                values[i] = func(values[i], col, connection)
        objects.append((fk, m.from_db(connection.alias, names, values)))
    obj = objects[0][1]
    for fk, related_obj in objects[1:]:
        fk.set_cached_value(obj, related_obj)
    return obj


def analyze(*models: type[Model]) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load, as autovacuum would on a
    running server (VACUUM cannot run inside a transaction, e.g. in a test: ANALYZE alone then).
    SQLite plans without statistics, as a new installation does."""
    if connection.vendor != "postgresql":
        return
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")
