"""Training figures: a person's record (sessions and hours per year), and hours per head."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from houqin.core.models import Person
from houqin.reports.registry import year_bounds
from houqin.team.models import Attendance, TrainingSession


def live_attendances(site_ids=None):
    """Attendances of sessions not void (of ``site_ids``; every site when None)."""
    qs = Attendance.objects.filter(session__voided_at__isnull=True)
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


def person_sessions(person: Person):
    """A person's attendances, newest session first, with the session."""
    return (
        live_attendances()
        .filter(person=person)
        .select_related("session", "session__organiser")
        .order_by("-session__starts_at", "-session_id")
    )


def person_hours_by_year(person: Person) -> list[dict]:
    """[{year, sessions, hours}] of a person's training, newest year first (the year in the
    compound's time zone)."""
    return list(
        live_attendances()
        .filter(person=person)
        .annotate(year=ExtractYear("session__starts_at"))
        .values("year")
        .annotate(sessions=Count("id"), hours=Sum("hours"))
        .order_by("-year")
    )


def training_figures(site_ids, start: datetime, end: datetime) -> dict:
    """Sessions held and attendance hours in [start, end)."""
    sessions = TrainingSession.objects.filter(
        voided_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    )
    attendances = live_attendances(site_ids).filter(
        session__starts_at__gte=start, session__starts_at__lt=end
    )
    if site_ids is not None:
        sessions = sessions.filter(site_id__in=site_ids)
    return {
        "sessions": sessions.count(),
        "hours": attendances.aggregate(total=Sum("hours"))["total"] or Decimal("0"),
    }


def active_staff(site_ids) -> int:
    """The people on the staff of the sites, in post."""
    qs = Person.objects.filter(is_active=True)
    return (qs if site_ids is None else qs.filter(site_id__in=site_ids)).count()


def hours_per_head(hours: Decimal, heads: int) -> float | None:
    """Σ attendance hours ÷ active staff, to one decimal (None without staff)."""
    return round(float(hours) / heads, 1) if heads else None


def training_hours_per_head(site_ids, year: int) -> float | None:
    """Training hours per head of a year: Σ attendance hours ÷ the sites' active staff."""
    start, end = year_bounds(year)
    return hours_per_head(training_figures(site_ids, start, end)["hours"], active_staff(site_ids))
