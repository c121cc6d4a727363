"""Dates of preventive maintenance, as pure functions (no database).

A plan's *rule dates* are anchored on its first date: the n-th date is the first date plus n
intervals, so a monthly plan from 31 January gives 28 (or 29) February, 31 March, 30 April …
and never drifts to the 28th. Each rule date is then moved off a rest day by the plan's holiday
rule, after the State Council's calendar (public holidays and 调休 working days included). The
rule date identifies the occurrence (``scheduled_on``); the moved date is when it is due
(``due_on``).

Intervals of the standards (../DOMAIN.md):

* TSG T5002-2017 《电梯维护保养规则》 (§2.2): half-monthly maintenance "至少每15日" — every 15
  days, and a date on a rest day moves to the working day *before*, since the 15-day limit is
  legal and a move may never stretch it. Such a rule is *chained*: the next date counts from
  the previous due date, so no gap between two visits ever exceeds 15 days; quarterly,
  half-yearly and yearly
  maintenance add their cumulative item tables at 3, 6 and 12 months.
* GB 25201-2010 《建筑消防设施的维护管理》 (§3.1): daily patrol (every day, kept on rest days),
  monthly check, yearly test.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from houqin.facilities.choices import HolidayRule, IntervalUnit, MaintenanceStandard
from houqin.utils.workdays import calendar_day

# A holiday run never lasts this long; the search for a working day stops here.
MAX_MOVE_DAYS = 30


@dataclass(frozen=True)
class Rule:
    """How often a plan recurs and what happens on a rest day."""

    interval: int
    unit: str = IntervalUnit.MONTH
    holiday_rule: str = HolidayRule.KEEP
    chained: bool = False  # the interval is a legal maximum between two visits


# The interval and rest-day rule each standard fixes; the compound's own plans choose freely.
STANDARD_RULES: dict[str, Rule] = {
    MaintenanceStandard.LIFT_HALF_MONTH: Rule(15, IntervalUnit.DAY, HolidayRule.EARLIER, True),
    MaintenanceStandard.LIFT_QUARTER: Rule(3, IntervalUnit.MONTH, HolidayRule.EARLIER),
    MaintenanceStandard.LIFT_HALF_YEAR: Rule(6, IntervalUnit.MONTH, HolidayRule.EARLIER),
    MaintenanceStandard.LIFT_YEAR: Rule(12, IntervalUnit.MONTH, HolidayRule.EARLIER),
    MaintenanceStandard.FIRE_DAILY: Rule(1, IntervalUnit.DAY, HolidayRule.KEEP),
    MaintenanceStandard.FIRE_MONTH: Rule(1, IntervalUnit.MONTH, HolidayRule.EARLIER),
    MaintenanceStandard.FIRE_YEAR: Rule(12, IntervalUnit.MONTH, HolidayRule.EARLIER),
}


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months``, on the same day of month or the month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def nth_date(start: date, n: int, rule: Rule) -> date:
    """The n-th rule date of a plan starting on ``start`` (n = 0 is ``start``)."""
    steps = n * rule.interval
    if rule.unit == IntervalUnit.DAY:
        return start + timedelta(days=steps)
    if rule.unit == IntervalUnit.WEEK:
        return start + timedelta(weeks=steps)
    if rule.unit == IntervalUnit.YEAR:
        return add_months(start, 12 * steps)
    return add_months(start, steps)


def rule_dates(start: date, rule: Rule, *, through: date) -> Iterator[date]:
    """Every rule date from ``start`` up to and including ``through``."""
    if rule.chained:
        yield from _chain(start, rule, through=through)
        return
    n = 0
    while (day := nth_date(start, n, rule)) <= through:
        yield day
        n += 1


def _chain(start: date, rule: Rule, *, through: date) -> Iterator[date]:
    """Rule dates of a chained rule: each one interval after the previous *due* date."""
    day = start
    while day <= through:
        yield day
        day = move_off_rest_day(day, rule.holiday_rule) + timedelta(days=_days(rule))


def _days(rule: Rule) -> int:
    return rule.interval * (7 if rule.unit == IntervalUnit.WEEK else 1)


def move_off_rest_day(day: date, holiday_rule: str) -> date:
    """``day`` moved to the working day before or after it, if it is a rest day."""
    if holiday_rule == HolidayRule.KEEP:
        return day
    step = timedelta(days=-1 if holiday_rule == HolidayRule.EARLIER else 1)
    moved = day
    for _ in range(MAX_MOVE_DAYS):
        if calendar_day(moved).is_workday:
            return moved
        moved += step
    return day


def occurrences(start: date, rule: Rule, *, through: date) -> list[tuple[date, date]]:
    """(rule date, due date) of every occurrence from ``start`` through ``through``."""
    return [
        (day, move_off_rest_day(day, rule.holiday_rule))
        for day in rule_dates(start, rule, through=through)
    ]


def next_after(anchor: date, rule: Rule) -> tuple[date, date]:
    """The occurrence one interval after ``anchor`` (a completion date): (rule date, due)."""
    day = nth_date(anchor, 1, rule)
    return day, move_off_rest_day(day, rule.holiday_rule)


def preview(start: date, rule: Rule, *, today: date, count: int = 6) -> list[date]:
    """The next ``count`` due dates on or after ``today`` (for the plan form)."""
    found: list[date] = []
    if rule.chained:
        for day in _chain(start, rule, through=today + timedelta(days=_days(rule) * (count + 1))):
            due = move_off_rest_day(day, rule.holiday_rule)
            if due >= today and len(found) < count:
                found.append(due)
        return found
    oldest = today - timedelta(days=MAX_MOVE_DAYS)  # an earlier date cannot move onto today
    for n in range(100_000):
        try:
            day = nth_date(start, n, rule)
            due = move_off_rest_day(day, rule.holiday_rule) if day >= oldest else None
        except (OverflowError, ValueError):  # past the calendar's last day: no more dates
            break
        if due is not None and due >= today:
            found.append(due)
        if len(found) >= count:
            break
    return found


def first_after(start: date, rule: Rule, *, after: date) -> tuple[date, date]:
    """The first occurrence whose rule date is later than ``after``: (rule date, due date)."""
    if rule.chained:
        day = next(d for d in _chain(start, rule, through=date.max) if d > after)
        return day, move_off_rest_day(day, rule.holiday_rule)
    n = _steps_before(start, rule, after)
    while (day := nth_date(start, n, rule)) <= after:
        n += 1
    return day, move_off_rest_day(day, rule.holiday_rule)


def _steps_before(start: date, rule: Rule, after: date) -> int:
    """A step count whose rule date is not later than ``after`` (a starting point to count on
    from, so that a daily plan of many years is not walked day by day)."""
    if after < start:
        return 0
    if rule.unit in (IntervalUnit.DAY, IntervalUnit.WEEK):
        days = rule.interval * (7 if rule.unit == IntervalUnit.WEEK else 1)
        return max((after - start).days // days - 1, 0)
    months = rule.interval * (12 if rule.unit == IntervalUnit.YEAR else 1)
    elapsed = (after.year - start.year) * 12 + after.month - start.month
    return max(elapsed // months - 1, 0)
