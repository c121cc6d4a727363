"""The satisfaction reader (满意度): one rate across every service.

Each *source* is registered by the module that owns the data: a service code, a label, and two
functions of ``(site_ids, start, end)`` — the period's figures (``answered``, ``satisfied``,
``score_sum``) from one aggregate query, and the same figures per month. A rating of 4 or 5
counts as satisfied; the rate the leadership quotes is satisfied ÷ answered, with its sample
size. The meeting and repair sources only read those apps' ratings, so they live here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SATISFIED_FROM = 4  # ratings 1–5; 4 and 5 count as satisfied


@dataclass(frozen=True)
class SatisfactionSource:
    """Where the ratings of one service come from."""

    service: str
    label: str
    totals: Callable[..., dict]  # (site_ids, start, end) -> {answered, satisfied, score_sum}
    by_month: Callable[..., dict]  # (site_ids, start, end) -> {first of month: figures}


SOURCES: dict[str, SatisfactionSource] = {}


def register_source(source: SatisfactionSource) -> None:
    """Add (or replace) the source of a service's ratings."""
    SOURCES[source.service] = source


def _local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _empty() -> dict:
    return {"answered": 0, "satisfied": 0, "score_sum": 0}


def _figures(score_field: str) -> dict:
    """The three aggregates of ratings kept in ``score_field``."""
    return {
        "answered": Count("pk"),
        "satisfied": Count("pk", filter=Q(**{f"{score_field}__gte": SATISFIED_FROM})),
        "score_sum": Sum(score_field),
    }


def _clean(row: dict) -> dict:
    return {key: int(row.get(key) or 0) for key in ("answered", "satisfied", "score_sum")}


def rated_totals(queryset: QuerySet, *, at: str, score: str, site_ids, start, end) -> dict:
    """Figures of the rated rows of ``queryset`` whose ``at`` falls in the period."""
    rows = _rated(queryset, at=at, score=score, site_ids=site_ids, start=start, end=end)
    return _clean(rows.aggregate(**_figures(score)))


def rated_by_month(queryset: QuerySet, *, at: str, score: str, site_ids, start, end) -> dict:
    """Figures per local month (first day of the month → figures) of the rated rows."""
    rows = _rated(queryset, at=at, score=score, site_ids=site_ids, start=start, end=end)
    grouped = (
        rows.annotate(month=TruncMonth(at, tzinfo=_local_tz()))
        .order_by()
        .values("month")
        .annotate(**_figures(score))
    )
    return {_month_key(row["month"]): _clean(row) for row in grouped}


def _rated(queryset, *, at, score, site_ids, start, end):
    queryset = queryset.filter(**{f"{at}__gte": start, f"{at}__lt": end, f"{score}__isnull": False})
    return queryset if site_ids is None else queryset.filter(site_id__in=site_ids)


def _month_key(value) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(_local_tz()) if value.tzinfo else value
        return value.date().replace(day=1)
    return value.replace(day=1)


# The three kinds of source ---------------------------------------------------------------------


def _meetings():
    from houqin.meetings.models import Booking

    return Booking.objects.filter(voided_at__isnull=True)


def _repairs():
    from houqin.facilities.models import WorkOrder

    return WorkOrder.objects.filter(voided_at__isnull=True)


def meeting_source() -> SatisfactionSource:
    """The organisers' ratings of served meetings (``Booking.rating``, by ``rated_at``)."""
    spec = {"at": "rated_at", "score": "rating"}
    return SatisfactionSource(
        service="meeting",
        label=_("meeting service (organisers' ratings)"),
        totals=lambda **kw: rated_totals(_meetings(), **spec, **kw),
        by_month=lambda **kw: rated_by_month(_meetings(), **spec, **kw),
    )


def repair_source() -> SatisfactionSource:
    """The reporters' ratings of repairs (``WorkOrder.rating``, by ``rated_at``, not void)."""
    spec = {"at": "rated_at", "score": "rating"}
    return SatisfactionSource(
        service="repair",
        label=_("repairs (reporters' ratings)"),
        totals=lambda **kw: rated_totals(_repairs(), **spec, **kw),
        by_month=lambda **kw: rated_by_month(_repairs(), **spec, **kw),
    )


def survey_source(kind: str, kind_label) -> SatisfactionSource:
    """The staff surveys' answers about one service post kind (by ``answered_at``)."""
    from houqin.quality.models import SurveyAnswer

    spec = {"at": "answered_at", "score": "score"}

    def answers():
        return SurveyAnswer.objects.filter(service=kind)

    return SatisfactionSource(
        service=f"survey_{kind}",
        label=format_lazy(_("staff survey: {service}"), service=kind_label),
        totals=lambda **kw: rated_totals(answers(), **spec, **kw),
        by_month=lambda **kw: rated_by_month(answers(), **spec, **kw),
    )


# Reading every source ---------------------------------------------------------------------------


def with_rates(figures: dict) -> dict:
    """Add ``rate`` (satisfied ÷ answered, 0–1) and ``average`` (score of 5); None without
    answers."""
    answered = figures["answered"]
    return {
        **figures,
        "rate": round(figures["satisfied"] / answered, 4) if answered else None,
        "average": round(figures["score_sum"] / answered, 2) if answered else None,
    }


def _overall(rows) -> dict:
    total = _empty()
    for row in rows:  # one row per source, not per record: the records were summed by the db
        for key in total:
            total[key] += row[key]
    return with_rates(total)


def satisfaction_totals(*, site_ids, start: datetime, end: datetime) -> dict:
    """Per service and overall: answered, satisfied, rate and average score of the period.

    ``{"services": [{service, label, answered, satisfied, score_sum, rate, average}, …],
    "overall": {…}}``; ``site_ids`` None means every site."""
    services = [
        {
            "service": source.service,
            "label": source.label,
            **with_rates(source.totals(site_ids=site_ids, start=start, end=end)),
        }
        for source in SOURCES.values()
    ]
    return {"services": services, "overall": _overall(services)}


def satisfaction_by_month(*, site_ids, start: datetime, end: datetime) -> list[dict]:
    """Per month of the period: ``{"month": date, "services": {code: figures}, "overall":
    figures}`` with rates, months in order (months without answers included)."""
    per_source = {
        code: source.by_month(site_ids=site_ids, start=start, end=end)
        for code, source in SOURCES.items()
    }
    result = []
    for month in months_between(start, end):
        services = {
            code: with_rates(rows.get(month, _empty())) for code, rows in per_source.items()
        }
        result.append(
            {"month": month, "services": services, "overall": _overall(services.values())}
        )
    return result


def months_between(start: datetime, end: datetime) -> list[date]:
    """The first days of the local months from ``start`` up to (not including) ``end``."""
    first = _month_key(start)
    last = end.astimezone(_local_tz()).date()
    months = []
    while first < last:
        months.append(first)
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return months
