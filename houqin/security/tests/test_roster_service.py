"""Roster generation with the database: saved drafts, published months, infeasible requests,
the duty figures."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Person
from houqin.core.testing import make_personas
from houqin.reports.registry import year_bounds
from houqin.security.choices import RosterStatus
from houqin.security.models import Absence, Assignment, DutyPost, DutyShift, Roster, SpecialPeriod
from houqin.security.queries.duty import duty_figures
from houqin.security.services.roster import (
    RosterInfeasible,
    assignment_violations,
    roster_generate,
    roster_problem,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
MONTH = date(2026, 2, 1)  # short, with Spring Festival


@pytest.fixture
def duty_site():
    p = make_personas()
    for i, (name, start, night) in enumerate(
        [("早班", time(8), False), ("中班", time(16), False), ("夜班", time(0), True)]
    ):
        DutyShift.objects.create(
            site=p.site, name=name, start_time=start, is_night=night, position=i
        )
    gate = DutyPost.objects.create(site=p.site, name="大门岗", kind="gate")
    fire = DutyPost.objects.create(
        site=p.site, name="消防控制室", kind="fire_control", staff_per_shift=2
    )
    people = Person.objects.bulk_create(
        Person(site=p.site, name=f"保安{i}", rank="middle" if i < 4 else "staff") for i in range(16)
    )
    gate.qualified.add(*people)
    fire.qualified.add(*people[:10])
    Absence.objects.create(
        site=p.site,
        person=people[5],
        start_date=date(2026, 2, 3),
        end_date=date(2026, 2, 6),
        reason="leave",
    )
    SpecialPeriod.objects.create(
        site=p.site, name="春节", start_date=date(2026, 2, 15), end_date=date(2026, 2, 18)
    )
    p.fire, p.people = fire, people
    return p


def test_generate_saves_a_draft_with_its_assignments(duty_site, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        problem = roster_problem(site=duty_site.site, month=MONTH)
    roster = roster_generate(site=duty_site.site, month=MONTH, by=duty_site.duty, time_limit=5)
    assert roster.status == RosterStatus.DRAFT and roster.number.startswith("PB-")
    rows = Assignment.objects.filter(roster=roster)
    assert rows.count() == (3 * 28) * 3 + 3 * 4  # 3 people a shift, leaders on 4 days
    first = rows.filter(shift__start_time=time(0)).first()
    local = timezone.localtime(first.starts_at)
    assert local.hour == 0 and local.date() == first.date
    assert first.ends_at - first.starts_at == timedelta(hours=8)
    assert assignment_violations(roster=roster) == []
    assert roster.solve_seconds is not None and roster.fairness_spread is not None
    assert len(problem.people) == 16
    again = roster_generate(site=duty_site.site, month=MONTH, by=duty_site.duty, time_limit=5)
    assert (
        again.pk == roster.pk and Assignment.objects.filter(roster=roster).count() == rows.count()
    )


def test_published_month_is_refused(duty_site):
    roster = roster_generate(site=duty_site.site, month=MONTH, by=duty_site.duty, time_limit=5)
    Roster.objects.filter(pk=roster.pk).update(status=RosterStatus.PUBLISHED)
    with pytest.raises(ValidationError, match="published"):
        roster_generate(site=duty_site.site, month=MONTH, by=duty_site.duty)


def test_infeasible_saves_nothing_and_names_the_post(duty_site):
    Absence.objects.create(
        site=duty_site.site,
        person=duty_site.people[0],
        start_date=date(2026, 2, 9),
        end_date=date(2026, 2, 9),
        reason="sick",
    )
    duty_site.fire.qualified.set(duty_site.people[:1])
    with pytest.raises(RosterInfeasible) as caught:
        roster_generate(site=duty_site.site, month=MONTH, by=duty_site.duty, time_limit=3)
    assert any("消防控制室" in m for m in caught.value.messages)
    assert not Roster.objects.exists() and not Assignment.objects.exists()


def test_manual_edit_is_checked(duty_site):
    roster = roster_generate(site=duty_site.site, month=MONTH, by=duty_site.duty, time_limit=5)
    row = Assignment.objects.filter(roster=roster, post=duty_site.fire).first()
    row.delete()
    assert any("消防控制室" in m for m in assignment_violations(roster=roster))


def test_duty_figures_count_covered_shifts(duty_site):
    roster = roster_generate(site=duty_site.site, month=MONTH, by=duty_site.duty, time_limit=5)
    start, end = year_bounds(2026)
    assert duty_figures(site_ids=None, start=start, end=end)["assignments"] == 0  # a draft
    Roster.objects.filter(pk=roster.pk).update(status=RosterStatus.PUBLISHED)
    Assignment.objects.filter(
        roster=roster, post=duty_site.fire, date=date(2026, 2, 2)
    ).first().delete()
    figures = duty_figures(site_ids=[duty_site.site.pk], start=start, end=end)
    assert figures["covered"] == 28 * 3 - 1
    assert figures["assignments"] == (3 * 28) * 3 + 3 * 4 - 1
