"""Reads of office supplies: what was consumed, valued at the cost kept on each movement."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from houqin.core.models import Department, Person
from houqin.reports.registry import year_bounds
from houqin.stock.choices import MovementKind
from houqin.stock.models import MONEY, Item, Movement
from houqin.stock.queries import exact, low_stock, on_hand
from houqin.utils.money import CENT, cents

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
    return cents(row["value"])


# Cost per department and per head ------------------------------------------------------------


def requisition_moves(*, site_ids, start: datetime, end: datetime):
    """Issues and returns made for requisitions, each annotated with the requisition's
    ``department_id`` (a subquery on ``reference_id``, in the database)."""
    from houqin.energy.models import Requisition

    department = Requisition.objects.filter(pk=OuterRef("reference_id")).values("department_id")
    return (
        supplies_moves(site_ids=site_ids, start=start, end=end)
        .filter(reference_type=ContentType.objects.get_for_model(Requisition))
        .annotate(department_id=Subquery(department[:1]))
    )


def department_staff(department_ids) -> dict[int, int]:
    """Department id → its active staff (people on the roll) count."""
    rows = (
        Person.objects.filter(department_id__in=department_ids, is_active=True)
        .values("department_id")
        .annotate(n=Count("id"))
    )
    return {row["department_id"]: row["n"] for row in rows}


def cost_by_department(*, site_ids, year: int) -> list[dict]:
    """Per department, office supplies consumed in ``year`` (issued net of returns, at the cost
    kept on each movement): ``months`` (12 yuan figures), ``total``, ``staff`` and ``per_head``
    (None for a department with no active staff). Largest total first."""
    start, end = year_bounds(year)
    month = TruncMonth("moved_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    rows = (
        requisition_moves(site_ids=site_ids, start=start, end=end)
        .annotate(month=month)
        .values("department_id", "month")
        .annotate(value=issued_value())
        .order_by()
    )
    table: dict[int, list[Decimal]] = {}
    for row in rows:
        months = table.setdefault(row["department_id"], [Decimal("0.00")] * 12)
        months[row["month"].month - 1] += cents(row["value"])
    return _department_rows(table)


def _department_rows(table: dict[int, list[Decimal]]) -> list[dict]:
    departments = Department.objects.in_bulk(list(table))
    staff = department_staff(list(table))
    result = []
    for pk, months in table.items():
        total, heads = sum(months, Decimal("0.00")), staff.get(pk, 0)
        per_head = (total / heads).quantize(CENT, ROUND_HALF_UP) if heads else None
        result.append(
            {
                "department": departments.get(pk),
                "months": months,
                "total": total,
                "staff": heads,
                "per_head": per_head,
            }
        )
    return sorted(result, key=lambda r: (-r["total"], str(r["department"])))


# The catalogue -------------------------------------------------------------------------------


def office_catalogue(*, site_ids, store=None, search: str = "") -> list[dict]:
    """The office items in use with what each store holds (``stock.queries.on_hand``), their
    total on hand and the low-stock flag (``stock.queries.low_stock``): three queries."""
    items = Item.objects.filter(ledger=OFFICE_LEDGER, is_active=True).select_related("site")
    if site_ids is not None:
        items = items.filter(site_id__in=site_ids)
    if search:
        items = items.filter(Q(name__icontains=search) | Q(code__icontains=search))
    slots = on_hand(site_ids=site_ids, store=store, ledger=OFFICE_LEDGER)
    held: dict[int, list] = {}
    for slot in slots:
        held.setdefault(slot.item_id, []).append(slot)
    low = set(low_stock(site_ids=site_ids, ledger=OFFICE_LEDGER).values_list("pk", flat=True))
    rows = []
    for item in items.order_by("category", "code"):
        stores = held.get(item.pk, [])
        total = sum((slot.quantity for slot in stores), Decimal(0))
        rows.append({"item": item, "stores": stores, "on_hand": total, "low": item.pk in low})
    return rows
