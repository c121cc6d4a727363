"""Working days and rest days after the State Council's holiday calendar (chinese-calendar),
调休 working days included; outside the years the calendar covers, weekends are the rest days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import chinese_calendar
from chinese_calendar.constants import Holiday


@dataclass(frozen=True)
class CalendarDay:
    """One day: whether people work, and the public holiday it belongs to ("" if none)."""

    date: date
    is_workday: bool
    holiday: str  # the calendar's English name, e.g. "Spring Festival"

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def holiday_chinese(self) -> str:
        """The holiday's Chinese name (the English one if the calendar has none)."""
        try:
            return Holiday(self.holiday).chinese
        except ValueError:
            return self.holiday


def calendar_day(day: date) -> CalendarDay:
    """``day`` after the official calendar."""
    try:
        is_rest, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # a year the calendar does not cover
        return CalendarDay(day, is_workday=day.weekday() < 5, holiday="")
    return CalendarDay(day, is_workday=not is_rest, holiday=(name or "") if is_rest else "")
