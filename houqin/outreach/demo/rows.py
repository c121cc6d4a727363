"""A quick bulk insert for the demo's largest tables (loans, consultations): the rows are
written with ``executemany`` of plain values, without the per-field preparation of
``bulk_create``, which costs more than the insert itself at these sizes. Only for rows whose
ids are not needed afterwards."""

from __future__ import annotations

import functools
from datetime import date

from django.db import connection, models

from houqin.utils.workdays import calendar_day


@functools.lru_cache(maxsize=4096)
def is_workday(day: date) -> bool:
    """``calendar_day(day).is_workday``, remembered (the demo asks about the same days often)."""
    return calendar_day(day).is_workday


def _adapter(field: models.Field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    return None


def insert(model: type[models.Model], objects: list, batch_size: int = 2000) -> None:
    """INSERT ``objects`` (unsaved instances of ``model``) as they are."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    adapters = [(f.attname, _adapter(f)) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
    for obj in objects:  # a related object saved after it was set gives its id now
        obj._prepare_related_fields_for_save(operation_name="insert")
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            rows = [
                tuple(
                    adapt(value) if adapt and value is not None else value
                    for name, adapt in adapters
                    for value in (getattr(obj, name),)
                )
                for obj in objects[start : start + batch_size]
            ]
            cursor.executemany(sql, rows)
