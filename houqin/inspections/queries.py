"""Reads of the inspection engine: the rounds open now, a round's stops with their scans, and
completion figures computed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, FilteredRelation, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from houqin.inspections.choices import COMPLETED_STATUSES, RoundStatus
from houqin.inspections.models import CheckItem, Checkpoint, ItemResult, Round, RouteStop, Scan
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


def items_due(route_id: int, checkpoint_id: int) -> QuerySet:
    """The check items of a route due at a checkpoint: its own and the route's general ones."""
    return CheckItem.objects.filter(route_id=route_id).filter(
        Q(checkpoint__isnull=True) | Q(checkpoint_id=checkpoint_id)
    )


def scan_items(scan: Scan) -> list[dict]:
    """The check items due at a scan's checkpoint, each with its recorded result (None when not
    checked yet), in order; one query."""
    rows = (
        items_due(scan.round.route_id, scan.checkpoint_id)
        .annotate(result=FilteredRelation("itemresult", condition=Q(itemresult__scan_id=scan.pk)))
        .values_list("pk", "text", "weight", "result__passed", "result__note")
        .order_by("position", "pk")
    )
    return [
        {
            "id": pk,
            "text": text,
            "weight": weight,
            "result": None if passed is None else {"passed": passed, "note": note},
        }
        for pk, text, weight, passed, note in rows
    ]


def checkpoint_items(checkpoint: Checkpoint, kinds: list[str]) -> list[CheckItem]:
    """The check items offered when ``checkpoint`` is scanned: those of the active routes of
    ``kinds`` through it (its own and the routes' general ones), in order; one query."""
    return list(
        CheckItem.objects.filter(
            route__is_active=True,
            route__kind__in=kinds,
            route__stops__checkpoint=checkpoint,
        )
        .filter(Q(checkpoint__isnull=True) | Q(checkpoint=checkpoint))
        .order_by("route_id", "position", "pk")
        .distinct()
    )


def stop_items(rnd: Round, sign) -> dict[int, dict]:
    """Each stop of a round's route by checkpoint id: its code, name, signed scan token (made by
    ``sign``) and check items, for the phone to match a scan and show the items offline (two
    queries)."""
    items = list(CheckItem.objects.filter(route_id=rnd.route_id).order_by("position", "pk"))
    stops = RouteStop.objects.filter(route_id=rnd.route_id).select_related("checkpoint__scan_link")
    return {
        stop.checkpoint_id: {
            "code": stop.checkpoint.code,
            "name": stop.checkpoint.name,
            "token": sign(stop.checkpoint.scan_link) if stop.checkpoint.scan_link_id else "",
            "items": [
                {"id": i.pk, "text": i.text, "weight": i.weight, "result": None}
                for i in items
                if i.checkpoint_id in (None, stop.checkpoint_id)
            ],
        }
        for stop in stops
    }


def round_checks(rnd: Round) -> dict:
    """How many check results of a round passed and failed (one aggregate)."""
    row = ItemResult.objects.filter(scan__round=rnd).aggregate(
        n_passed=Count("pk", filter=Q(passed=True)), n_failed=Count("pk", filter=Q(passed=False))
    )
    return {"passed": row["n_passed"], "failed": row["n_failed"]}


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
