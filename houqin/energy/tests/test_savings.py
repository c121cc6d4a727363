"""The savings figure (节约费用 = last year's cost − this year's) for electricity, water and
office supplies (issued through the stock ledger, net of returns), each part and the total."""

from __future__ import annotations

from decimal import Decimal

from houqin.energy.queries.consumption import savings
from houqin.energy.tests.helpers_consumption import *  # noqa: F403  (fixtures)

D = Decimal


def test_savings_parts_and_total(energy):
    result = savings(site_ids=[energy.e1.site_id], year=2006)
    assert result["electricity"] == {
        "last": D("900.00"),
        "this": D("780.00"),
        "saving": D("120.00"),
    }
    assert result["water"] == {"last": D("700.00"), "this": D("525.00"), "saving": D("175.00")}
    assert result["supplies"] == {"last": D("1000.00"), "this": D("700.00"), "saving": D("300.00")}
    assert result["total"] == {"last": D("2600.00"), "this": D("2005.00"), "saving": D("595.00")}


def test_the_other_site_is_not_counted_but_every_site_is(energy):
    other = savings(site_ids=[energy.other.site_id], year=2006)
    assert other["electricity"]["saving"] == D("-4000.00")
    assert other["supplies"]["saving"] == D("0.00")
    every = savings(site_ids=None, year=2006)
    assert every["total"]["saving"] == D("-3405.00")


def test_a_year_without_records_saves_nothing(energy):
    result = savings(site_ids=[energy.e1.site_id], year=2010)
    assert result["total"] == {"last": D("0.00"), "this": D("0.00"), "saving": D("0.00")}


def test_savings_take_three_queries(energy, django_assert_num_queries):
    with django_assert_num_queries(3):  # energy of both years, supplies of each year
        savings(site_ids=None, year=2006)
