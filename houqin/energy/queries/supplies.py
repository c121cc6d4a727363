"""Reads of office supplies: what was consumed, valued at the cost kept on each movement."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce

from houqin.stock.choices import MovementKind
from houqin.stock.models import MONEY, Movement
from houqin.stock.queries import exact

OFFICE_LEDGER = "office"


def supplies_moves(*, site_ids, start: datetime, end: datetime):
    """Issues and returns of office supplies in [start, end) that are not void."""
    moves = Movement.objects.filter(
        voided_at__isnull=True,
        item__ledger=OFFICE_LEDGER,
        kind__in=[MovementKind.ISSUE, MovementKind.RETURN],
        moved_at__gte=start,
        moved_at__lt=end,
    )
    return moves if site_ids is None else moves.filter(site_id__in=site_ids)


def issued_value():
    """The value issued, net of returns (issues are negative movements, so the sum is negated),
    as an aggregate expression."""
    cost = Coalesce("unit_cost", Value(Decimal(0)), output_field=DecimalField(**MONEY))
    return exact(Sum(F("quantity") * cost, output_field=DecimalField(**MONEY)) * -1, 2)


def supplies_cost(*, site_ids, start: datetime, end: datetime) -> Decimal:
    """Office supplies consumed in [start, end), in yuan: the 办公费 part of the savings."""
    row = supplies_moves(site_ids=site_ids, start=start, end=end).aggregate(value=issued_value())
    return row["value"] or Decimal("0.00")
