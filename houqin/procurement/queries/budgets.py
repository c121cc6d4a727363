"""Reads of the departments' procurement budgets: what is left of a year's budget once the
live requests of that year are counted."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from houqin.core.models import Department
from houqin.procurement.choices import ProjectStatus
from houqin.procurement.models import DepartmentBudget, Project

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first instant of ``year`` and of the next one, local time (Asia/Shanghai)."""
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def counted_projects(year: int):
    """The projects that use a year's budget: requested that year, not void, not cancelled."""
    start, end = year_bounds(year)
    return Project.objects.filter(
        created_at__gte=start, created_at__lt=end, voided_at__isnull=True
    ).exclude(status=ProjectStatus.CANCELLED)


def _sum_of(qs, field: str):
    """A correlated ``SUM(field)`` of ``qs`` (already filtered on the outer department)."""
    return Coalesce(
        Subquery(qs.order_by().values("department").annotate(t=Sum(field)).values("t")[:1]),
        ZERO,
    )


def remaining_budget(*, department: Department, year: int) -> Decimal:
    """The department's budget for ``year`` less the budgets of its live requests of that year
    (no budget row: nothing remains)."""
    budget = (
        DepartmentBudget.objects.filter(department=department, year=year)
        .values_list("amount_yuan", flat=True)
        .first()
    ) or Decimal("0.00")
    used = counted_projects(year).filter(department=department).aggregate(t=Sum("budget_yuan"))
    return budget - (used["t"] or Decimal("0.00"))


def budget_use(*, site_ids, year: int) -> list[dict]:
    """Per department of ``site_ids`` with a budget or a request in ``year``: its budget, the
    amount requested and what remains, in one query."""
    budgets = DepartmentBudget.objects.filter(department=OuterRef("pk"), year=year)
    requested = counted_projects(year).filter(department=OuterRef("pk"))
    rows = (
        Department.objects.filter(site_id__in=list(site_ids))
        .annotate(
            budget=Coalesce(Subquery(budgets.values("amount_yuan")[:1]), ZERO),
            requested=_sum_of(requested, "budget_yuan"),
        )
        .filter(Q(budget__gt=0) | Q(requested__gt=0))
        .order_by("site_id", "name")
        .values("pk", "site_id", "name", "budget", "requested")
    )
    return [
        {
            "department_id": row["pk"],
            "site_id": row["site_id"],
            "department": row["name"],
            "budget": row["budget"],
            "requested": row["requested"],
            "remaining": row["budget"] - row["requested"],
        }
        for row in rows
    ]
