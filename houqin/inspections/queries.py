"""Reads of the inspection engine: the rounds open now, a round's stops with their scans, and
completion figures computed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from houqin.inspections.choices import COMPLETED_STATUSES, RoundStatus
from houqin.inspections.models import Round, RouteStop, Scan
from houqin.inspections.services import EARLY_START, LATE_ALLOWANCE


def rounds_open_now(queryset: QuerySet, now: datetime | None = None) -> QuerySet:
    """Open rounds that are due now (started, or about to), earliest first, with their route
    and walker joined (the live board's one query)."""
    now = now or timezone.now()
    return (
        queryset.filter(
            status=RoundStatus.OPEN,
            voided_at__isnull=True,
            starts_at__lte=now + EARLY_START,
            ends_at__gte=now - LATE_ALLOWANCE,
        )
        .select_related("route", "walked_by", "site")
        .order_by("starts_at", "pk")
    )


@dataclass
class StopState:
    """A stop of a round with when it is due and its scan, if any."""

    stop: RouteStop
    due_from: datetime
    due_by: datetime
    scan: Scan | None

    @property
    def overdue(self) -> bool:
        return self.scan is None and timezone.now() > self.due_by


def round_stops(rnd: Round) -> list[StopState]:
    """The round's stops in order, each with its scan (two queries)."""
    stops = RouteStop.objects.filter(route_id=rnd.route_id).select_related("checkpoint")
    scans = {
        s.checkpoint_id: s
        for s in Scan.objects.filter(round=rnd)
        .select_related("scanned_by")
        .prefetch_related("results__item")
    }
    return [
        StopState(
            stop=stop,
            due_from=rnd.starts_at + timedelta(minutes=stop.offset_minutes),
            due_by=rnd.starts_at + timedelta(minutes=stop.offset_minutes + stop.window_minutes),
            scan=scans.get(stop.checkpoint_id),
        )
        for stop in stops
    ]


def _rounds_of_kind(kind: str, site_ids, start: datetime, end: datetime) -> QuerySet:
    qs = Round.objects.filter(
        kind=kind, starts_at__gte=start, starts_at__lt=end, voided_at__isnull=True
    )
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


COMPLETED = Q(status__in=COMPLETED_STATUSES)


def round_figures(*, kind: str, site_ids, start: datetime, end: datetime) -> dict:
    """One kind's round figures for sites and a period (by start time), in one aggregate:
    scheduled, completed, late, out of order, missed, and checkpoint scans."""
    row = _rounds_of_kind(kind, site_ids, start, end).aggregate(
        scheduled=Count("pk"),
        completed=Count("pk", filter=COMPLETED),
        late=Count("pk", filter=Q(status=RoundStatus.LATE)),
        out_of_order=Count("pk", filter=Q(status=RoundStatus.OUT_OF_ORDER)),
        missed=Count("pk", filter=Q(status=RoundStatus.MISSED)),
        scans=Sum("scans_done"),
    )
    row["scans"] = row["scans"] or 0
    row["completion_rate"] = (
        round(row["completed"] / row["scheduled"], 4) if row["scheduled"] else 0
    )
    return row


def completion_by_month(*, kind: str, site_ids, start: datetime, end: datetime) -> list[dict]:
    """Scheduled and completed rounds of one kind per month (local time), for charts."""
    rows = (
        _rounds_of_kind(kind, site_ids, start, end)
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(scheduled=Count("pk"), completed=Count("pk", filter=COMPLETED))
        .order_by("month")
    )
    return [
        {
            **row,
            "rate": round(row["completed"] / row["scheduled"], 4) if row["scheduled"] else 0,
        }
        for row in rows
    ]
