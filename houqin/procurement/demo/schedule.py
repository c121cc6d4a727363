"""Stage dates for demo projects that obey every time limit in force: the rule rows are read
once, and each stage is placed a few (working) days after the one before, never before an
"at least" limit and never after a "within" limit."""

from __future__ import annotations

import functools
import itertools
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from houqin.procurement.choices import Bound, DayKind, Method, Stage
from houqin.procurement.models import TimeLimit
from houqin.utils.workdays import calendar_day

# Typical calendar days from the stage before (min, max); the limits then correct them.
GAPS = {
    Stage.APPROVED: (1, 5),
    Stage.INTENTION: (1, 3),
    Stage.SINGLE_SOURCE_PUBLICITY: (2, 6),
    Stage.ANNOUNCED: (1, 4),
    Stage.DOCUMENTS_ISSUED: (0, 1),
    Stage.OPENED: (4, 9),
    Stage.EVALUATED: (0, 1),
    Stage.CONFIRMED: (1, 3),
    Stage.AWARDED: (1, 1),
    Stage.CONTRACTED: (2, 10),
    Stage.CONTRACT_PUBLISHED: (1, 1),
    Stage.ACCEPTED: (8, 35),
    Stage.PAID: (5, 20),
}
EMERGENCY_GAPS = {Stage.APPROVED: (0, 0), Stage.CONFIRMED: (0, 1), Stage.CONTRACTED: (0, 1)}
STAGE_INDEX = {stage: i for i, stage in enumerate(Stage.values)}


@functools.lru_cache(maxsize=8192)
def is_workday(day: date) -> bool:
    return calendar_day(day).is_workday


def next_workday(day: date) -> date:
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def day_after(start: date, days: int, day_kind: str) -> date:
    """As ``services.rules.day_after``, with the working-day test remembered."""
    if day_kind != DayKind.WORKING:
        return start + timedelta(days=days)
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        counted += is_workday(day)
    return day


def in_force(rule: TimeLimit, on: date) -> bool:
    return rule.valid_from <= on and (rule.valid_to is None or rule.valid_to >= on)


class Scheduler:
    """Places a project's stages on dates (the rule rows read once)."""

    def __init__(self):
        self.rules = list(TimeLimit.objects.all())
        self.tz = timezone.get_current_timezone()

    def window(self, method, plan, dates, stage, on) -> tuple[date | None, date | None]:
        """The earliest and latest dates the limits in force allow for ``stage``."""
        low = high = None
        for rule in self.rules:
            start = dates.get(rule.from_stage)
            if rule.to_stage != stage or start is None or rule.from_stage not in plan:
                continue
            if not (rule.applies_to(method) and in_force(rule, on)):
                continue
            limit = day_after(start, rule.days, rule.day_kind)
            if rule.bound == Bound.AT_LEAST:
                low = max(low or limit, limit)
            else:
                high = min(high or limit, limit)
        return low, high

    def dates(self, *, method: str, plan: list[str], start: date, rng) -> dict[str, date]:
        """A date for every stage of ``plan``, the first on ``start``."""
        gaps = {**GAPS, **EMERGENCY_GAPS} if method == Method.EMERGENCY else GAPS
        dates = {plan[0]: start}
        for before, stage in itertools.pairwise(plan):
            day = dates[before] + timedelta(days=rng.randint(*gaps[stage]))
            if method != Method.EMERGENCY:  # a flood does not wait for Monday
                day = next_workday(day)
            low, high = self.window(method, plan, dates, stage, day)
            if low is not None and day < low:  # the period's end, or a few days after it
                day = next_workday(low + timedelta(days=rng.randint(0, 3)))
            if high is not None and day > high:
                day = high
            dates[stage] = max(day, dates[before])
        return dates

    def moment(self, stage: str, day: date, rng) -> datetime:
        """A time in office hours, later for later stages (two stages can share a day)."""
        minutes = 25 * STAGE_INDEX[stage] + rng.randint(0, 20)
        return datetime.combine(day, time(9, 0), self.tz) + timedelta(minutes=minutes)
