"""Reads of the cleaning subject: the monthly ranking of zones and of the people responsible
(aggregated in the database), a zone's inspection history, open and overdue rectifications,
and the home-page cards."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at
from houqin.environment.choices import RectificationStatus
from houqin.environment.models import CleaningZone, ZoneRectification
from houqin.inspections.choices import RouteKind
from houqin.inspections.models import ItemResult, Scan

NOT_PASSED = ~Q(status=RectificationStatus.PASSED)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The aware local start of ``month`` and of the month after."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(following, time.min)),
    )


def _rate(passed, checked):
    return ExpressionWrapper(
        F(passed) * Value(1.0) / NullIf(F(checked), 0), output_field=DecimalField()
    )


def _overdue_subquery(start: datetime, end: datetime):
    """Overdue rectifications of the zone opened in the period."""
    rows = (
        ZoneRectification.objects.filter(
            NOT_PASSED,
            zone=OuterRef("pk"),
            deadline__lt=timezone.localdate(),
            result__scan__scanned_at__gte=start,
            result__scan__scanned_at__lt=end,
        )
        .order_by()
        .values("zone")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _result_aggregates(prefix: str, start: datetime, end: datetime) -> dict:
    """Counts and weights of the cleaning results reached through ``prefix`` (…__results)."""
    scans = prefix.rsplit("__", 1)[0]
    live = Q(
        **{
            f"{scans}__scanned_at__gte": start,
            f"{scans}__scanned_at__lt": end,
            f"{scans}__round__kind": RouteKind.CLEANING,
            f"{scans}__round__voided_at__isnull": True,
        }
    )
    return {
        "inspections": Count(scans, filter=live, distinct=True),
        "checked": Count(prefix, filter=live),
        "passed": Count(prefix, filter=live & Q(**{f"{prefix}__passed": True})),
        "failed": Count(prefix, filter=live & Q(**{f"{prefix}__passed": False})),
        **pass_weights(prefix, live),
    }


def pass_weights(prefix: str = "", live: Q | None = None) -> dict:
    """The one definition of a zone's pass rate: the weight of the items passed over the
    weight of the items checked (``pass_rate`` = passed_weight ÷ checked_weight). ``prefix``
    leads from the queried model to the item results ("" when querying ItemResult)."""
    path = f"{prefix}__" if prefix else ""
    live = live if live is not None else Q()
    return {
        "checked_weight": Sum(f"{path}item__weight", filter=live),
        "passed_weight": Sum(f"{path}item__weight", filter=live & Q(**{f"{path}passed": True})),
    }


def zone_ranking(zones, month: date):
    """The zones with the month's figures, best pass rate (by weight) first; zones not
    inspected come last with a rate of None."""
    start, end = month_bounds(month)
    return (
        zones.annotate(**_result_aggregates("checkpoint__scans__results", start, end))
        .annotate(
            pass_rate=_rate("passed_weight", "checked_weight"),
            overdue=_overdue_subquery(start, end),
        )
        .select_related("responsible")
        .order_by(F("pass_rate").desc(nulls_last=True), "-inspections", "code")
    )


def people_ranking(zones, month: date) -> list[dict]:
    """The same figures over each responsible person's zones, best first."""
    start, end = month_bounds(month)
    rows = (
        zones.order_by()
        .values("responsible_id", "responsible__name")
        .annotate(zones=Count("pk", distinct=True))
        .annotate(**_result_aggregates("checkpoint__scans__results", start, end))
        .annotate(pass_rate=_rate("passed_weight", "checked_weight"))
        .order_by(F("pass_rate").desc(nulls_last=True), "-inspections", "responsible__name")
    )
    overdue = dict(
        ZoneRectification.objects.filter(
            NOT_PASSED,
            zone__in=zones.values("pk"),
            deadline__lt=timezone.localdate(),
            result__scan__scanned_at__gte=start,
            result__scan__scanned_at__lt=end,
        )
        .order_by()
        .values("responsible_id")
        .annotate(n=Count("pk"))
        .values_list("responsible_id", "n")
    )
    return [{**row, "overdue": overdue.get(row["responsible_id"], 0)} for row in rows]


