"""Figures of incidents, hazards and alarms: counted from rows in the database, voided rows
left out, period bounds at Asia/Shanghai midnights, overdue as defined in the query."""

from __future__ import annotations

from datetime import date

import pytest

import houqin.security.metrics.hazards  # noqa: F401  (registers the sources)
from houqin.core.services import record_void
from houqin.reports.registry import compute, year_bounds
from houqin.security.models import Alarm, Hazard, Incident
from houqin.security.tests.helpers import shanghai

pytestmark = pytest.mark.django_db


def incident(site, kind, at, **extra):
    return Incident.objects.create(
        site=site,
        number=f"SJ-{Incident.objects.count()}",
        kind=kind,
        occurred_at=at,
        description="x",
        **extra,
    )


def hazard(site, found_at, **extra):
    return Hazard.objects.create(
        site=site,
        number=f"YH-{Hazard.objects.count()}",
        description="x",
        category="fire",
        found_at=found_at,
        **extra,
    )


def alarm(site, verified_at, **extra):
    return Alarm.objects.create(
        site=site,
        number=f"BJ-{Alarm.objects.count()}",
        source="person",
        description="x",
        raised_at=verified_at,
        status="verified",
        result="false_alarm",
        verified_at=verified_at,
        **extra,
    )


def figures(site_ids, year=2006):
    start, end = year_bounds(year)
    return compute(site_ids=site_ids, start=start, end=end)


def test_incident_figures_by_kind_voided_excluded(personas):
    site = personas.site
    incident(site, "criminal_case", shanghai(2006, 3, 1, 10))
    incident(site, "safety_accident", shanghai(2006, 5, 1, 10))
    incident(site, "safety_accident", shanghai(2006, 6, 1, 10))
    incident(site, "public_order", shanghai(2006, 6, 1, 10))
    void = incident(site, "criminal_case", shanghai(2006, 7, 1, 10))
    record_void(record=void, by=personas.secadmin, reason="重复登记")
    incident(personas.other_site, "criminal_case", shanghai(2006, 7, 1, 10))
    values = figures([site.pk])
    assert values["security.criminal_cases"] == 1
    assert values["security.safety_accidents"] == 2
    assert figures(None)["security.criminal_cases"] == 2


def test_period_bounds_are_shanghai_midnights(personas):
    site = personas.site
    incident(site, "criminal_case", shanghai(2006, 1, 1, 0, 0))  # first minute: in 2006
    incident(site, "criminal_case", shanghai(2005, 12, 31, 23, 59))  # 15:59 UTC: in 2005
    incident(site, "criminal_case", shanghai(2007, 1, 1, 0, 0))  # next year
    assert figures([site.pk])["security.criminal_cases"] == 1
    assert figures([site.pk], 2005)["security.criminal_cases"] == 1


def test_hazard_figures(personas):
    site = personas.site
    # found and closed in 2006, on time
    hazard(
        site,
        shanghai(2006, 3, 1, 9),
        status="closed",
        deadline=date(2006, 3, 10),
        verified_at=shanghai(2006, 3, 5, 9),
    )
    # found in 2005, closed in 2006: rectified in 2006, found in 2005
    hazard(
        site,
        shanghai(2005, 12, 20, 9),
        status="closed",
        deadline=date(2005, 12, 25),
        verified_at=shanghai(2006, 1, 3, 9),
    )
    # found 2006, still open, deadline passed in 2006: overdue
    hazard(site, shanghai(2006, 11, 1, 9), deadline=date(2006, 11, 30))
    # found 2006, closed only in 2007 after its deadline: overdue at the end of 2006
    hazard(
        site,
        shanghai(2006, 12, 1, 9),
        status="closed",
        deadline=date(2006, 12, 20),
        verified_at=shanghai(2007, 1, 5, 9),
    )
    # found 2006, deadline on the last day: overdue only once the year is over (it is)
    hazard(site, shanghai(2006, 12, 30, 9), deadline=date(2006, 12, 31))
    # found 2006, deadline in 2007: not overdue at the end of 2006
    hazard(site, shanghai(2006, 12, 30, 9), deadline=date(2007, 1, 10))
    # voided: never counted
    void = hazard(site, shanghai(2006, 6, 1, 9), deadline=date(2006, 6, 2))
    record_void(record=void, by=personas.secadmin, reason="误报")
    values = figures([site.pk])
    assert values["security.hazards_found"] == 5
    assert values["security.hazards_rectified"] == 2
    assert values["security.hazards_overdue"] == 3


def test_alarms_verified(personas):
    site = personas.site
    alarm(site, shanghai(2006, 1, 1, 0, 5))
    alarm(site, shanghai(2006, 12, 31, 23, 0))
    alarm(site, shanghai(2005, 12, 31, 23, 0))
    alarm(site, shanghai(2006, 4, 1, 9), voided_at=shanghai(2006, 4, 2, 9))
    Alarm.objects.create(
        site=site,
        number="BJ-open",
        source="person",
        description="x",
        raised_at=shanghai(2006, 4, 1, 9),
    )
    assert figures([site.pk])["security.alarms_verified"] == 2


def test_one_query_per_model(personas, django_assert_num_queries):
    from houqin.security.metrics.hazards import alarm_metrics, hazard_metrics, incident_metrics

    start, end = year_bounds(2006)
    with django_assert_num_queries(3):
        for source in (incident_metrics, hazard_metrics, alarm_metrics):
            source(site_ids=[personas.site.pk], start=start, end=end)
