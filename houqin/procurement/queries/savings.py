"""Procurement savings (DOMAIN §5.4): budget (采购预算), contract amount (合同金额), savings
(节约资金 = budget − contract) and savings rate (节资率 = savings ÷ budget) of the orders whose
contract was signed in a period, in total or grouped by project, method, department, year or
month. Every figure is summed in the database in one grouped query; rates come from the sums.

An order (采购业务一单) is a project that is not void, neither cancelled nor failed, and whose
contract (amount and signing date) falls in the period: ``start <= contract_signed_on < end``
(local dates, Asia/Shanghai)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat, ExtractYear, TruncMonth

from houqin.procurement.choices import Method, ProjectStatus
from houqin.procurement.models import Project

GROUPINGS = ("project", "method", "department", "year", "month")
NOT_COUNTED = (ProjectStatus.CANCELLED.value, ProjectStatus.FAILED.value)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


class SignedYear(ExtractYear):
    """The year of a date column. SQLite stores dates as ISO text: read the year with its native
    ``strftime`` rather than Django's Python function, which is called once per row."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


class SignedMonth(TruncMonth):
    """The first day of a date column's month (natively on SQLite too, see ``SignedYear``)."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"strftime('%%Y-%%m-01', {sql})", params


# What each grouping groups by: ``key`` and the ``name`` its label is made of.
_GROUP_BY = {
    "project": lambda: {"key": F("pk"), "name": Concat("number", Value(" "), "title")},
    "method": lambda: {"key": F("method")},
    "department": lambda: {"key": F("department_id"), "name": F("department__name")},
    "year": lambda: {"key": SignedYear("contract_signed_on")},
    "month": lambda: {"key": SignedMonth("contract_signed_on")},
}
_METHOD_ORDER = {value: n for n, value in enumerate(Method.values)}


def counted_projects(
    *, site_ids, start: date, end: date, department_id: int | None = None
) -> QuerySet:
    """The orders of the sites (None: every site) signed in [start, end)."""
    where = Q(
        voided_at__isnull=True,
        contract_yuan__isnull=False,
        contract_signed_on__gte=start,
        contract_signed_on__lt=end,
    ) & ~Q(status__in=NOT_COUNTED)
    if site_ids is not None:
        where &= Q(site_id__in=site_ids)
    if department_id is not None:
        where &= Q(department_id=department_id)
    return Project.objects.filter(where)  # one filter: the query is built once, not cloned


def _sums() -> dict:
    return {
        "orders": Count("pk"),
        "budget_sum": Sum("budget_yuan"),
        "contract_sum": Sum("contract_yuan"),
    }


def figures(orders: int, budget: Decimal | None, contract: Decimal | None) -> dict:
    """Orders, budget, contract, savings and rate (None without a budget) from the sums."""
    # SQLite sums the amounts as floating point: back to cents.
    budget, contract = (budget or ZERO).quantize(CENT), (contract or ZERO).quantize(CENT)
    savings = budget - contract
    return {
        "orders": orders,
        "budget": budget,
        "contract": contract,
        "savings": savings,
        "rate": savings / budget if budget else None,
    }


def _label(by: str, row: dict) -> str:
    key = row["key"]
    if by == "method":
        return str(Method(key).label) if key in _METHOD_ORDER else key
    if by == "month":
        return key.strftime("%Y-%m")
    if by == "year":
        return str(key)
    return row["name"] or ""


def _order(by: str, rows: list[dict]) -> list[dict]:
    """Methods in the law's order, departments and projects by name, periods in time."""
    if by == "method":
        return sorted(rows, key=lambda r: _METHOD_ORDER.get(r["key"], len(_METHOD_ORDER)))
    if by in ("department", "project"):
        return sorted(rows, key=lambda r: (r["label"], r["key"]))
    return rows


def savings_rows(
    *, site_ids, start: date, end: date, by: str, department_id: int | None = None
) -> list[dict]:
    """One row per group: key, label, orders, budget, contract, savings, rate."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    qs = counted_projects(site_ids=site_ids, start=start, end=end, department_id=department_id)
    grouped = qs.values(**_GROUP_BY[by]()).annotate(**_sums()).order_by("key")
    rows = [
        {
            "key": row["key"],
            "label": _label(by, row),
            **figures(row["orders"], row["budget_sum"], row["contract_sum"]),
        }
        for row in grouped
    ]
    return _order(by, rows)


def savings_totals(*, site_ids, start: date, end: date, department_id: int | None = None) -> dict:
    """Orders, budget, contract, savings and rate of the whole period (one query)."""
    qs = counted_projects(site_ids=site_ids, start=start, end=end, department_id=department_id)
    row = qs.aggregate(**_sums())
    return figures(row["orders"], row["budget_sum"], row["contract_sum"])


def month_rows(rows: list[dict], year: int) -> list[dict]:
    """The twelve months of ``year`` from ``savings_rows(by="month")``, empty months as zero."""
    found = {row["key"]: row for row in rows}
    months = [date(year, month, 1) for month in range(1, 13)]
    return [
        found.get(m) or {"key": m, "label": m.strftime("%Y-%m"), **figures(0, None, None)}
        for m in months
    ]
