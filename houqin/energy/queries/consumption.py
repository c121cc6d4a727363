"""Consumption and cost of energy and water (能耗与费用): use and cost by meter, building,
department, month or energy type; the yearly statistics in the units of the public-institution
energy statistics (公共机构能源资源消费统计) with standard coal (GB/T 2589), intensities,
year-on-year and budget comparison; and the savings (节约费用) of electricity, water and office
supplies against the year before.

Every figure is summed in the database from *counted* readings — not void, with a consumption
(a reading held for review has none) — grouped by ``used_on``, the local day the use is counted
on. Building, site and energy-type totals add main meters only (``parent`` null), so that a
sub-meter is never counted twice; department figures add every meter assigned to a
department, sub-meters included."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Concat, TruncMonth

from houqin.energy.choices import ENERGY_UNITS, BudgetItem, EnergyType
from houqin.energy.models import ConversionFactor, EnergyBudget, EnergyYear, Reading
from houqin.energy.queries.supplies import supplies_cost
from houqin.reports.registry import year_bounds
from houqin.stock.queries import exact
from houqin.utils.money import CENT, cents

GROUPINGS = ("meter", "building", "department", "month", "energy_type")
ZERO = Decimal("0.00")
# Standard coal to two decimals of kgce; intensities to two decimals.
KGCE = Decimal("0.01")
SAVING_PARTS = ("electricity", "water", "supplies")


class UsedMonth(TruncMonth):
    """The first day of a date column's month. SQLite stores dates as ISO text: cut it with the
    native ``strftime`` rather than Django's Python function, which is called once per row."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"strftime('%%Y-%%m-01', {sql})", params

    def as_postgresql(self, compiler, connection, **extra):
        # date_trunc has no date variant: truncate the plain timestamp (immutable, no time zone
        # involved), so the planner may hash the groups instead of sorting every row.
        sql, params = compiler.compile(self.lhs)
        return f"DATE_TRUNC('month', {sql}::timestamp)::date", params


def counted(
    *, site_ids, start: date, end: date, energy_type: str | None = None, main_only: bool = False
):
    """The counted readings of the sites (None: every site) whose use falls in [start, end)."""
    where = Q(
        voided_at__isnull=True, consumption__isnull=False, used_on__gte=start, used_on__lt=end
    )
    if site_ids is not None:
        where &= Q(site_id__in=site_ids)
    if energy_type:
        where &= Q(meter__energy_type=energy_type)
    if main_only:
        where &= Q(meter__parent__isnull=True)
    return Reading.objects.filter(where)  # one filter: the query is built once


# What each grouping groups by: ``key`` and the ``name`` its label is made of.
_GROUP_BY = {
    "meter": lambda: {
        "key": F("meter_id"),
        "name": Concat("meter__code", Value(" "), "meter__name"),
    },
    "building": lambda: {"key": F("meter__building_id"), "name": F("meter__building__name")},
    "department": lambda: {"key": F("meter__department_id"), "name": F("meter__department__name")},
    "month": lambda: {"key": UsedMonth("used_on")},
    "energy_type": lambda: {"key": F("meter__energy_type")},
}


def _sums() -> dict:
    return {
        "use_sum": exact(Sum("consumption"), 3),
        "cost_sum": exact(Coalesce(Sum("cost"), Value(ZERO), output_field=DecimalField()), 2),
    }


def _label(by: str, row: dict) -> str:
    if by == "month":
        key = row["key"]
        return key.strftime("%Y-%m") if hasattr(key, "strftime") else str(key)[:7]
    if by == "energy_type":
        return str(EnergyType(row["key"]).label)
    return row.get("name") or ""


