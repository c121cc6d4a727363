"""Builders shared by the duty tests: posts, shifts, people and a roster written directly (no
generation), so the pages can be tested without the solver."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from houqin.core.models import Person
from houqin.security.choices import PostKind, RosterStatus
from houqin.security.models import Assignment, DutyPost, DutyShift, Roster
from houqin.security.queries.duty_pages import next_month

SHIFT_STARTS = (("早班", time(8)), ("中班", time(16)), ("夜班", time(0)))


def make_shifts(site) -> list[DutyShift]:
    return [
        DutyShift.objects.create(
            site=site, name=name, start_time=start, hours=8, is_night=start.hour == 0, position=i
        )
        for i, (name, start) in enumerate(SHIFT_STARTS)
    ]


def make_people(site, count: int, *, prefix: str = "队员") -> list[Person]:
    return [Person.objects.create(site=site, name=f"{prefix}{i:02d}") for i in range(count)]


def make_post(site, people, *, name="东大门", kind=PostKind.GATE, per_shift=1) -> DutyPost:
    post = DutyPost.objects.create(site=site, name=name, kind=kind, staff_per_shift=per_shift)
    post.qualified.set(people)
    return post


def bounds(day: date, shift: DutyShift) -> tuple[datetime, datetime]:
    """Aware start and end of a shift on a day (a 00:00 shift starts at that day's midnight)."""
    start = timezone.make_aware(datetime.combine(day, shift.start_time))
    return start, start + timedelta(hours=shift.hours)


def make_roster(site, by, *, month=None, status=RosterStatus.DRAFT, number="PB-TEST-1") -> Roster:
    return Roster.objects.create(
        site=site,
        number=number,
        created_by=by,
        month=month or next_month(),
        status=status,
        published_at=timezone.now() if status == RosterStatus.PUBLISHED else None,
    )


def assign(roster, day, shift, post, person, *, leader=False) -> Assignment:
    start, end = bounds(day, shift)
    return Assignment.objects.create(
        site=roster.site,
        roster=roster,
        date=day,
        shift=shift,
        post=post,
        person=person,
        is_leader=leader,
        starts_at=start,
        ends_at=end,
    )


def duty_setup(personas, *, status=RosterStatus.DRAFT, days: int = 3):
    """A gate post with the guard and nine others qualified, three shifts, and a roster of the
    first ``days`` days of next month rotating the nine others, each one shift in three days
    (so everyone has their rest, and someone is free for any one shift)."""
    site = personas.site
    shifts = make_shifts(site)
    people = make_people(site, 9)
    guard = personas.guard.person
    post = make_post(site, [*people, guard])
    roster = make_roster(site, personas.secadmin, status=status)
    cells = []
    for d in range(days):
        day = roster.month + timedelta(days=d)
        for i, shift in enumerate(shifts):
            cells.append(assign(roster, day, shift, post, people[(3 * d + i) % 9]))
    return {
        "site": site,
        "shifts": shifts,
        "people": people,
        "post": post,
        "roster": roster,
        "cells": cells,
        "guard": guard,
    }
