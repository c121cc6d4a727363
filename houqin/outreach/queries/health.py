"""Reads of the health-consultation room: places left, a session's figures, a reader's sessions
and bookings, and the statistics of a year (aggregated in the database)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from houqin.outreach.choices import BookingStatus, ConsultationKind
from houqin.outreach.models import Consultation, HealthBooking, HealthSession

HOLDING = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


def with_places(queryset: QuerySet) -> QuerySet:
    """Sessions annotated with ``booked`` and ``places_left``."""
    return queryset.annotate(
        booked=Count("bookings", filter=Q(bookings__status__in=HOLDING))
    ).annotate(places_left=F("capacity") - F("booked"))


def bookable_sessions(site_ids) -> QuerySet:
    """Upcoming, not cancelled sessions of the sites with places left, soonest first."""
    qs = HealthSession.objects.filter(
        site_id__in=site_ids, cancelled_at__isnull=True, starts_at__gt=timezone.now()
    ).select_related("expert")
    return with_places(qs).filter(places_left__gt=0).order_by("starts_at", "pk")


def bookings_of(person_ids) -> QuerySet:
    """The open bookings of upcoming sessions of these people (a reader's own)."""
    return (
        HealthBooking.objects.filter(
            person_id__in=person_ids,
            status=BookingStatus.BOOKED,
            session__starts_at__gt=timezone.now(),
        )
        .select_related("session__expert", "person")
        .order_by("session__starts_at")
    )


def session_bookings(session: HealthSession) -> QuerySet:
    """A session's bookings with their people, in booking order."""
    return session.bookings.select_related("person__department").order_by("booked_at", "pk")


def kind_counts(queryset: QuerySet) -> list[dict]:
    """Consultations (non-void) per type: [{kind, label, count}] in the order of the types."""
    counts = dict(
        queryset.filter(voided_at__isnull=True)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, 0)}
        for kind, label in ConsultationKind.choices
    ]


def session_kind_counts(session: HealthSession) -> list[dict]:
    return [row for row in kind_counts(session.consultations.all()) if row["count"]]


def consultations_by_month(site_ids, start: datetime, end: datetime) -> list[dict]:
    """Non-void consultations per local month of [start, end): [{month, count}]."""
    rows = (
        _consultations(site_ids, start, end)
        .annotate(month=TruncMonth("consulted_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return [{"month": r["month"], "count": r["count"]} for r in rows]


def _consultations(site_ids, start, end) -> QuerySet:
    qs = Consultation.objects.filter(
        consulted_at__gte=start, consulted_at__lt=end, voided_at__isnull=True
    )
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


def consultations_by_kind(site_ids, start: datetime, end: datetime) -> list[dict]:
    return kind_counts(_consultations(site_ids, start, end))


def attendance_figures(site_ids, start: datetime, end: datetime) -> dict:
    """Of the marked bookings of sessions in [start, end): attended, no-shows and the rate."""
    qs = HealthBooking.objects.filter(
        session__starts_at__gte=start,
        session__starts_at__lt=end,
        session__cancelled_at__isnull=True,
    )
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    row = qs.aggregate(
        attended=Count("pk", filter=Q(status=BookingStatus.ATTENDED)),
        no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
    )
    marked = row["attended"] + row["no_show"]
    return {**row, "rate": row["attended"] / marked if marked else None}


def health_figures(site_ids, start: datetime, end: datetime) -> dict:
    """Consultations in the period, and sessions held (started, not cancelled)."""
    held_end = min(end, timezone.now())
    sessions = HealthSession.objects.filter(
        starts_at__gte=start, starts_at__lt=held_end, cancelled_at__isnull=True
    )
    if site_ids is not None:
        sessions = sessions.filter(site_id__in=site_ids)
    return {
        "consultations": _consultations(site_ids, start, end).count(),
        "sessions": sessions.count(),
    }
