"""The energy metrics of the annual report: use per type, cost, standard coal, intensities and
the savings against the same span a year before, from rows, in a bounded number of queries."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from houqin.energy.metrics.energy import energy_metrics, year_before
from houqin.energy.tests.helpers_consumption import *  # noqa: F403  (fixtures)
from houqin.reports.registry import all_metrics, compute, year_bounds

TZ = ZoneInfo("Asia/Shanghai")


def _main(energy, start, end):
    return energy_metrics(site_ids=[energy.e1.site_id], start=start, end=end)


def test_metrics_of_the_year(energy):
    start, end = year_bounds(2006)
    values = _main(energy, start, end)
    assert values == {
        "energy.electricity_kwh": 1300.0,
        "energy.water_m3": 150.0,
        "energy.gas_m3": None,  # no gas readings counted: no figure, not 0
        "energy.heat_gj": None,
        "energy.cost_yuan": 1305,
        "energy.supplies_cost_yuan": 700,
        "energy.total_kgce": 159.77,
        "energy.kgce_per_capita": 15.98,
        "energy.kgce_per_m2": 0.16,
        "energy.water_m3_per_capita": 15.0,
        "energy.cost_savings_yuan": 595,
        "energy.savings.electricity_yuan": 120,
        "energy.savings.water_yuan": 175,
        "energy.savings.supplies_yuan": 300,
    }


def test_a_part_of_the_year_compares_with_the_same_span(energy):
    start, end = datetime(2006, 1, 1, tzinfo=TZ), datetime(2006, 5, 1, tzinfo=TZ)
    values = _main(energy, start, end)
    assert values["energy.electricity_kwh"] == 1200.0
    assert values["energy.savings.electricity_yuan"] == -120
    assert values["energy.savings.water_yuan"] == 0
    assert values["energy.savings.supplies_yuan"] == 300
    assert values["energy.cost_savings_yuan"] == 180


def test_no_statistics_base_no_intensity(energy):
    values = _main(energy, *year_bounds(2005))
    assert values["energy.kgce_per_capita"] is None
    assert values["energy.kgce_per_m2"] is None
    assert values["energy.total_kgce"] == 184.35


def test_registered_with_the_savings_shown_in_wan(energy):
    metrics = {m.key: m for m in all_metrics()}
    assert metrics["energy.cost_savings_yuan"].kind == "yuan"
    assert metrics["energy.cost_savings_yuan"].display == "wan"
    values = compute(site_ids=None, start=year_bounds(2006)[0], end=year_bounds(2006)[1])
    assert values["energy.electricity_kwh"] == 9077.0


def test_metrics_take_few_queries(energy, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        _main(energy, *year_bounds(2006))


def test_year_before_a_leap_day():
    assert year_before(datetime(2008, 2, 29, tzinfo=TZ)) == datetime(2007, 2, 28, tzinfo=TZ)