def zone_history(zone: CleaningZone, limit: int = 20) -> list:
    """The zone's latest inspections (scans of cleaning rounds) with their figures."""
    if zone.checkpoint_id is None:
        return []
    return list(cleaning_scans(Scan.objects.filter(checkpoint_id=zone.checkpoint_id))[:limit])


def cleaning_scans(scans):
    """Scans of live cleaning rounds with items checked/failed and the score by weight."""
    return (
        scans.filter(round__kind=RouteKind.CLEANING, round__voided_at__isnull=True)
        .annotate(
            checked=Count("results"),
            failed=Count("results", filter=Q(results__passed=False)),
            **pass_weights("results"),
        )
        .annotate(pass_rate=_rate("passed_weight", "checked_weight"))
        .select_related("round", "checkpoint", "scanned_by")
        .order_by("-scanned_at")
    )


def scan_results(scan) -> list:
    """The scan's results in item order, each with its item and (for a failure) the
    rectification it opened and that one's photo."""
    return list(
        ItemResult.objects.filter(scan=scan)
        .select_related("item", "zone_rectification__photo")
        .order_by("item__position", "item_id")
    )


def with_overdue(rectifications):
    """Rectifications annotated ``is_overdue`` (past the deadline and not passed)."""
    today = timezone.localdate()
    return rectifications.annotate(
        is_overdue=Case(
            When(NOT_PASSED & Q(deadline__lt=today), then=Value(True)),
            default=Value(False),
        )
    )


def open_rectifications(rectifications):
    """Not yet passed, earliest deadline first."""
    return with_overdue(rectifications.filter(NOT_PASSED)).order_by("deadline", "pk")


def overdue_rectifications(rectifications):
    """Past their deadline and not yet passed."""
    return open_rectifications(rectifications).filter(deadline__lt=timezone.localdate())


def zone_pass_figures(site_ids, start: datetime, end: datetime) -> dict:
    """Passed and checked weight of live cleaning results in a period, and the zones
    inspected (scans), in one aggregate."""
    rows = ItemResult.objects.filter(
        scan__round__kind=RouteKind.CLEANING,
        scan__round__voided_at__isnull=True,
        scan__scanned_at__gte=start,
        scan__scanned_at__lt=end,
    )
    if site_ids is not None:
        rows = rows.filter(scan__site_id__in=site_ids)
    weights = pass_weights()
    return rows.aggregate(
        checked=weights["checked_weight"],
        passed=weights["passed_weight"],
        scans=Count("scan", distinct=True),
    )


def week_start() -> datetime:
    """Monday 00:00 of the current local week."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time.min))


def zones_not_inspected(zones, since: datetime):
    """Active zones without an inspection (scan of a live cleaning round) since ``since``."""
    seen = Scan.objects.filter(
        scanned_at__gte=since, round__kind=RouteKind.CLEANING, round__voided_at__isnull=True
    ).values("checkpoint_id")
    return zones.filter(is_active=True).exclude(checkpoint_id__in=seen)


def dashboard_cards(request) -> list:
    """Supervisors: zones not inspected this week; cleaners: their open rectifications (the
    overdue ones red)."""
    user = request.user
    if has_perm_at(user, "environment.inspect_cleaningzone"):
        zones = CleaningZone.objects.restrict(user, "inspect").in_scope(request)
        due = zones_not_inspected(zones, week_start()).count()
        return [
            Card(
                _("Zones not inspected this week"),
                due,
                reverse("environment:zone_list") + "?uninspected=true",
                "clipboard-check",
                "warning" if due else "success",
            )
        ]
    if has_perm_at(user, "environment.rectify_zonerectification"):
        return _cleaner_cards(request)
    return []


def _cleaner_cards(request) -> list:
    mine = ZoneRectification.objects.restrict(request.user, "view").filter(
        NOT_PASSED, responsible__user=request.user
    )
    row = mine.aggregate(
        open=Count("pk", filter=Q(status=RectificationStatus.OPEN)),
        overdue=Count("pk", filter=Q(deadline__lt=timezone.localdate())),
    )
    url = reverse("environment:rectification_list") + "?mine=true"
    return [
        Card(_("My zone rectifications"), row["open"], url + "&status=open", "brush", "primary"),
        Card(
            _("My overdue zone rectifications"),
            row["overdue"],
            url + "&overdue=true",
            "exclamation-triangle",
            "danger" if row["overdue"] else "success",
        ),
    ]
