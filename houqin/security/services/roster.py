"""Generating a site's monthly duty roster: the database is turned into a pure
:class:`~houqin.security.roster.RosterProblem`, solved with CP-SAT, and saved as a draft."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.models import Person, Site
from houqin.security import roster as solver
from houqin.security.choices import RosterStatus
from houqin.security.models import Absence, Assignment, DutyPost, DutyShift, Roster, SpecialPeriod

LEADER_RANKS = (Person.Rank.MIDDLE, Person.Rank.LEADER)


class RosterInfeasible(ValidationError):
    """No roster meets every rule; the messages say which rules conflict."""


def month_bounds(month: date) -> tuple[date, date]:
    """The first and last day of ``month``."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def roster_problem(*, site: Site, month: date) -> solver.RosterProblem:
    """The roster problem of ``site`` for ``month``: active posts and shifts, the active people
    qualified for at least one post (of whom middle management and above may lead a shift,
    带班), their absences and the special protection periods — six queries."""
    first, last = month_bounds(month)
    posts = list(DutyPost.objects.filter(site=site, is_active=True))
    qualified = _qualifications(posts)
    people = Person.objects.filter(pk__in=qualified.keys(), is_active=True).only("name", "rank")
    away = _absences(site, first, last)
    return solver.RosterProblem(
        people=[
            solver.StaffMember(
                id=p.pk,
                name=p.name,
                posts=frozenset(qualified[p.pk]),
                is_leader=p.rank in LEADER_RANKS,
                unavailable=frozenset(away.get(p.pk, ())),
            )
            for p in people.order_by("pk")
        ],
        posts=[solver.PostSpec(p.pk, p.name, p.staff_per_shift) for p in posts],
        shifts=[
            solver.ShiftSpec(s.pk, s.name, s.start_time, s.hours, s.is_night)
            for s in DutyShift.objects.filter(site=site, is_active=True)
        ],
        days=solver.month_days(first),
        special_dates=frozenset(_special_dates(site, first, last)),
    )


def _qualifications(posts: list[DutyPost]) -> dict[int, set[int]]:
    through = DutyPost.qualified.through.objects.filter(dutypost__in=posts)
    qualified: dict[int, set[int]] = {}
    for person_id, post_id in through.values_list("person_id", "dutypost_id"):
        qualified.setdefault(person_id, set()).add(post_id)
    return qualified


def _days(start: date, end: date, first: date, last: date):
    day = max(start, first)
    while day <= min(end, last):
        yield day
        day += timedelta(days=1)


def _absences(site: Site, first: date, last: date) -> dict[int, set[date]]:
    rows = Absence.objects.filter(site=site, start_date__lte=last, end_date__gte=first)
    away: dict[int, set[date]] = {}
    for person_id, start, end in rows.values_list("person_id", "start_date", "end_date"):
        away.setdefault(person_id, set()).update(_days(start, end, first, last))
    return away


def _special_dates(site: Site, first: date, last: date) -> set[date]:
    rows = SpecialPeriod.objects.filter(site=site, start_date__lte=last, end_date__gte=first)
    return {
        day
        for start, end in rows.values_list("start_date", "end_date")
        for day in _days(start, end, first, last)
    }


def _current(site: Site, month: date, *, lock: bool = False) -> Roster | None:
    qs = Roster.objects.filter(site=site, month=month, voided_at__isnull=True)
    return (qs.select_for_update() if lock else qs).first()


def _refuse_published(roster: Roster | None) -> None:
    if roster is not None and roster.status == RosterStatus.PUBLISHED:
        raise ValidationError(_("The roster for this month is published; void it first."))


def roster_generate(
    *, site: Site, month: date, by, time_limit: float = solver.TIME_LIMIT
) -> Roster:
    """Generate the month's roster with CP-SAT and save it as a draft (replacing the
    assignments of an existing draft). Raises ``RosterInfeasible`` with the reasons when no
    roster meets every rule (nothing is saved), ``ValidationError`` if the month is published."""
    first = month.replace(day=1)
    _refuse_published(_current(site, first))  # fail fast, before a solve of several seconds
    problem = roster_problem(site=site, month=first)
    problem.settings = solver.RosterSettings(time_limit=time_limit)
    result = solver.solve(problem)
    if not result.feasible:
        raise RosterInfeasible(result.explanations, code="infeasible")
    with transaction.atomic():
        roster = _current(site, first, lock=True)
        _refuse_published(roster)
        roster = _roster_save(site=site, month=first, by=by, roster=roster, result=result)
        roster.assignments.all().delete()
        Assignment.objects.bulk_create(
            assignment_rows(roster=roster, problem=problem, result=result)
        )
        core.event_record(
            site=site, verb="generate", actor=by, target=roster, detail=_generated(result)
        )
    return roster


def _generated(result: solver.RosterResult) -> str:
    return _("Generated %(count)d assignments in %(seconds)s s (%(status)s).") % {
        "count": len(result.assignments),
        "seconds": result.seconds,
        "status": result.status,
    }


def _roster_save(*, site, month, by, roster, result: solver.RosterResult) -> Roster:
    fields = {
        "solve_seconds": Decimal(str(round(result.seconds, 2))),
        "fairness_spread": result.spread,
        "optimality_gap": None if result.gap is None else Decimal(str(round(result.gap, 4))),
    }
    if roster is None:
        roster = Roster(site=site, month=month, created_by=by, **fields)
        roster.number = core.record_number(record=roster)
        roster.save()
        return roster
    for name, value in fields.items():
        setattr(roster, name, value)
    roster.save(update_fields=list(fields))
    return roster


def assignment_rows(
    *, roster: Roster, problem: solver.RosterProblem, result: solver.RosterResult
) -> list[Assignment]:
    """Unsaved Assignment rows of a solver result, with aware start and end times."""
    tz = ZoneInfo(settings.TIME_ZONE)
    shifts = {s.id: s for s in problem.shifts}
    rows = []
    for a in result.assignments:
        shift = shifts[a.shift_id]
        starts = datetime.combine(a.day, shift.start, tzinfo=tz)
        rows.append(
            Assignment(
                site_id=roster.site_id,
                roster=roster,
                date=a.day,
                shift_id=a.shift_id,
                post_id=a.post_id,
                person_id=a.person_id,
                is_leader=a.post_id is None,
                starts_at=starts,
                ends_at=starts + timedelta(hours=shift.hours),
            )
        )
    return rows


def assignment_violations(*, roster: Roster) -> list[str]:
    """The hard-constraint violations of a saved roster (e.g. after manual edits)."""
    problem = roster_problem(site=roster.site, month=roster.month)
    rows = roster.assignments.values_list("date", "shift_id", "post_id", "person_id")
    assignments = [solver.RosterAssignment(*row) for row in rows]
    known = {p.id for p in problem.people}
    missing = Person.objects.filter(pk__in={a.person_id for a in assignments} - known)
    problem.people += [solver.StaffMember(p.pk, p.name) for p in missing.only("name")]
    return solver.check_roster(problem, assignments)


__all__ = [
    "RosterInfeasible",
    "assignment_rows",
    "assignment_violations",
    "month_bounds",
    "roster_generate",
    "roster_problem",
]
