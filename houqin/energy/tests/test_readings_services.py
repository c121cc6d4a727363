# ruff: noqa: F811  (fixtures imported from the helpers are arguments here)
"""The readings engine: baselines, rollover, replacement, flags, review, back-dating, voids and
bulk loading."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from houqin.energy.choices import FlagStatus, ReadingFlag, ReadingKind
from houqin.energy.models import Reading
from houqin.energy.services.readings import (
    meter_replace,
    reading_record,
    reading_review,
    reading_void,
    readings_load,
    used_on_of,
)
from houqin.energy.tests.helpers_energy import at, flat_tariff, fm, meter  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def record(m, when, value, by):
    return reading_record(meter=m, read_at=when, value=value, by=by)


def daily(m, by, values, start_day=1, month="2006-03"):
    """Readings at 08:00 on consecutive days."""
    return [record(m, at(f"{month}-{start_day + i:02d}", 8), v, by) for i, v in enumerate(values)]


def total(m) -> Decimal:
    return Reading.objects.filter(meter=m, voided_at__isnull=True).aggregate(s=Sum("consumption"))[
        "s"
    ]


def test_first_reading_counts_nothing_then_use_and_cost(personas, fm):
    m = meter(personas.site, tariff=flat_tariff(personas.site), multiplier=Decimal(40))
    first = record(m, at("2006-03-01", 8), "100", fm)
    assert first.consumption is None and first.used_on.isoformat() == "2006-03-01"
    second = record(m, at("2006-03-02", 8), "102.5", fm)
    assert second.consumption == Decimal("100.000")  # 2.5 × 40
    assert second.cost == Decimal("50.00")
    assert second.multiplier == 40


def test_midnight_reading_counts_on_the_day_before(personas, fm):
    assert used_on_of(at("2006-03-02", 0)).isoformat() == "2006-03-01"
    assert used_on_of(at("2006-03-02", 0, 1)).isoformat() == "2006-03-02"


def test_rollover(personas, fm):
    m = meter(personas.site, rollover_at=Decimal(100000))
    daily(m, fm, ["99900", "99950", "99990", "99995"])
    rolled = record(m, at("2006-03-05", 8), "40", fm)
    assert rolled.rolled_over and rolled.consumption == Decimal("45.000")
    assert not rolled.flag


def test_step_back_without_rollover_is_flagged(personas, fm):
    m = meter(personas.site)
    daily(m, fm, ["100", "110"])
    bad = record(m, at("2006-03-03", 8), "90", fm)
    assert (bad.flag, bad.flag_status, bad.consumption) == (
        ReadingFlag.NEGATIVE,
        FlagStatus.PENDING,
        None,
    )
    assert "90" in bad.flag_note and "110" in bad.flag_note
    good = record(m, at("2006-03-04", 8), "125", fm)
    assert good.consumption == Decimal("15.000")  # measured from 110, the last good one


def test_implausible_rollover_is_a_negative_flag(personas, fm):
    m = meter(personas.site, rollover_at=Decimal(100000))
    daily(m, fm, ["50000", "50010", "50020", "50030"])
    bad = record(m, at("2006-03-05", 8), "50025", fm)  # would be 99 995 units in a day
    assert bad.flag == ReadingFlag.NEGATIVE and bad.flag_status == FlagStatus.PENDING


def test_jump_flagged_not_counted_next_measures_from_last_good(personas, fm):
    m = meter(personas.site)
    daily(m, fm, ["0", "10", "20", "30", "40"])
    jump = record(m, at("2006-03-06", 8), "140", fm)  # 100 a day against 10 a day
    assert (jump.flag, jump.flag_status, jump.consumption) == (
        ReadingFlag.JUMP,
        FlagStatus.PENDING,
        None,
    )
    assert "10.0 times" in jump.flag_note
    after = record(m, at("2006-03-07", 8), "60", fm)
    assert after.consumption == Decimal("20.000")  # from 40, the last good one
    assert total(m) == Decimal("60.000")


def test_confirming_a_jump_counts_it_once(personas, fm):
    m = meter(personas.site)
    daily(m, fm, ["0", "10", "20", "30", "40"])
    jump = record(m, at("2006-03-06", 8), "140", fm)
    reading_review(reading=jump, by=fm)
    jump.refresh_from_db()
    assert jump.flag_status == FlagStatus.ACCEPTED and jump.consumption == Decimal("100.000")
    after = record(m, at("2006-03-07", 8), "150", fm)
    assert after.consumption == Decimal("10.000")
    assert total(m) == Decimal("150.000")
    with pytest.raises(ValidationError):
        reading_review(reading=jump, by=fm)


def test_confirming_a_held_reading_recomputes_the_next(personas, fm):
    m = meter(personas.site)
    daily(m, fm, ["100", "110"])
    held = record(m, at("2006-03-03", 8), "90", fm)  # the register was reset by the supplier
    after = record(m, at("2006-03-04", 8), "125", fm)
    reading_review(reading=held, by=fm)
    after.refresh_from_db()
    held.refresh_from_db()
    assert (held.consumption, after.consumption) == (Decimal("0.000"), Decimal("35.000"))


def test_back_dated_reading_and_void_recompute_the_next(personas, fm):
    m = meter(personas.site)
    record(m, at("2006-03-01", 8), "100", fm)
    later = record(m, at("2006-03-03", 8), "120", fm)
    assert later.consumption == Decimal("20.000")
    middle = record(m, at("2006-03-02", 8), "112", fm)
    later.refresh_from_db()
    assert (middle.consumption, later.consumption) == (Decimal("12.000"), Decimal("8.000"))
    reading_void(reading=middle, by=fm, reason="misread")
    later.refresh_from_db()
    assert later.consumption == Decimal("20.000")
    assert total(m) == Decimal("20.000")
    with pytest.raises(ValidationError):
        record(m, at("2006-03-02", 9), "130", fm)  # above the later 120


def test_same_moment_and_future_refused(personas, fm):
    m = meter(personas.site)
    record(m, at("2006-03-01", 8), "100", fm)
    with pytest.raises(ValidationError, match="already has a reading"):
        record(m, at("2006-03-01", 8), "101", fm)
    with pytest.raises(ValidationError, match="future"):
        record(m, at("2099-01-01", 8), "101", fm)
    with pytest.raises(ValidationError):
        record(m, at("2006-03-02", 8), "-1", fm)
    assert Reading.objects.count() == 1


def test_meter_replacement_counts_use_once(personas, fm):
    m = meter(personas.site, multiplier=Decimal(10))
    record(m, at("2006-03-01", 8), "500", fm)
    final, initial = meter_replace(
        meter=m,
        at=at("2006-03-02", 8),
        final_value="520",
        serial="NEW-1",
        initial_value="3",
        multiplier=Decimal(20),
        by=fm,
    )
    assert (final.kind, final.consumption, final.multiplier) == (
        ReadingKind.FINAL,
        Decimal("200.000"),
        Decimal(10),
    )
    assert initial.kind == ReadingKind.INITIAL and initial.consumption is None
    nxt = record(m, at("2006-03-03", 8), "5", fm)
    assert nxt.consumption == Decimal("40.000") and nxt.multiplier == 20
    assert total(m) == Decimal("240.000")
    m.refresh_from_db()
    assert (m.serial, m.multiplier) == ("NEW-1", Decimal(20))


def test_load_computes_in_memory_and_refuses_bad_rows(personas, fm):
    m = meter(personas.site, tariff=flat_tariff(personas.site))
    rows = [
        {"meter": m, "read_at": at("2006-03-01", h), "value": Decimal(h * 2)} for h in range(1, 6)
    ]
    made = readings_load(rows=list(reversed(rows)), by=fm, source="import")
    assert [r.consumption for r in made][1:] == [Decimal("2.000")] * 4
    assert made[1].cost == Decimal("1.00")
    bad = [
        {"meter": m, "read_at": at("2006-03-02", 1), "value": "10"},
        {"meter": m, "read_at": at("2006-03-02", 2), "value": "x"},
        {"meter": None, "read_at": at("2006-03-02", 3), "value": "12"},
    ]
    with pytest.raises(ValidationError) as exc:
        readings_load(rows=bad, by=fm, source="import", row_offset=1)
    assert [msg[:6] for msg in exc.value.messages] == ["Row 3:", "Row 4:"]
    assert Reading.objects.count() == 5