def consumption_by(
    *,
    site_ids,
    start: date,
    end: date,
    by: str,
    energy_type: str | None = None,
    per_month: bool = False,
) -> list[dict]:
    """Use and cost in [start, end) per ``by`` (and energy type, whose units differ; and per
    month too with ``per_month``): rows of key, label, energy_type, unit, month, use, cost,
    kgce (standard coal under the factors in force in ``start``'s year)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    qs = counted(
        site_ids=site_ids,
        start=start,
        end=end,
        energy_type=energy_type,
        main_only=by not in ("meter", "department"),
    )
    if by == "department":
        qs = qs.filter(meter__department__isnull=False)
    groups = {**_GROUP_BY[by](), "type": F("meter__energy_type")}
    if per_month and by != "month":
        groups["month"] = UsedMonth("used_on")
    order = ["key", "type", *(["month"] if "month" in groups else [])]
    grouped = list(qs.values(**groups).annotate(**_sums()).order_by(*order))
    if by == "department":
        grouped = _net_of_sub_meters(grouped, qs, groups)
    factors = factors_for(start.year)
    return [_row(by, row, factors) for row in grouped]


def _net_of_sub_meters(rows: list[dict], qs, groups: dict) -> list[dict]:
    """A department's main meter also measures its sub-meters: count it net of them, so each
    unit of use is counted once, for the department of the meter nearest to it (a sub-meter
    of department B under department A's main meter counts for B, the rest for A)."""
    under = {
        **groups,
        "key": F("meter__parent__department_id"),
        "name": F("meter__parent__department__name"),
    }
    subs = qs.filter(meter__parent__department__isnull=False).values(**under).annotate(**_sums())
    less = {(r["key"], r["type"], r.get("month")): r for r in subs}
    for row in rows:
        minus = less.get((row["key"], row["type"], row.get("month")))
        if minus is not None:
            row["use_sum"] = Decimal(row["use_sum"] or 0) - Decimal(minus["use_sum"] or 0)
            row["cost_sum"] = Decimal(row["cost_sum"] or 0) - Decimal(minus["cost_sum"] or 0)
    return rows


def _row(by: str, row: dict, factors: dict) -> dict:
    kind = row["type"]
    use = _quantity(row["use_sum"])
    factor = factors.get(kind)
    return {
        "key": row["key"],
        "label": _label(by, row),
        "energy_type": kind,
        "unit": ENERGY_UNITS.get(kind, ""),
        "month": _as_date(row.get("month")),
        "use": use,
        "cost": cents(row["cost_sum"]),
        "kgce": kgce_of(use, factor),
    }


def _as_date(value):
    """A month key as a date (SQLite's native month comes back as ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _quantity(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.001"))


def factors_for(year: int) -> dict[str, ConversionFactor]:
    """The standard-coal factor of each energy type in force in ``year``: the row of the type
    with the largest ``year_from`` not after it (one query)."""
    found: dict[str, ConversionFactor] = {}
    for factor in ConversionFactor.objects.filter(year_from__lte=year).order_by(
        "energy_type", "-year_from"
    ):
        found.setdefault(factor.energy_type, factor)
    return found


class TypeSums(tuple):
    """(use, cost, last use, last cost) of an energy type; ``counted`` tells whether any
    reading of this period counts at all (a use of 0 is not the same as no readings)."""

    counted: bool = False


def _type_sums(row: dict) -> TypeSums:
    sums = TypeSums(
        (
            _quantity(row["use_this"]),
            cents(row["cost_this"]),
            _quantity(row["use_last"]),
            cents(row["cost_last"]),
        )
    )
    sums.counted = bool(row["n_this"])
    return sums


def type_sums(
    *, site_ids, start: date, end: date, previous_start: date, previous_end: date | None = None
) -> dict:
    """Use and cost per energy type of main meters, this period [start, end) and the earlier
    one [previous_start, previous_end or start), in one grouped query: {type: (use, cost, last
    use, last cost)}."""
    this, last = Q(used_on__gte=start), Q(used_on__lt=previous_end or start)
    sums = (
        counted(site_ids=site_ids, start=previous_start, end=end, main_only=True)
        .values(type=F("meter__energy_type"))
        .annotate(
            use_this=exact(Sum("consumption", filter=this), 3),
            cost_this=exact(Sum("cost", filter=this), 2),
            use_last=exact(Sum("consumption", filter=last), 3),
            cost_last=exact(Sum("cost", filter=last), 2),
            n_this=Count("id", filter=this),
        )
        .order_by()
    )
    return {row["type"]: _type_sums(row) for row in sums}


def statistics_base(*, site_ids, year: int) -> tuple[int | None, Decimal | None]:
    """People and office floor area of the sites in ``year`` (summed over the sites); None
    when no site has its statistics base for the year."""
    qs = EnergyYear.objects.filter(year=year)
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    row = qs.aggregate(people=Sum("people"), area=Sum("floor_area_m2"))
    area = row["area"]
    return row["people"] or None, (Decimal(area).quantize(CENT) if area else None)


def budgets(*, site_ids, year: int) -> dict[str, Decimal]:
    """The running-cost budget of each item for the year, summed over the sites."""
    qs = EnergyBudget.objects.filter(year=year)
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    rows = qs.values("item").annotate(total=Sum("amount")).order_by()
    return {row["item"]: cents(row["total"]) for row in rows}


def ratio(part, whole) -> Decimal | None:
    """``part`` ÷ ``whole`` to two decimals; None without a denominator."""
    if part is None or not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(KGCE, rounding=ROUND_HALF_UP)


def change(this, last) -> Decimal | None:
    """Year-on-year change as a fraction (0.05 is +5 %); None without last year's figure."""
    if not last:
        return None
    return ((this - last) / last).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def kgce_of(use: Decimal | None, factor: ConversionFactor | None) -> Decimal | None:
    """Standard coal of a use: the one conversion of every page and metric, rounded once at
    the end (sum the uses first, then convert — never add rounded parts)."""
    if use is None or factor is None:
        return None
    return (Decimal(use) * factor.factor).quantize(KGCE, rounding=ROUND_HALF_UP)


def _type_row(kind: str, sums: tuple, factor, last_factor, budget) -> dict:
    use, cost, last_use, last_cost = sums
    return {
        "energy_type": kind,
        "label": EnergyType(kind).label,
        "unit": ENERGY_UNITS[kind],
        "use": use,
        "cost": cost,
        "last_use": last_use,
        "last_cost": last_cost,
        "use_change": change(use, last_use),
        "cost_change": change(cost, last_cost),
        "factor": factor,
        "kgce": kgce_of(use, factor),
        "last_kgce": kgce_of(last_use, last_factor),
        "in_total": factor.in_total if factor else False,
        "budget": budget,
        "budget_left": None if budget is None else budget - cost,
    }


def energy_totals(*, site_ids, year: int) -> dict:
    """The statistics of a year: per energy type use, unit, cost, kgce, last year's figures and
    the budget; total kgce of the types counted in total energy use (tce too); kgce per head
    and per m², water per head (None without the year's statistics base); cost and budget."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    sums = type_sums(site_ids=site_ids, start=start, end=end, previous_start=date(year - 1, 1, 1))
    factors, last_factors = factors_for(year), factors_for(year - 1)
    budget = budgets(site_ids=site_ids, year=year)
    nothing = (Decimal("0.000"), ZERO, Decimal("0.000"), ZERO)
    types = [
        _type_row(k, sums.get(k, nothing), factors.get(k), last_factors.get(k), budget.get(k))
        for k in EnergyType.values
    ]
    totals = _totals(site_ids, year, types, budget)
    # A type the sites neither used in the two years nor budgeted for (heat in the south) is
    # not listed as a row of zeros.
    totals["types"] = [t for t in types if t["energy_type"] in sums or t["energy_type"] in budget]
    return totals


def _totals(site_ids, year: int, types: list[dict], budget: dict) -> dict:
    people, area = statistics_base(site_ids=site_ids, year=year)
    total = sum((t["kgce"] for t in types if t["in_total"] and t["kgce"] is not None), ZERO)
    last_total = sum(
        (t["last_kgce"] for t in types if t["in_total"] and t["last_kgce"] is not None), ZERO
    )
    water = next(t for t in types if t["energy_type"] == EnergyType.WATER)
    cost = sum((t["cost"] for t in types), ZERO)
    last_cost = sum((t["last_cost"] for t in types), ZERO)
    energy_budget = [budget[k] for k in EnergyType.values if k in budget]
    return {
        "year": year,
        "types": types,
        "by_type": {t["energy_type"]: t for t in types},
        "total_kgce": total,
        "total_tce": (total / 1000).quantize(Decimal("0.001")),
        "last_total_kgce": last_total,
        "kgce_change": change(total, last_total),
        "people": people,
        "floor_area_m2": area,
        "kgce_per_capita": ratio(total, people),
        "kgce_per_m2": ratio(total, area),
        "water_per_capita": ratio(water["use"], people),
        "cost": cost,
        "last_cost": last_cost,
        "cost_change": change(cost, last_cost),
        "budget": sum(energy_budget, ZERO) if energy_budget else None,
        "supplies_budget": budget.get(BudgetItem.SUPPLIES),
    }


def saving_part(last: Decimal, this: Decimal) -> dict:
    return {"last": last, "this": this, "saving": last - this}


def savings(*, site_ids, year: int) -> dict:
    """The savings of ``year`` (节约费用 = last year's cost − this year's) for electricity,
    water and office supplies, each part and the total: {part: {last, this, saving}}."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    sums = type_sums(site_ids=site_ids, start=start, end=end, previous_start=date(year - 1, 1, 1))
    parts = {}
    for kind in (EnergyType.ELECTRICITY, EnergyType.WATER):
        _use, cost, _last_use, last_cost = sums.get(kind, (0, ZERO, 0, ZERO))
        parts[kind.value] = saving_part(last_cost, cost)
    this_start, this_end = year_bounds(year)
    last_start, _ = year_bounds(year - 1)
    parts["supplies"] = saving_part(
        supplies_cost(site_ids=site_ids, start=last_start, end=this_start),
        supplies_cost(site_ids=site_ids, start=this_start, end=this_end),
    )
    return {"year": year, **parts, "total": _total_part(parts)}


def _total_part(parts: dict) -> dict:
    return saving_part(
        sum((parts[p]["last"] for p in SAVING_PARTS), ZERO),
        sum((parts[p]["this"] for p in SAVING_PARTS), ZERO),
    )
