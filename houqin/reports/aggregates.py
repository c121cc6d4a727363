"""Aggregates the ORM does not offer portably, computed in the database."""

from __future__ import annotations

from django.db.models import DurationField, Expression, F, Func, QuerySet


class Elapsed(Func):
    """The time from one datetime column to another (``end - start``), as a duration.

    PostgreSQL subtracts the two itself. On SQLite the ORM would compute every difference in a
    Python function called once per row (about 40,000 times for a year's work orders at a busy
    site), so the difference is taken there with SQLite's own ``julianday``."""

    output_field = DurationField()

    def __init__(self, end: str, start: str):
        super().__init__(F(end), F(start))

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            # To the millisecond, as far as SQLite reads a time; in microseconds, as it stores
            # durations.
            template="CAST(ROUND((julianday(%(expressions)s)) * 86400000) AS INTEGER) * 1000",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def median(queryset: QuerySet, expression: Expression):
    """The median of ``expression`` over ``queryset`` (None when it has no rows).

    Counts the rows, then orders them by the expression and reads only the middle one or two
    with OFFSET: the same SQL on SQLite and PostgreSQL, and no row is loaded into Python but
    those. Rows where the expression is NULL must be filtered out by the caller."""
    count = queryset.count()
    if not count:
        return None
    middle = (
        queryset.annotate(_median=expression)
        .order_by("_median")
        .values_list("_median", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    values = list(middle)
    return values[0] if len(values) == 1 else (values[0] + values[1]) / 2
