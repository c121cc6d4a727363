"""Reads of publicity and the volunteer team: copies left, hours per volunteer, investment
totals by category and the figures of the report (aggregated in the database)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from houqin.outreach.choices import InvestmentCategory
from houqin.outreach.models import (
    BoardIssue,
    Distribution,
    Investment,
    Volunteer,
    VolunteerHours,
)

ZERO_HOURS = Value(0, output_field=DecimalField(max_digits=8, decimal_places=1))


def with_copies_left(queryset: QuerySet) -> QuerySet:
    """Materials annotated with ``handed_out`` and ``left``."""
    return queryset.annotate(
        handed_out=Coalesce(
            Sum("distributions__quantity", filter=Q(distributions__voided_at__isnull=True)), 0
        )
    ).annotate(left=F("printed") - F("handed_out"))


def with_hours_in(queryset: QuerySet, year: int) -> QuerySet:
    """Volunteers annotated with the ``hours`` they gave at activities of ``year``."""
    within = Q(hours__activity__held_on__gte=date(year, 1, 1)) & Q(
        hours__activity__held_on__lt=date(year + 1, 1, 1)
    )
    return queryset.annotate(year_hours=Coalesce(Sum("hours__hours", filter=within), ZERO_HOURS))


def volunteer_hours_by_year(volunteer) -> list[dict]:
    """A volunteer's activities and hours per year, latest year first (one grouped query)."""
    rows = (
        VolunteerHours.objects.filter(volunteer=volunteer)
        .annotate(year=ExtractYear("activity__held_on"))
        .values("year")
        .annotate(activities=Count("pk"), hours=Sum("hours"))
        .order_by("-year")
    )
    return list(rows)


def volunteer_activities(volunteer) -> QuerySet:
    """The activities a volunteer took part in, with their hours, latest first."""
    return (
        VolunteerHours.objects.filter(volunteer=volunteer)
        .select_related("activity")
        .order_by("-activity__held_on", "-activity_id")
    )


def activity_hours(activity) -> QuerySet:
    return activity.hours.select_related("volunteer__person").order_by("volunteer__person__name")


def investment_totals(queryset: QuerySet) -> list[dict]:
    """Non-void investments per category: [{category, label, total, count}] and the sum."""
    rows = {
        r["category"]: r
        for r in queryset.filter(voided_at__isnull=True)
        .order_by()
        .values("category")
        .annotate(total=Sum("amount_yuan"), count=Count("pk"))
    }
    cent = Decimal("0.01")
    return [
        {
            "category": c,
            "label": label,
            "total": Decimal(rows[c]["total"]).quantize(cent),
            "count": rows[c]["count"],
        }
        for c, label in InvestmentCategory.choices
        if c in rows
    ]


def investment_sum(queryset: QuerySet) -> Decimal:
    """The sum of the non-void investments of ``queryset``, to the cent."""
    total = queryset.filter(voided_at__isnull=True).aggregate(n=Sum("amount_yuan"))["n"] or 0
    return Decimal(total).quantize(Decimal("0.01"))


def board_issues_by_year(board, year: int) -> QuerySet:
    return board.issues.filter(year=year).select_related("editor").order_by("issue_no", "pk")


def board_years(board) -> list[int]:
    years = board.issues.order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def _days(start: datetime, end: datetime) -> tuple[date, date]:
    return timezone.localtime(start).date(), timezone.localtime(end).date()


def _in(queryset: QuerySet, site_ids) -> QuerySet:
    return queryset if site_ids is None else queryset.filter(site_id__in=site_ids)


def publicity_figures(site_ids, start: datetime, end: datetime) -> dict:
    """The report's publicity and volunteer figures for the sites and [start, end)."""
    first, stop = _days(start, end)
    issues = _in(BoardIssue.objects, site_ids).filter(
        posted_on__gte=first, posted_on__lt=stop, voided_at__isnull=True
    )
    copies = _in(Distribution.objects, site_ids).filter(
        distributed_on__gte=first, distributed_on__lt=stop, voided_at__isnull=True
    )
    money = _in(Investment.objects, site_ids).filter(
        invested_on__gte=first, invested_on__lt=stop, voided_at__isnull=True
    )
    hours = _in(VolunteerHours.objects, site_ids).filter(
        activity__held_on__gte=first, activity__held_on__lt=stop
    )
    volunteers = _in(Volunteer.objects, site_ids).filter(is_active=True, joined_on__lt=stop)
    return {
        "issues": issues.count(),
        "copies": copies.aggregate(n=Sum("quantity"))["n"] or 0,
        "yuan": money.aggregate(n=Sum("amount_yuan"))["n"] or 0,
        "hours": hours.aggregate(n=Sum("hours"))["n"] or 0,
        "volunteers": volunteers.count(),
    }
