# ruff: noqa: F811  (fixtures imported from the helpers are arguments here)
"""Tariffs: time-of-use costing of hourly and daily readings, price changes, and saving."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from houqin.energy.models import Reading, Tariff, TariffPrice
from houqin.energy.services.readings import reading_record
from houqin.energy.services.tariffs import interval_cost, prices_on, tariff_save
from houqin.energy.tests.helpers_energy import add_tou_prices, at, fm, meter, tou_tariff  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_hourly_peak_and_valley(personas):
    tariff = tou_tariff(personas.site)
    peak = interval_cost(tariff=tariff, start=at("2006-03-01", 9), end=at("2006-03-01", 10),
                         consumption=Decimal(10))  # fmt: skip
    valley = interval_cost(tariff=tariff, start=at("2006-03-01", 2), end=at("2006-03-01", 3),
                           consumption=Decimal(10))  # fmt: skip
    assert (peak, valley) == (Decimal("10.00"), Decimal("3.00"))
    wrap = interval_cost(tariff=tariff, start=at("2006-03-01", 23), end=at("2006-03-02", 0),
                         consumption=Decimal(10))  # fmt: skip
    assert wrap == Decimal("3.00")


def test_daily_reading_split_pro_rata(personas):
    tariff = tou_tariff(personas.site)
    cost = interval_cost(
        tariff=tariff, start=at("2006-03-01", 0), end=at("2006-03-02", 0), consumption=Decimal(24)
    )
    assert cost == Decimal("18.40")  # 16 h peak × 1.0 + 8 h valley × 0.3


def test_price_change_date(personas):
    tariff = tou_tariff(personas.site)
    add_tou_prices(tariff, date(2006, 7, 1), "1.2000", "0.4000")
    assert [p.price for p in prices_on(tariff, date(2006, 6, 30))] == [
        Decimal("1.0000"),
        Decimal("0.3000"),
    ]
    before = interval_cost(tariff=tariff, start=at("2006-06-30", 9), end=at("2006-06-30", 10),
                           consumption=Decimal(10))  # fmt: skip
    after = interval_cost(tariff=tariff, start=at("2006-07-01", 9), end=at("2006-07-01", 10),
                          consumption=Decimal(10))  # fmt: skip
    assert (before, after) == (Decimal("10.00"), Decimal("12.00"))
    across = interval_cost(tariff=tariff, start=at("2006-06-30", 12), end=at("2006-07-01", 12),
                           consumption=Decimal(24))  # fmt: skip
    # 30 June 12–24: 11 h peak, 1 h valley; 1 July 0–12: 7 h valley, 5 h peak
    assert across == Decimal("20.10")  # 11 × 1.0 + 1 × 0.3 + 7 × 0.4 + 5 × 1.2


def test_no_price_no_cost(personas):
    tariff = tou_tariff(personas.site)
    assert interval_cost(tariff=tariff, start=at("2004-12-31", 9), end=at("2004-12-31", 10),
                         consumption=Decimal(1)) is None  # fmt: skip
    assert interval_cost(tariff=None, start=at("2006-01-01", 9), end=at("2006-01-01", 10),
                         consumption=Decimal(1)) is None  # fmt: skip


def test_reading_cost_under_tou(personas, fm):
    m = meter(personas.site, tariff=tou_tariff(personas.site))
    reading_record(meter=m, read_at=at("2006-03-01", 2), value="0", by=fm)
    valley = reading_record(meter=m, read_at=at("2006-03-01", 3), value="10", by=fm)
    peak = reading_record(meter=m, read_at=at("2006-03-01", 10), value="80", by=fm)
    assert valley.cost == Decimal("3.00")
    # 03–07 valley (4 h), 07–10 peak (3 h): 70 units pro rata = 40 × 0.3 + 30 × 1.0
    assert peak.cost == Decimal("42.00")


def _prices(rows):
    return [
        {"valid_from": date(2006, 1, 1), "period": p, "starts": time(a), "ends": time(b),
         "price": Decimal(v)}
        for p, a, b, v in rows
    ]  # fmt: skip


def test_tariff_save_refuses_gaps_and_overlaps(personas, fm):
    tariff = Tariff(site=personas.site, code="T", name="T", energy_type="electricity",
                    is_time_of_use=True)  # fmt: skip
    with pytest.raises(ValidationError, match="without a price"):
        tariff_save(
            tariff=tariff, prices=_prices([("peak", 8, 22, "1"), ("valley", 23, 7, "0.3")]), by=fm
        )
    with pytest.raises(ValidationError, match="overlap"):
        tariff_save(
            tariff=tariff, prices=_prices([("peak", 6, 23, "1"), ("valley", 23, 7, "0.3")]), by=fm
        )
    assert not Tariff.objects.exists()
    tariff_save(
        tariff=tariff, prices=_prices([("peak", 7, 23, "1"), ("valley", 23, 7, "0.3")]), by=fm
    )
    assert TariffPrice.objects.filter(tariff=tariff).count() == 2
    flat = Tariff(site=personas.site, code="W", name="W", energy_type="water")
    with pytest.raises(ValidationError, match="one price"):
        tariff_save(tariff=flat, prices=_prices([("flat", 7, 23, "3")]), by=fm)
    tariff_save(tariff=flat, prices=_prices([("flat", 0, 0, "3.1")]), by=fm)
    assert prices_on(flat, date(2006, 5, 1))[0].price == Decimal("3.1")


def test_correcting_a_price_recosts_the_readings_from_its_date(personas, fm):
    tariff = tariff_save(
        tariff=Tariff(site=personas.site, code="T1", name="T1", energy_type="electricity"),
        prices=[_flat(date(2006, 1, 1), "1.0000")],
        by=fm,
    )
    m = meter(personas.site, tariff=tariff)
    readings = [
        reading_record(meter=m, read_at=at(f"2006-03-0{day}", 0), value=value, by=fm)
        for day, value in ((1, "0"), (2, "10"), (3, "20"), (4, "30"))
    ]
    # the price from 3 March was 2.00, not 1.00: the use of 3 March (read on the 4th at 00:00)
    # is charged again; the days before keep their cost
    tariff_save(tariff=tariff, prices=[_flat(date(2006, 3, 3), "2.0000")], by=fm)
    costs = [Reading.objects.get(pk=r.pk).cost for r in readings]
    assert costs == [None, Decimal("10.00"), Decimal("10.00"), Decimal("20.00")]


def _flat(valid_from, price) -> dict:
    return {
        "valid_from": valid_from,
        "period": "flat",
        "starts": time(0),
        "ends": time(0),
        "price": Decimal(price),
    }
