"""Consumption figures from known readings: main meters only in building and site totals, a
sub-meter in its department's, pending and void readings never, the day of a midnight
reading, standard coal by the factor of the year, intensities and the budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from houqin.energy.choices import EnergyType
from houqin.energy.models import ConversionFactor
from houqin.energy.queries.consumption import consumption_by, energy_totals
from houqin.energy.tests.helpers_consumption import *  # noqa: F403  (fixtures)

D = Decimal
Y2006 = {"start": date(2006, 1, 1), "end": date(2007, 1, 1)}


def _by(e, by, **kw):
    return consumption_by(site_ids=[e.e1.site_id], by=by, **Y2006, **kw)


def test_by_energy_type_adds_main_meters_only(energy):
    rows = {row["key"]: row for row in _by(energy, "energy_type")}
    assert rows["electricity"]["use"] == D("1300.000")
    assert rows["electricity"]["cost"] == D("780.00")
    assert rows["electricity"]["unit"] == "kWh"
    assert rows["electricity"]["kgce"] == D("159.77")
    assert rows["water"]["use"] == D("150.000") and rows["water"]["unit"] == "m³"


def test_by_building_per_energy_type(energy):
    rows = {(row["label"], row["energy_type"]): row["use"] for row in _by(energy, "building")}
    assert rows == {
        ("综合楼", "electricity"): D("1000.000"),
        ("综合楼", "water"): D("150.000"),
        ("附楼", "electricity"): D("300.000"),
    }


def test_by_meter_includes_sub_meters(energy):
    rows = {row["key"]: row["use"] for row in _by(energy, "meter")}
    assert rows == {
        energy.e1.pk: D("1000.000"),
        energy.e1a.pk: D("100.000"),
        energy.e2.pk: D("300.000"),
        energy.w1.pk: D("150.000"),
    }


def test_by_department_counts_the_sub_meter(energy):
    rows = _by(energy, "department")
    assert [(r["key"], r["label"], r["use"], r["cost"]) for r in rows] == [
        (energy.dept.pk, energy.dept.name, D("100.000"), D("60.00"))
    ]


def test_by_month_and_midnight_reading(energy):
    rows = _by(energy, "month", energy_type=EnergyType.ELECTRICITY)
    assert [(r["label"], r["use"]) for r in rows] == [
        ("2006-01", D("400.000")),
        ("2006-03", D("800.000")),
        ("2006-12", D("100.000")),
    ]


def test_building_per_month(energy):
    rows = _by(energy, "building", energy_type=EnergyType.ELECTRICITY, per_month=True)
    assert [(r["label"], r["month"], r["use"]) for r in rows] == [
        ("综合楼", date(2006, 1, 1), D("400.000")),
        ("综合楼", date(2006, 3, 1), D("500.000")),
        ("综合楼", date(2006, 12, 1), D("100.000")),
        ("附楼", date(2006, 3, 1), D("300.000")),
    ]


def test_every_site_and_unknown_grouping(energy):
    rows = consumption_by(site_ids=None, by="energy_type", **Y2006)
    assert {r["key"]: r["use"] for r in rows}["electricity"] == D("9077.000")
    with pytest.raises(ValueError):
        consumption_by(site_ids=None, by="floor", **Y2006)


def test_grouped_rows_take_two_queries(energy, django_assert_num_queries):
    with django_assert_num_queries(2):  # the factors and the grouped sums
        _by(energy, "building", per_month=True)


def test_energy_totals_of_the_year(energy):
    totals = energy_totals(site_ids=[energy.e1.site_id], year=2006)
    power = totals["by_type"]["electricity"]
    assert (power["use"], power["cost"], power["kgce"]) == (D("1300.000"), D("780.00"), D("159.77"))
    assert (power["last_use"], power["last_cost"]) == (D("1500.000"), D("900.00"))
    assert power["use_change"] == D("-0.1333")
    assert (power["budget"], power["budget_left"]) == (D("1000.00"), D("220.00"))
    assert totals["by_type"]["water"]["in_total"] is False
    assert totals["total_kgce"] == D("159.77") and totals["total_tce"] == D("0.160")
    assert totals["people"] == 10 and totals["floor_area_m2"] == D("1000.00")
    assert totals["kgce_per_capita"] == D("15.98")
    assert totals["kgce_per_m2"] == D("0.16")
    assert totals["water_per_capita"] == D("15.00")
    # no gas or heat meter read and none budgeted: no row of zeros for them
    assert [t["energy_type"] for t in totals["types"]] == ["electricity", "water"]
    assert totals["cost"] == D("1305.00") and totals["last_cost"] == D("1600.00")


def test_factor_in_force_by_year(energy):
    ConversionFactor.objects.create(
        energy_type="electricity", year_from=2006, factor=D("0.1"), source="test"
    )
    totals = energy_totals(site_ids=[energy.e1.site_id], year=2006)
    assert totals["by_type"]["electricity"]["kgce"] == D("130.00")
    assert totals["by_type"]["electricity"]["last_kgce"] == D("184.35")  # 1500 × 0.1229
    assert energy_totals(site_ids=[energy.e1.site_id], year=2005)["total_kgce"] == D("184.35")


def test_no_statistics_base_gives_no_intensity(energy):
    totals = energy_totals(site_ids=[energy.e1.site_id], year=2005)
    assert totals["people"] is None and totals["kgce_per_capita"] is None
    assert totals["kgce_per_m2"] is None and totals["water_per_capita"] is None
    assert totals["by_type"]["electricity"]["use_change"] is None  # nothing in 2004


def test_energy_totals_queries_are_bounded(energy, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        energy_totals(site_ids=None, year=2006)
