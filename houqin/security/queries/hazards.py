"""Reads of cameras, alarms, hazards and incidents: open-first ordering, overdue hazards, the
home-page counts and the annual figures (one aggregate query per model)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from houqin.security.choices import AlarmStatus, HazardStatus, IncidentKind
from houqin.security.models import Alarm, Hazard, Incident


def alarms_open_first(queryset):
    """Alarms awaiting verification first, then the rest; newest first within each."""
    return queryset.annotate(
        open_rank=Case(
            When(status=AlarmStatus.OPEN, voided_at__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("open_rank", "-raised_at")


def overdue_q(today=None) -> Q:
    """Not closed, and the deadline day is over (``deadline`` is the last day allowed)."""
    today = today or timezone.localdate()
    return Q(deadline__lt=today) & ~Q(status=HazardStatus.CLOSED)


def is_overdue(hazard: Hazard, today=None) -> bool:
    """The row-level twin of ``overdue_q``."""
    today = today or timezone.localdate()
    return (
        hazard.status != HazardStatus.CLOSED
        and hazard.deadline is not None
        and hazard.deadline < today
    )


def security_counts(*, alarms, hazards) -> dict:
    """Open alarms and overdue hazards among the given (already restricted) querysets."""
    open_alarms = alarms.filter(status=AlarmStatus.OPEN, voided_at__isnull=True).count()
    overdue = hazards.filter(overdue_q(), voided_at__isnull=True).count()
    return {"open_alarms": open_alarms, "overdue_hazards": overdue}


def _in_sites(queryset, site_ids):
    queryset = queryset.filter(voided_at__isnull=True)
    return queryset if site_ids is None else queryset.filter(site_id__in=site_ids)


def incident_figures(*, site_ids, start: datetime, end: datetime) -> dict:
    """Criminal cases and safety accidents that occurred in [start, end), in one query."""
    in_period = Q(occurred_at__gte=start, occurred_at__lt=end)
    return _in_sites(Incident.objects.filter(in_period), site_ids).aggregate(
        criminal_cases=Count("pk", filter=Q(kind=IncidentKind.CRIMINAL_CASE)),
        safety_accidents=Count("pk", filter=Q(kind=IncidentKind.SAFETY_ACCIDENT)),
    )


def hazard_figures(*, site_ids, start: datetime, end: datetime, now: datetime | None = None):
    """Hazards found, rectified (closed) and overdue in [start, end), in one query.

    *Overdue*: found in the period, and at the period's end — or now, for a period not yet
    over — past its deadline (the deadline day is before that moment's local date) and not
    closed (still open, or closed only at or after that moment)."""
    as_of = min(end, now or timezone.now())
    found = Q(found_at__gte=start, found_at__lt=end)
    open_then = ~Q(status=HazardStatus.CLOSED) | Q(verified_at__gte=as_of)
    overdue = found & Q(deadline__lt=timezone.localdate(as_of)) & open_then
    rectified = Q(status=HazardStatus.CLOSED, verified_at__gte=start, verified_at__lt=end)
    return _in_sites(Hazard.objects.filter(found | rectified), site_ids).aggregate(
        found=Count("pk", filter=found),
        rectified=Count("pk", filter=rectified),
        overdue=Count("pk", filter=overdue),
    )


def alarm_figures(*, site_ids, start: datetime, end: datetime) -> dict:
    """Alarms verified in [start, end) and how many of them were false, in one query."""
    verified = Q(status=AlarmStatus.VERIFIED, verified_at__gte=start, verified_at__lt=end)
    return _in_sites(Alarm.objects.filter(verified), site_ids).aggregate(
        verified=Count("pk"),
        false_alarms=Count("pk", filter=Q(result="false_alarm")),
    )
