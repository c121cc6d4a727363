"""The roster solver without the database: property tests over random staff, leave and special
periods, and impossible requests explained in words."""

from __future__ import annotations

from datetime import date, timedelta
from datetime import time as dtime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from houqin.security import roster as r

pytestmark = pytest.mark.usefixtures("english")

SHIFTS = [
    r.ShiftSpec(1, "早班", dtime(8)),
    r.ShiftSpec(2, "中班", dtime(16)),
    r.ShiftSpec(3, "夜班", dtime(0), is_night=True),
]
START = date(2026, 10, 1)


def _days(count: int) -> list[r.DaySpec]:
    return r.month_days(START)[:count]


@st.composite
def problems(draw) -> r.RosterProblem:
    days = _days(draw(st.integers(7, 10)))
    posts = [
        r.PostSpec(i + 1, f"岗位{i + 1}", draw(st.integers(1, 2)))
        for i in range(draw(st.integers(1, 4)))
    ]
    people = []
    for i in range(draw(st.integers(10, 40))):
        qualified = draw(st.sets(st.sampled_from([p.id for p in posts]), min_size=1))
        leave = draw(st.sets(st.sampled_from([d.date for d in days]), max_size=3))
        people.append(
            r.StaffMember(
                i + 1, f"P{i}", frozenset(qualified), draw(st.booleans()), frozenset(leave)
            )
        )
    special = draw(st.sets(st.sampled_from([d.date for d in days]), max_size=4))
    return r.RosterProblem(
        people, posts, SHIFTS, days, frozenset(special), r.RosterSettings(time_limit=3.0)
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_roster_meets_every_hard_constraint(problem):
    result = r.solve(problem)
    if result.feasible:
        assert r.check_roster(problem, result.assignments) == []
        assert result.gap is not None and result.gap >= 0
    else:
        assert result.explanations


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_quick_rotation_meets_every_hard_constraint(problem):
    result = r.rotate(problem)
    if result.feasible:
        assert r.check_roster(problem, result.assignments) == []


def _problem(people, posts=None, special=(), days=7, **rules) -> r.RosterProblem:
    posts = posts or [r.PostSpec(1, "消防控制室", 2)]
    return r.RosterProblem(
        people,
        posts,
        SHIFTS,
        _days(days),
        frozenset(special),
        r.RosterSettings(time_limit=5.0, **rules),
    )


def test_one_person_for_a_two_person_post_is_explained():
    result = r.solve(_problem([r.StaffMember(1, "张三", frozenset({1}))]))
    assert not result.feasible and not result.assignments
    assert "消防控制室" in result.explanations[0] and "2 people" in result.explanations[0]


def test_special_period_without_leaders_is_explained():
    people = [r.StaffMember(i, f"P{i}", frozenset({1})) for i in range(12)]
    result = r.solve(_problem(people, special={START + timedelta(days=2)}))
    assert not result.feasible
    assert any("2026-10-03" in m and "special protection period" in m for m in result.explanations)


def test_everybody_on_leave_one_day_names_the_day_and_post():
    day = START + timedelta(days=4)
    people = [
        r.StaffMember(i, f"P{i}", frozenset({1}), unavailable=frozenset({day})) for i in range(12)
    ]
    result = r.solve(_problem(people))
    assert any(
        "2026-10-05" in m and "消防控制室" in m and "leave" in m for m in result.explanations
    )


def test_conflict_found_by_the_solver_names_the_rules():
    # Six people for six places a day: each keeps one shift for the week, so the night people
    # exceed the cap of three nights in a row — only the solver can see it.
    people = [r.StaffMember(i, f"P{i}", frozenset({1})) for i in range(6)]
    result = r.solve(_problem(people))
    assert result.status == "INFEASIBLE"
    text = " ".join(result.explanations)
    assert "Night shifts" in text and "消防控制室" in text


def test_a_feasible_roster_and_its_figures():
    people = [r.StaffMember(i, f"P{i}", frozenset({1}), i < 3) for i in range(14)]
    problem = _problem(people, special={START})
    result = r.solve(problem)
    assert result.feasible and r.check_roster(problem, result.assignments) == []
    leaders = [a for a in result.assignments if a.post_id is None]
    assert {a.day for a in leaders} == {START} and len(leaders) == 3
    assert result.spread is not None and result.seconds > 0


def test_check_roster_lists_violations():
    people = [r.StaffMember(1, "张三", frozenset({1}), unavailable=frozenset({START}))]
    problem = _problem(people, days=2)
    rows = [r.RosterAssignment(START, 1, 1, 1), r.RosterAssignment(START, 2, 1, 1)]
    text = " ".join(r.check_roster(problem, rows))
    assert "on leave" in text and "rest" in text and "instead of 2 people" in text


def test_days_carry_the_chinese_calendar():
    days = {d.date: d for d in r.month_days(date(2026, 10, 1))}
    assert days[date(2026, 10, 1)].is_holiday
    adjusted = [d for d in days.values() if d.is_adjusted_workday]
    assert adjusted and not any(d.is_weekend for d in adjusted)
