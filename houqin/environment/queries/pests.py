"""Reads of the vector surveys: each survey's level computed from its counts and its standard's
thresholds (fetched once for a whole page), the latest survey per pest of a period, and a year's
levels by pest."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Subquery

from houqin.environment import levels
from houqin.environment.choices import Pest
from houqin.environment.models import PestSurvey, PestThreshold
from houqin.environment.services.pests import thresholds_of


def survey_counts_of(survey: PestSurvey) -> dict:
    """The survey's counts by field name (None where not taken)."""
    return {name: getattr(survey, name) for name in levels.count_fields(survey.pest)}


def with_levels(surveys) -> list[PestSurvey]:
    """The surveys, each given ``level`` (overall) and ``levels`` (per indicator), with the
    thresholds of all their standards read in one query."""
    surveys = list(surveys)
    rules = thresholds_of(survey.standard_id for survey in surveys)
    for survey in surveys:
        own = rules.get(survey.standard_id, {})
        survey.levels = levels.indicator_levels(survey.pest, survey_counts_of(survey), own)
        survey.level = levels.worst(survey.levels.values())
    return surveys


def survey_rows(survey: PestSurvey) -> list[dict]:
    """Each indicator of a survey: value, unit, limits, level, clause, confidence."""
    thresholds = {t.indicator: t for t in PestThreshold.objects.filter(standard=survey.standard)}
    counts = survey_counts_of(survey)
    rows = []
    for indicator in levels.indicators_of(survey.pest):
        rule = thresholds.get(indicator.code)
        value = levels.indicator_value(indicator, counts)
        limits = (rule.limit_a, rule.limit_b, rule.limit_c) if rule else None
        rows.append(
            {
                "indicator": indicator,
                "value": value,
                "threshold": rule,
                "level": levels.indicator_level(value, limits, rule.strict) if rule else None,
            }
        )
    return rows


def live_surveys(*, site_ids, start: date | None = None, end: date | None = None):
    """Non-void surveys of the sites (None: every site) surveyed in [start, end)."""
    qs = PestSurvey.objects.filter(voided_at__isnull=True)
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    if start is not None:
        qs = qs.filter(surveyed_on__gte=start)
    if end is not None:
        qs = qs.filter(surveyed_on__lt=end)
    return qs


def latest_surveys(*, site_ids, start: date, end: date) -> list[PestSurvey]:
    """The latest non-void survey of each pest at each site in [start, end), with levels.

    Latest by survey day; on the same day a re-inspection (复查) counts as the later one, then
    the later record."""
    period = live_surveys(site_ids=site_ids, start=start, end=end)
    latest = period.filter(site=OuterRef("site"), pest=OuterRef("pest")).order_by(
        "-surveyed_on", "-is_recheck", "-created_at", "-pk"
    )
    rows = period.filter(pk=Subquery(latest.values("pk")[:1]))
    return with_levels(rows)


def latest_levels(*, site_ids, start: date, end: date) -> dict[str, str | None]:
    """``{pest: level}`` of the latest survey per pest in the period (the worst over several
    sites, each judged by its own latest survey); None for a pest without a survey."""
    by_pest: dict[str, list] = {pest: [] for pest in Pest.values}
    for survey in latest_surveys(site_ids=site_ids, start=start, end=end):
        by_pest[survey.pest].append(survey.level)
    return {pest: levels.worst(found) for pest, found in by_pest.items()}


def year_levels(*, site_ids, year: int) -> dict[str, list[PestSurvey]]:
    """A year's non-void surveys by pest, oldest first, each with its level."""
    surveys = live_surveys(
        site_ids=site_ids, start=date(year, 1, 1), end=date(year + 1, 1, 1)
    ).order_by("surveyed_on", "created_at")
    by_pest: dict[str, list] = {pest: [] for pest in Pest.values}
    for survey in with_levels(surveys.select_related("site")):
        by_pest[survey.pest].append(survey)
    return by_pest
