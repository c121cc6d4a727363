"""The lift inspection schedule of TSG T7001-2023 (pure function, no database)."""

from datetime import date

from houqin.facilities.lifts import (
    PERIODIC,
    SELF_TEST,
    SUPERVISORY,
    Record,
    add_months,
    kind_of_year,
    schedule,
)

BASE = date(2019, 6, 10)


def test_inspection_years_then_yearly():
    kinds = [kind_of_year(year) for year in range(1, 19)]
    periodic_years = [year for year, kind in enumerate(kinds, start=1) if kind == PERIODIC]
    assert periodic_years == [1, 4, 7, 9, 11, 13, 15, 16, 17, 18]


def test_schedule_from_base_with_self_tests_between():
    records = [
        Record(PERIODIC, date(2020, 6, 1)),
        Record(SELF_TEST, date(2021, 6, 10)),
        Record(SELF_TEST, date(2022, 5, 20)),
    ]
    plan = schedule(BASE, records, today=date(2023, 3, 1))
    assert [(o.due, o.kind) for o in plan.obligations] == [
        (date(2020, 6, 10), PERIODIC),
        (date(2021, 6, 10), SELF_TEST),
        (date(2022, 6, 10), SELF_TEST),
        (date(2023, 6, 10), PERIODIC),
    ]
    assert [o.satisfied_by for o in plan.obligations[:3]] == records
    assert (plan.next_due, plan.next_kind, plan.overdue) == (date(2023, 6, 10), PERIODIC, False)


def test_early_inspection_counts_and_next_date_still_from_base():
    records = [
        Record(PERIODIC, date(2020, 6, 10)),
        Record(SELF_TEST, date(2021, 6, 10)),
        Record(SELF_TEST, date(2022, 6, 10)),
        Record(PERIODIC, date(2023, 4, 20)),
    ]
    plan = schedule(BASE, records, today=date(2023, 5, 1))
    assert plan.obligations[3].satisfied_by == records[3]
    assert (plan.next_due, plan.next_kind) == (date(2024, 6, 10), SELF_TEST)


def test_too_early_does_not_count():
    # Self-testing may be one month early only: 2021-04-30 is six weeks before.
    records = [Record(PERIODIC, date(2020, 6, 10)), Record(SELF_TEST, date(2021, 4, 30))]
    plan = schedule(BASE, records, today=date(2021, 5, 1))
    assert (plan.next_due, plan.next_kind) == (date(2021, 6, 10), SELF_TEST)
    assert plan.obligations[-1].satisfied_by is None


def test_overdue_when_past_due_without_record():
    plan = schedule(BASE, [Record(PERIODIC, date(2020, 6, 10))], today=date(2021, 6, 11))
    assert (plan.next_due, plan.overdue) == (date(2021, 6, 10), True)
    assert schedule(BASE, [], today=date(2020, 6, 10)).overdue is False


def test_major_repair_drops_that_years_periodic_inspection():
    records = [
        Record(PERIODIC, date(2020, 6, 10)),
        Record(SELF_TEST, date(2021, 6, 10)),
        Record(SELF_TEST, date(2022, 6, 10)),
        Record(SUPERVISORY, date(2022, 11, 3), is_major_repair=True),
    ]
    plan = schedule(BASE, records, today=date(2023, 6, 1))
    assert plan.obligations[3].due == date(2023, 6, 10)
    assert plan.obligations[3].satisfied_by == records[3]
    assert (plan.next_due, plan.next_kind) == (date(2024, 6, 10), SELF_TEST)


def test_supervisory_without_major_repair_replaces_nothing():
    records = [
        Record(PERIODIC, date(2020, 6, 10)),
        Record(SELF_TEST, date(2021, 6, 10)),
        Record(SELF_TEST, date(2022, 6, 10)),
        Record(SUPERVISORY, date(2022, 11, 3)),
    ]
    plan = schedule(BASE, records, today=date(2023, 6, 1))
    assert (plan.next_due, plan.next_kind) == (date(2023, 6, 10), PERIODIC)


def test_periodic_inspection_covers_a_self_testing_year():
    records = [Record(PERIODIC, date(2020, 6, 10)), Record(PERIODIC, date(2021, 6, 1))]
    plan = schedule(BASE, records, today=date(2021, 7, 1))
    assert plan.obligations[1].satisfied_by == records[1]
    assert plan.next_due == date(2022, 6, 10)


def test_lift_of_2005_is_inspected_yearly_from_2021():
    base = date(2005, 3, 15)
    records = [Record(PERIODIC, date(2020, 3, 1)), Record(PERIODIC, date(2021, 3, 10))]
    plan = schedule(base, records, today=date(2021, 12, 1))
    by_year = {o.due.year: o.kind for o in plan.obligations}
    assert by_year[2019] == SELF_TEST
    assert by_year[2020] == by_year[2021] == by_year[2022] == PERIODIC
    assert (plan.next_due, plan.next_kind) == (date(2022, 3, 15), PERIODIC)
    # Years before the first record on file have no record: neither met nor overdue.
    first = plan.obligations[0]
    assert first.before_records and not first.overdue and first.satisfied_by is None


def test_month_arithmetic_at_month_ends():
    assert add_months(date(2020, 2, 29), 12) == date(2021, 2, 28)
    assert add_months(date(2023, 6, 10), -2) == date(2023, 4, 10)
    assert add_months(date(2023, 3, 31), -1) == date(2023, 2, 28)


def test_years_before_the_first_record_are_no_record_not_overdue():
    """A lift accepted in 1997 whose records start in 2005."""
    base = date(1997, 5, 1)
    records = [Record(PERIODIC, date(2005, 4, 20)), Record(PERIODIC, date(2006, 4, 25))]
    plan = schedule(base, records, today=date(2006, 9, 1))
    early = [o for o in plan.obligations if o.due < date(2005, 4, 20)]
    assert early and all(o.before_records and not o.overdue for o in early)
    assert [o.satisfied_by for o in plan.obligations if o.satisfied_by] == records
    assert (plan.next_due, plan.overdue) == (date(2007, 5, 1), False)


def test_an_obligation_after_the_first_record_left_unmet_is_overdue():
    base = date(1997, 5, 1)
    plan = schedule(base, [Record(PERIODIC, date(2005, 4, 20))], today=date(2007, 1, 1))
    assert plan.next_due == date(2006, 5, 1)
    assert plan.overdue and not plan.obligations[-1].before_records
