"""The satisfaction reader: stated figures across the three sources (meeting ratings, repair
ratings, survey answers), two sites, voided work orders excluded, months in local time, and
the annual-report metrics."""

from __future__ import annotations

from datetime import date

import pytest

from houqin.quality.models import SurveyAnswer
from houqin.quality.satisfaction import satisfaction_by_month, satisfaction_totals
from houqin.quality.tests.helpers_surveys import local, make_survey, rated_meeting, rated_repair
from houqin.reports.registry import compute, year_bounds

YEAR = year_bounds(2026)


@pytest.fixture
def ratings(personas, sup):
    """Main site, 2026: meetings rated 5, 4, 2; repairs 5, 3 (and a void one rated 1); survey
    answers about cleaning 5 and 4 (one of them at 00:30 on 1 April, Shanghai time).
    Other site: a meeting rated 1 and a repair rated 5. Ratings of 2025 must not count."""
    main, other = personas.site, personas.other_site
    for score in (5, 4, 2):
        rated_meeting(main, personas.staff, score, local(2026, 3, 10, 15))
    rated_repair(main, personas.staff, 5, local(2026, 3, 12, 9))
    rated_repair(main, personas.staff, 3, local(2026, 5, 2, 9))
    rated_repair(main, personas.staff, 1, local(2026, 5, 3, 9), void=True)
    rated_meeting(other, personas.outsider, 1, local(2026, 6, 1, 10))
    rated_repair(other, personas.outsider, 5, local(2026, 6, 2, 10))
    rated_meeting(main, personas.staff, 1, local(2025, 12, 31, 23))
    survey = make_survey(main, sup)
    for score, at in ((5, local(2026, 3, 20)), (4, local(2026, 4, 1, 0, 30))):
        SurveyAnswer.objects.create(
            site=main, survey=survey, service="cleaning", score=score, answered_at=at
        )


def by_service(totals) -> dict:
    return {row["service"]: row for row in totals["services"]}


@pytest.mark.usefixtures("ratings")
def test_totals_of_one_site_per_service_and_overall(personas):
    totals = satisfaction_totals(site_ids=[personas.site.pk], start=YEAR[0], end=YEAR[1])
    rows = by_service(totals)
    assert (rows["meeting"]["answered"], rows["meeting"]["satisfied"]) == (3, 2)
    assert rows["meeting"]["rate"] == pytest.approx(0.6667)
    assert rows["meeting"]["average"] == pytest.approx(3.67)
    # The void repair (rated 1) does not count.
    assert (rows["repair"]["answered"], rows["repair"]["satisfied"]) == (2, 1)
    assert rows["repair"]["rate"] == 0.5
    assert (rows["survey_cleaning"]["answered"], rows["survey_cleaning"]["satisfied"]) == (2, 2)
    assert rows["survey_canteen"]["answered"] == 0
    assert rows["survey_canteen"]["rate"] is None
    overall = totals["overall"]
    assert (overall["answered"], overall["satisfied"]) == (7, 5)
    assert overall["rate"] == pytest.approx(0.7143)
    assert overall["average"] == 4.0  # (5+4+2+5+3+5+4) / 7


@pytest.mark.usefixtures("ratings")
def test_totals_of_every_site(personas):
    totals = satisfaction_totals(site_ids=None, start=YEAR[0], end=YEAR[1])
    assert (totals["overall"]["answered"], totals["overall"]["satisfied"]) == (9, 6)
    other = satisfaction_totals(site_ids=[personas.other_site.pk], start=YEAR[0], end=YEAR[1])
    assert (other["overall"]["answered"], other["overall"]["satisfied"]) == (2, 1)


@pytest.mark.usefixtures("ratings")
def test_totals_by_local_month(personas):
    months = satisfaction_by_month(site_ids=[personas.site.pk], start=YEAR[0], end=YEAR[1])
    assert [m["month"] for m in months] == [date(2026, n, 1) for n in range(1, 13)]
    march, april, may = months[2], months[3], months[4]
    assert (march["overall"]["answered"], march["overall"]["satisfied"]) == (5, 4)
    assert march["services"]["meeting"]["answered"] == 3
    # 00:30 on 1 April in Shanghai is still 31 March in UTC: it counts in April.
    assert april["services"]["survey_cleaning"]["answered"] == 1
    assert (may["overall"]["answered"], may["overall"]["satisfied"]) == (1, 0)
    assert months[0]["overall"] == {
        "answered": 0,
        "satisfied": 0,
        "score_sum": 0,
        "rate": None,
        "average": None,
    }


@pytest.mark.usefixtures("ratings")
def test_annual_report_metrics(personas):
    values = compute(site_ids=[personas.site.pk], start=YEAR[0], end=YEAR[1])
    assert values["services.satisfaction_rate"] == pytest.approx(0.7143)
    assert values["services.satisfaction_answers"] == 7
    empty = compute(site_ids=[personas.site.pk], **_bounds(2024))
    assert empty["services.satisfaction_rate"] == 0  # with a sample size of 0: no data
    assert empty["services.satisfaction_answers"] == 0


def _bounds(year: int) -> dict:
    start, end = year_bounds(year)
    return {"start": start, "end": end}


def test_the_rate_metric_is_a_rate():
    from houqin.reports.registry import all_metrics

    metric = next(m for m in all_metrics() if m.key == "services.satisfaction_rate")
    assert metric.kind == "rate"
