"""Metrics of the consumption subject (registered on import): use per energy type in the units
of the public-institution statistics, cost, standard coal and intensities, and the savings
(节约费用) against the same span one year before, for electricity, water and office supplies."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import DecimalField, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.energy.choices import EnergyType
from houqin.energy.queries.consumption import (
    factors_for,
    kgce_of,
    ratio,
    statistics_base,
    type_sums,
)
from houqin.energy.queries.supplies import supplies_moves
from houqin.reports.registry import Metric, metric_source
from houqin.stock.models import MONEY
from houqin.stock.queries import exact
from houqin.utils.money import cents, whole_yuan

USE_KEYS = {
    EnergyType.ELECTRICITY: "energy.electricity_kwh",
    EnergyType.WATER: "energy.water_m3",
    EnergyType.GAS: "energy.gas_m3",
    EnergyType.HEAT: "energy.heat_gj",
}
ZERO = Decimal("0.00")


def year_before(moment: datetime) -> datetime:
    """The same moment one year earlier (29 February falls back to the 28th)."""
    try:
        return moment.replace(year=moment.year - 1)
    except ValueError:
        return moment.replace(year=moment.year - 1, day=28)


def supplies_both(*, site_ids, start: datetime, end: datetime) -> tuple[Decimal, Decimal]:
    """Office supplies consumed in [start, end) and in the same span a year before, net of
    returns, in one query."""
    before = year_before(start)
    value = F("quantity") * F("unit_cost")
    money = DecimalField(**MONEY)
    row = supplies_moves(site_ids=site_ids, start=before, end=end).aggregate(
        this=exact(Sum(value, filter=Q(moved_at__gte=start), output_field=money) * -1, 2),
        last=exact(Sum(value, filter=Q(moved_at__lt=year_before(end)), output_field=money) * -1, 2),
    )
    return cents(row["this"]), cents(row["last"])


def _float(value, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


SAVINGS = (
    ("energy.cost_savings_yuan", _("Running costs saved (water, electricity, office)")),
    ("energy.savings.electricity_yuan", _("Electricity cost saved")),
    ("energy.savings.water_yuan", _("Water cost saved")),
    ("energy.savings.supplies_yuan", _("Office supplies cost saved")),
)


def _metrics() -> tuple[Metric, ...]:
    yuan = {"unit": _("yuan"), "kind": "yuan", "display": "wan"}
    return (
        *(
            Metric(
                key,
                label,
                **yuan,
                definition=_(
                    "Cost saved against the same span one year before: last year's cost minus "
                    "this year's, in whole yuan (negative when more was spent), for the item in"
                    " the label: electricity or water (readings of main meters, by day of use) "
                    "or office supplies (issues net of returns); the running-costs figure adds "
                    "the three."
                ),
            )
            for key, label in SAVINGS
        ),
        Metric(
            "energy.electricity_kwh",
            _("Electricity used"),
            "kWh",
            definition=_(
                "Sum of the consumption of the counted electricity readings of main meters "
                "(not voided, not held for review) whose day of use is in the period; no "
                "value without such readings."
            ),
        ),
        Metric(
            "energy.water_m3",
            _("Water used"),
            "m³",
            definition=_(
                "Sum of the consumption of the counted water readings of main meters (not "
                "voided, not held for review) whose day of use is in the period; no value "
                "without such readings."
            ),
        ),
        Metric(
            "energy.gas_m3",
            _("Natural gas used"),
            "m³",
            definition=_(
                "Sum of the consumption of the counted natural gas readings of main meters "
                "(not voided, not held for review) whose day of use is in the period; no "
                "value without such readings."
            ),
        ),
        Metric(
            "energy.heat_gj",
            _("Heat used"),
            "GJ",
            definition=_(
                "Sum of the consumption of the counted heat readings of main meters (not "
                "voided, not held for review) whose day of use is in the period; no value "
                "without such readings."
            ),
        ),
        Metric(
            "energy.cost_yuan",
            _("Energy and water cost"),
            **yuan,
            definition=_(
                "Sum of the cost of the counted readings of main meters of every energy "
                "type (not voided, not held for review) whose day of use is in the period, "
                "in whole yuan."
            ),
        ),
        Metric(
            "energy.supplies_cost_yuan",
            _("Office supplies cost"),
            **yuan,
            definition=_(
                "Value of the office supplies issued in the period (quantity × unit cost, "
                "by movement time), net of returns, in whole yuan; voided movements are not"
                " counted."
            ),
        ),
        Metric(
            "energy.total_kgce",
            _("Total energy use (standard coal)"),
            "kgce",
            definition=_(
                "Standard coal: each energy type's counted main-meter use in the period × "
                "its conversion factor in force in the period's year, summed over the types"
                " that count in the total; no value without readings."
            ),
        ),
        Metric(
            "energy.kgce_per_capita",
            _("Energy use per head"),
            _("kgce per person"),
            definition=_(
                "Total energy use in kgce ÷ the people of the sites' statistics base for "
                "the year, two decimals; no value without readings or without a statistics "
                "base."
            ),
        ),
        Metric(
            "energy.kgce_per_m2",
            _("Energy use per floor area"),
            "kgce/m²",
            definition=_(
                "Total energy use in kgce ÷ the office floor area (m²) of the sites' "
                "statistics base for the year, two decimals; no value without readings or "
                "without a statistics base."
            ),
        ),
        Metric(
            "energy.water_m3_per_capita",
            _("Water use per head"),
            _("m³ per person"),
            definition=_(
                "Water used in the period (m³) ÷ the people of the sites' statistics base "
                "for the year, two decimals; no value without readings or without a "
                "statistics base."
            ),
        ),
    )


def energy_metrics(*, site_ids, start: datetime, end: datetime) -> dict:
    """Use per type (main meters), cost, standard coal and intensities of the period (local
    ``used_on`` days), and the savings against the same span a year before."""
    first, last = timezone.localdate(start), timezone.localdate(end)
    sums = type_sums(
        site_ids=site_ids,
        start=first,
        end=last,
        previous_start=timezone.localdate(year_before(start)),
        previous_end=timezone.localdate(year_before(end)),
    )
    supplies, supplies_last = supplies_both(site_ids=site_ids, start=start, end=end)
    values = _use_figures(sums, first.year, site_ids)
    values.update(_saving_figures(sums, supplies, supplies_last))
    return values


def _counted_use(sums: dict, kind) -> Decimal | None:
    """The use of a type in the period; None (not 0) when no reading of it counts."""
    row = sums.get(kind)
    return row[0] if row is not None and row.counted else None


def type_kgce(sums: dict, kind, factors: dict) -> Decimal | None:
    """Standard coal of one type, converted as the pages convert it; None without readings."""
    return kgce_of(_counted_use(sums, kind), factors.get(kind))


def _total_kgce(sums: dict, factors: dict) -> Decimal | None:
    parts = [type_kgce(sums, kind, factors) for kind, factor in factors.items() if factor.in_total]
    parts = [part for part in parts if part is not None]
    return sum(parts, ZERO) if parts else None


def _use_figures(sums: dict, year: int, site_ids) -> dict:
    factors = factors_for(year)
    values = {key: _float(_counted_use(sums, kind)) for kind, key in USE_KEYS.items()}
    total = _total_kgce(sums, factors)
    people, area = statistics_base(site_ids=site_ids, year=year)
    water = _counted_use(sums, EnergyType.WATER)
    values.update(
        {
            "energy.cost_yuan": whole_yuan(sum((row[1] for row in sums.values()), ZERO)),
            "energy.total_kgce": _float(total),
            "energy.kgce_per_capita": _float(ratio(total, people)),
            "energy.kgce_per_m2": _float(ratio(total, area)),
            "energy.water_m3_per_capita": _float(ratio(water, people)),
        }
    )
    return values


def _saving_figures(sums: dict, supplies: Decimal, supplies_last: Decimal) -> dict:
    def saved(kind) -> Decimal:
        _use, cost, _last_use, last_cost = sums.get(kind, (0, ZERO, 0, ZERO))
        return last_cost - cost

    parts = {
        "energy.savings.electricity_yuan": saved(EnergyType.ELECTRICITY),
        "energy.savings.water_yuan": saved(EnergyType.WATER),
        "energy.savings.supplies_yuan": supplies_last - supplies,
    }
    return {
        "energy.supplies_cost_yuan": whole_yuan(supplies),
        "energy.cost_savings_yuan": whole_yuan(sum(parts.values(), ZERO)),
        **{key: whole_yuan(value) for key, value in parts.items()},
    }


metric_source(*_metrics())(energy_metrics)
