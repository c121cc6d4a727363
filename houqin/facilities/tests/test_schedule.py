"""Rule dates and rest-day moves of maintenance plans, stated as dates (2026 calendar: the Spring
Festival holiday 02-15..02-23 with 调休 working days 02-14 and 02-28, National Day 10-01..10-07
with 调休 working day 10-10)."""

from datetime import date
from itertools import pairwise

from houqin.facilities import schedule
from houqin.facilities.choices import HolidayRule, IntervalUnit, MaintenanceStandard
from houqin.facilities.schedule import Rule


def _dates(start, rule, through):
    return list(schedule.rule_dates(start, rule, through=through))


def test_monthly_from_month_end_never_drifts():
    dates = _dates(date(2026, 1, 31), Rule(1, IntervalUnit.MONTH), date(2026, 12, 31))
    assert dates == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 10, 31),
        date(2026, 11, 30),
        date(2026, 12, 31),
    ]


def test_monthly_from_month_end_in_a_leap_year():
    dates = _dates(date(2028, 1, 31), Rule(1, IntervalUnit.MONTH), date(2028, 3, 31))
    assert dates == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]


def test_monthly_moves_later_and_earlier_over_a_year():
    later = dict(
        schedule.occurrences(
            date(2026, 1, 31),
            Rule(1, IntervalUnit.MONTH, HolidayRule.LATER),
            through=date(2026, 12, 31),
        )
    )
    earlier = dict(
        schedule.occurrences(
            date(2026, 1, 31),
            Rule(1, IntervalUnit.MONTH, HolidayRule.EARLIER),
            through=date(2026, 12, 31),
        )
    )
    # 2026-01-31 is a Saturday; 2026-02-28 is a Saturday but a 调休 working day: it stays.
    assert later[date(2026, 1, 31)] == date(2026, 2, 2)
    assert earlier[date(2026, 1, 31)] == date(2026, 1, 30)
    assert later[date(2026, 2, 28)] == earlier[date(2026, 2, 28)] == date(2026, 2, 28)
    assert later[date(2026, 3, 31)] == date(2026, 3, 31)  # a Tuesday
    assert later[date(2026, 5, 31)] == date(2026, 6, 1)  # Sunday → Monday
    assert earlier[date(2026, 5, 31)] == date(2026, 5, 29)  # Sunday → Friday
    assert later[date(2026, 10, 31)] == date(2026, 11, 2)
    assert earlier[date(2026, 10, 31)] == date(2026, 10, 30)
    assert earlier[date(2026, 12, 31)] == date(2026, 12, 31)  # a Thursday


def test_spring_festival_holiday_moves_across_the_whole_week():
    rule_later = Rule(1, IntervalUnit.MONTH, HolidayRule.LATER)
    rule_earlier = Rule(1, IntervalUnit.MONTH, HolidayRule.EARLIER)
    [(scheduled, later)] = schedule.occurrences(
        date(2026, 2, 17), rule_later, through=date(2026, 2, 17)
    )
    assert (scheduled, later) == (date(2026, 2, 17), date(2026, 2, 24))
    [(_, earlier)] = schedule.occurrences(
        date(2026, 2, 17), rule_earlier, through=date(2026, 2, 17)
    )
    assert earlier == date(2026, 2, 14)  # the 调休 working Saturday before the holiday


def test_lift_half_monthly_moves_before_national_day_and_never_stretches_15_days():
    rule = schedule.STANDARD_RULES[MaintenanceStandard.LIFT_HALF_MONTH]
    assert rule == Rule(15, IntervalUnit.DAY, HolidayRule.EARLIER, chained=True)
    dates = schedule.occurrences(date(2026, 9, 1), rule, through=date(2026, 10, 31))
    assert dates == [
        (date(2026, 9, 1), date(2026, 9, 1)),
        (date(2026, 9, 16), date(2026, 9, 16)),
        (date(2026, 10, 1), date(2026, 9, 30)),  # National Day: the working day before
        (date(2026, 10, 15), date(2026, 10, 15)),  # 15 days after the visit of 30 September
        (date(2026, 10, 30), date(2026, 10, 30)),
    ]
    [(_, due)] = schedule.occurrences(date(2026, 10, 6), rule, through=date(2026, 10, 6))
    assert due == date(2026, 9, 30)
    # the legal limit holds across a whole year of moves: never more than 15 days between visits
    year = [
        due for _, due in schedule.occurrences(date(2026, 1, 1), rule, through=date(2026, 12, 31))
    ]
    assert max((b - a).days for a, b in pairwise(year)) <= 15
    assert len(year) >= 25
    assert schedule.first_after(date(2026, 9, 1), rule, after=date(2026, 10, 1)) == (
        date(2026, 10, 15),
        date(2026, 10, 15),
    )
    assert schedule.preview(date(2026, 9, 1), rule, today=date(2026, 9, 20), count=3) == [
        date(2026, 9, 30),
        date(2026, 10, 15),
        date(2026, 10, 30),
    ]


def test_yearly_from_leap_day():
    rule = Rule(1, IntervalUnit.YEAR)
    assert _dates(date(2024, 2, 29), rule, date(2028, 12, 31)) == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]


def test_standards_fill_intervals():
    rules = schedule.STANDARD_RULES
    assert rules[MaintenanceStandard.LIFT_QUARTER].interval == 3
    assert rules[MaintenanceStandard.LIFT_HALF_YEAR].interval == 6
    assert rules[MaintenanceStandard.LIFT_YEAR].interval == 12
    assert rules[MaintenanceStandard.FIRE_DAILY] == Rule(1, IntervalUnit.DAY, HolidayRule.KEEP)
    assert rules[MaintenanceStandard.FIRE_MONTH].interval == 1
    assert MaintenanceStandard.OWN not in rules


def test_weekly_and_daily():
    assert _dates(date(2026, 3, 2), Rule(2, IntervalUnit.WEEK), date(2026, 3, 31)) == [
        date(2026, 3, 2),
        date(2026, 3, 16),
        date(2026, 3, 30),
    ]
    assert len(_dates(date(2026, 1, 1), Rule(1, IntervalUnit.DAY), date(2026, 12, 31))) == 365


def test_preview_gives_the_next_six_due_dates():
    rule = Rule(1, IntervalUnit.MONTH, HolidayRule.LATER)
    assert schedule.preview(date(2026, 1, 31), rule, today=date(2026, 5, 1)) == [
        date(2026, 6, 1),
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 11, 2),
    ]


def test_first_after_skips_ahead():
    rule = Rule(1, IntervalUnit.MONTH, HolidayRule.LATER)
    assert schedule.first_after(date(2026, 1, 31), rule, after=date(2026, 5, 15)) == (
        date(2026, 5, 31),
        date(2026, 6, 1),
    )
    assert schedule.first_after(date(2026, 1, 31), rule, after=date(2026, 1, 1)) == (
        date(2026, 1, 31),
        date(2026, 2, 2),
    )
    daily = Rule(1, IntervalUnit.DAY)
    assert schedule.first_after(date(2020, 1, 1), daily, after=date(2026, 3, 3))[0] == date(
        2026, 3, 4
    )
    yearly = Rule(1, IntervalUnit.YEAR)
    assert schedule.first_after(date(2024, 2, 29), yearly, after=date(2027, 2, 28))[0] == date(
        2028, 2, 29
    )
