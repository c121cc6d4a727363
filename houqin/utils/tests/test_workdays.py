"""Rest days and working days after the official holiday calendar."""

from datetime import date

from houqin.utils.workdays import calendar_day


def test_a_spring_festival_day_is_a_named_holiday():
    day = calendar_day(date(2006, 1, 30))
    assert not day.is_workday
    assert day.holiday == "Spring Festival" and day.holiday_chinese == "春节"


def test_an_adjusted_weekend_is_a_working_day_and_an_ordinary_weekend_is_not():
    assert calendar_day(date(2006, 2, 5)).is_workday  # Sunday worked for the Spring Festival
    saturday = calendar_day(date(2006, 3, 4))
    assert not saturday.is_workday and saturday.holiday == ""


def test_outside_the_calendar_weekends_are_the_rest_days():
    assert not calendar_day(date(1990, 1, 6)).is_workday
    assert calendar_day(date(1990, 1, 8)).is_workday
