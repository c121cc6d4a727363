"""Aggregates the ORM does not offer portably, computed in the database."""

from __future__ import annotations

from django.db.models import Expression, QuerySet


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
