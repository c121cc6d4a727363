"""The demo compound's 24-hour duty: three 8-hour shifts, six posts, 60 guards and 8 leaders,
leave, special protection periods (Spring Festival, the 两会, National Day) and rosters for
every month of 2005 and 2006 plus the current and next month.

Past months come from the quick rotation (checked by the same rules as the solver); only the
current month is generated with CP-SAT, so loading stays fast."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from chinese_calendar.constants import Holiday
from django.utils import timezone

from houqin.core.demo import person_name
from houqin.core.models import Person
from houqin.core.services import next_numbers
from houqin.security import roster as solver
from houqin.security.choices import AbsenceReason, PostKind, RosterStatus
from houqin.security.models import Absence, Assignment, DutyPost, DutyShift, Roster, SpecialPeriod
from houqin.security.queries.duty_pages import next_month
from houqin.security.services.roster import assignment_rows, roster_problem
from houqin.utils.workdays import calendar_day

SHIFTS = [("早班", time(8), False), ("中班", time(16), False), ("夜班", time(0), True)]
POSTS = [  # name, kind, people per shift, share of guards qualified
    ("大门岗", PostKind.GATE, 1, 0.7),
    ("东门岗", PostKind.GATE, 1, 0.6),
    ("消防控制室", PostKind.FIRE_CONTROL, 2, 0.45),
    ("巡逻队", PostKind.PATROL, 2, 0.6),
    ("值班室", PostKind.DUTY_OFFICE, 1, 0.3),
    ("监控室", PostKind.CCTV, 1, 0.35),
]
GUARDS, LEADERS = 60, 8


def load(ctx) -> None:
    """Create the duty set-up and rosters of the demo site."""
    site = ctx.site
    for i, (name, start, night) in enumerate(SHIFTS):
        DutyShift.objects.create(site=site, name=name, start_time=start, is_night=night, position=i)
    guards, leaders = _staff(ctx)
    _posts(ctx, guards, leaders)
    today = timezone.localdate()
    years = sorted({2005, 2006, today.year, next_month(today).year})
    _absences(ctx, guards + leaders, years)
    _special_periods(site, years)
    _rosters(ctx, today)


def _staff(ctx) -> tuple[list[Person], list[Person]]:
    dept = ctx.departments["BWK"]
    logins = list(
        Person.objects.select_related("user").filter(
            site=ctx.site, user__username__in=["guard", "duty", "secadmin"]
        )
    )
    by_user = {p.user.username: p for p in logins}
    rows = [
        Person(
            site=ctx.site,
            name=person_name(ctx.rng),
            department=dept,
            employee_no=f"BW{i + 1:03d}",
            title="保安员",
        )
        for i in range(GUARDS - 2)
    ]
    rows += [
        Person(
            site=ctx.site,
            name=person_name(ctx.rng),
            department=dept,
            employee_no=f"BWL{i + 1:02d}",
            title="带班领导",
            rank=Person.Rank.MIDDLE,
        )
        for i in range(LEADERS - 1)
    ]
    created = Person.objects.bulk_create(rows)
    guards = [by_user["guard"], by_user["duty"], *created[: GUARDS - 2]]
    return guards, [by_user["secadmin"], *created[GUARDS - 2 :]]


def _posts(ctx, guards, leaders) -> None:
    for i, (name, kind, per_shift, share) in enumerate(POSTS):
        post = DutyPost.objects.create(
            site=ctx.site, name=name, kind=kind, staff_per_shift=per_shift, position=i
        )
        people = [g for g in guards if ctx.rng.random() < share]
        if i == 0:  # everyone can at least stand at the main gate
            people = guards
        if kind == PostKind.DUTY_OFFICE:
            people = people + leaders  # the leader on duty sits in the duty office
        post.qualified.add(*people)


def _absences(ctx, people, years) -> None:
    rows = []
    for year in years:
        for person in people:
            for _leave in range(ctx.rng.choice((0, 1, 1, 2))):
                start = date(year, 1, 1) + timedelta(days=ctx.rng.randrange(360))
                reason = ctx.rng.choice(
                    [AbsenceReason.LEAVE] * 4 + [AbsenceReason.SICK, AbsenceReason.TRAINING]
                )
                end = start + timedelta(days=ctx.rng.randint(1, 6))
                rows.append(
                    Absence(
                        site=ctx.site, person=person, start_date=start, end_date=end, reason=reason
                    )
                )
    Absence.objects.bulk_create(rows)


def _holiday(year: int, name: str) -> tuple[date, date] | None:
    """First and last day of the year's public holiday ``name`` (None if the calendar has no
    data for the year)."""
    first = date(year, 1, 1)
    days = [
        day
        for day in (first + timedelta(days=n) for n in range(366))
        if day.year == year and calendar_day(day).holiday == name
    ]
    return (min(days), max(days)) if days else None


def _special_periods(site, years) -> None:
    rows = []
    for year in years:
        periods = [
            (f"{year}年春节特防期", _holiday(year, Holiday.spring_festival.value)),
            (f"{year}年全国两会特防期", (date(year, 3, 3), date(year, 3, 15))),
            (f"{year}年国庆特防期", _holiday(year, Holiday.national_day.value)),
        ]
        rows += [
            SpecialPeriod(site=site, name=name, start_date=span[0], end_date=span[1])
            for name, span in periods
            if span
        ]
    SpecialPeriod.objects.bulk_create(rows)


def _rosters(ctx, today: date) -> None:
    current = today.replace(day=1)
    months = [date(y, m, 1) for y in (2005, 2006) for m in range(1, 13)]
    for month in sorted({*months, current, next_month(today)}):
        problem = roster_problem(site=ctx.site, month=month)
        if month == current:
            problem.settings = solver.RosterSettings(time_limit=3.0)
            result = solver.solve(problem)
        else:
            result = solver.rotate(problem)
        if result.feasible:
            _save(ctx, month, problem, result, published=month <= current)


def _save(ctx, month, problem, result, *, published: bool) -> None:
    at = datetime(month.year, month.month, 1, tzinfo=timezone.get_current_timezone()) - timedelta(
        days=5
    )
    roster = Roster.objects.create(
        site=ctx.site,
        number=next_numbers(site=ctx.site, prefix=Roster.number_prefix, year=at.year)[0],
        month=month,
        created_at=at,
        created_by=ctx.users["duty"],
        status=RosterStatus.PUBLISHED if published else RosterStatus.DRAFT,
        published_at=at + timedelta(days=1) if published else None,
        solve_seconds=Decimal(str(round(result.seconds, 2))),
        fairness_spread=result.spread,
        optimality_gap=None if result.gap is None else Decimal(str(round(result.gap, 4))),
    )
    Assignment.objects.bulk_create(assignment_rows(roster=roster, problem=problem, result=result))
