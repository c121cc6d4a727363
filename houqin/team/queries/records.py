"""Figures of the team's record: honours by level, publications by year and kind, the chronicle
of a year."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from houqin.team.choices import HonourLevel, PublicationKind
from houqin.team.models import ChronicleEntry, Honour, Publication


def _live(model, site_ids):
    qs = model.objects.filter(voided_at__isnull=True)
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


def honours_by_level(site_ids, start: date, end: date) -> dict[str, int]:
    """Honours awarded on days in [start, end), by level, and their total under ``"total"``."""
    counts = {f"level_{level}": Count("id", filter=Q(level=level)) for level in HonourLevel.values}
    row = (
        _live(Honour, site_ids)
        .filter(awarded_on__gte=start, awarded_on__lt=end)
        .aggregate(total=Count("id"), **counts)
    )
    return {key.removeprefix("level_"): value for key, value in row.items()}


def publications_by_kind(site_ids, start: date, end: date) -> dict[str, int]:
    """Articles and books published on days in [start, end)."""
    return (
        _live(Publication, site_ids)
        .filter(published_on__gte=start, published_on__lt=end)
        .aggregate(
            articles=Count("id", filter=Q(kind=PublicationKind.ARTICLE)),
            books=Count("id", filter=Q(kind=PublicationKind.BOOK)),
        )
    )


def publications_by_year(site_ids) -> list[dict]:
    """[{year, articles, books}], newest year first."""
    return list(
        _live(Publication, site_ids)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(
            articles=Count("id", filter=Q(kind=PublicationKind.ARTICLE)),
            books=Count("id", filter=Q(kind=PublicationKind.BOOK)),
        )
        .order_by("-year")
    )


def chronicle_count(site_ids, start: date, end: date) -> int:
    """Chronicle entries dated in [start, end)."""
    return (
        _live(ChronicleEntry, site_ids).filter(occurred_on__gte=start, occurred_on__lt=end).count()
    )


def chronicle_of_year(entries, year: int):
    """A year's entries of ``entries`` (already restricted), in date order, for the timeline."""
    return (
        entries.filter(voided_at__isnull=True, occurred_on__year=year)
        .select_related("site")
        .order_by("occurred_on", "id")
    )


def chronicle_years(entries) -> list[int]:
    """The years that have live entries among ``entries`` (already restricted), newest first."""
    return list(
        entries.filter(voided_at__isnull=True)
        .annotate(year=ExtractYear("occurred_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
