"""Reads of the duty pages: a roster as a month grid, a person's shifts, the signed calendar
feed token."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core import signing
from django.utils import timezone, translation

from houqin.core.models import Person
from houqin.security.choices import RosterStatus
from houqin.security.models import Assignment, DutyShift, Roster
from houqin.utils.workdays import calendar_day

ICS_SALT = "houqin.security.duty-ics"


@dataclass
class GridDay:
    """One day of the month grid: its flags and, per shift, the assignments."""

    day: date
    weekend: bool
    holiday: str  # the holiday's name ("" on ordinary days)
    cells: list[list[Assignment]] = field(default_factory=list)

    @property
    def shaded(self) -> bool:
        return self.weekend or bool(self.holiday)


def day_flags(day: date) -> tuple[bool, str]:
    """(a rest day, the holiday's name in the page's language) after the official calendar."""
    official = calendar_day(day)
    if not official.holiday:
        return not official.is_workday, ""
    chinese = (translation.get_language() or "").lower().startswith("zh")
    return True, official.holiday_chinese if chinese else official.holiday


def month_days(month: date) -> list[date]:
    """Every day of ``month``."""
    last = calendar.monthrange(month.year, month.month)[1]
    return [month.replace(day=d) for d in range(1, last + 1)]


def roster_grid(roster: Roster) -> tuple[list[DutyShift], list[GridDay]]:
    """The roster as days × shifts, each cell the assignments of that shift (two queries)."""
    rows = list(
        Assignment.objects.filter(roster=roster)
        .select_related("post", "person")
        .order_by("date", "shift_id", "-is_leader", "post__position", "post__name", "person__name")
    )
    used = {a.shift_id for a in rows}
    shifts = [
        s
        for s in DutyShift.objects.filter(site_id=roster.site_id).order_by("position", "start_time")
        if s.is_active or s.pk in used
    ]
    column = {s.pk: i for i, s in enumerate(shifts)}
    days = {}
    for day in month_days(roster.month):
        rest, holiday = day_flags(day)
        days[day] = GridDay(day, rest, holiday, [[] for _ in shifts])
    for a in rows:
        if a.date in days and a.shift_id in column:
            days[a.date].cells[column[a.shift_id]].append(a)
    return shifts, list(days.values())


def shifts_of(person: Person, *, since: date | None = None, published_only: bool = True):
    """A person's shifts (from ``since``), in time order, with roster, post and shift."""
    qs = Assignment.objects.filter(person=person, roster__voided_at__isnull=True).select_related(
        "roster", "shift", "post"
    )
    if published_only:
        qs = qs.filter(roster__status=RosterStatus.PUBLISHED)
    if since is not None:
        qs = qs.filter(starts_at__gte=local_midnight(since))
    return qs.order_by("starts_at")


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the compound's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def next_month(today: date | None = None) -> date:
    """The first day of the month after ``today``."""
    today = today or timezone.localdate()
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


def ics_token(person: Person) -> str:
    """The signed token of a person's calendar feed (stable, so a subscription keeps working)."""
    return signing.Signer(salt=ICS_SALT).sign(str(person.pk))


def person_from_ics_token(token: str) -> Person | None:
    """The person a feed token names, or None for a bad or altered token."""
    try:
        pk = signing.Signer(salt=ICS_SALT).unsign(token)
    except signing.BadSignature:
        return None
    if not pk.isdigit():
        return None
    return Person.objects.filter(pk=int(pk), is_active=True).select_related("site").first()


def todays_assignment(person: Person, at: datetime | None = None) -> Assignment | None:
    """The published shift ``person`` is on now (or the next one today), for the duty log."""
    at = at or timezone.now()
    day_end = local_midnight(timezone.localtime(at).date() + timedelta(days=1))
    return (
        shifts_of(person)
        .filter(ends_at__gt=at, starts_at__lt=day_end)
        .order_by("starts_at")
        .first()
    )
