"""Reads: list pages and API lists cost the same number of queries however many rows they show,
and the annual figures are counted from the rows in the compound's calendar year."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from houqin.core.services import record_void
from houqin.core.testing import resident_id
from houqin.reports.queries import annual_report
from houqin.security import services
from houqin.security.tests.helpers import (
    blacklist,
    check_in,
    host,
    invite,
    login,
    shanghai,
    visitor,
)

pytestmark = pytest.mark.django_db


def add_visits(personas, count, start=0):
    """``count`` visits at the main site with every related row the ledger shows filled in."""
    from houqin.core.models import Location

    gate = Location.objects.get(site=personas.site, code="GATE")
    for i in range(start, start + count):
        visit = services.visit_check_in(
            site=personas.site,
            by=personas.guard,
            gate=gate,
            at=timezone.now() - timedelta(hours=10, minutes=i),
            data=visitor(
                personas.site,
                seq=i % 1000,
                name=f"访客{i}",
                host_person=host(personas.site),
                phone="13800000000",
                vehicle_plate="湘L0000" if i % 2 else "",
            ),
        )
        if i % 3 == 0:
            services.visit_check_out(visit=visit, by=personas.guard)


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def _same_cost(personas, fetch):
    add_visits(personas, 30)
    fetch()  # warm caches (content types, session) before counting
    with_30 = count_queries(fetch)
    add_visits(personas, 30, start=30)
    with_60 = count_queries(fetch)
    return with_30, with_60


def test_ledger_page_costs_the_same_queries_for_30_and_60_visits(personas):
    client = login(personas.duty)

    def fetch():
        response = client.get(reverse("security:visit_list"))
        assert response.status_code == 200

    with_30, with_60 = _same_cost(personas, fetch)
    assert with_30 == with_60
    assert with_60 <= 15


def test_ledger_export_costs_the_same_queries_for_30_and_60_visits(personas):
    client = login(personas.duty)

    def fetch():
        assert client.get(reverse("security:visit_list"), {"export": "xlsx"}).status_code == 200

    with_30, with_60 = _same_cost(personas, fetch)
    assert with_30 == with_60


def test_gate_page_costs_the_same_queries_for_30_and_60_visitors_inside(personas):
    client = login(personas.guard)

    def fetch():
        assert client.get(reverse("security:gate")).status_code == 200

    with_30, with_60 = _same_cost(personas, fetch)
    assert with_30 == with_60


def test_api_list_costs_the_same_queries_for_30_and_60_visits(personas):
    client = APIClient()
    client.force_authenticate(personas.guard)

    def fetch():
        response = client.get("/api/security/visits/", {"page_size": 100})
        assert response.status_code == 200

    with_30, with_60 = _same_cost(personas, fetch)
    assert with_30 == with_60
    assert with_60 <= 6


def test_invitation_list_costs_the_same_queries_for_5_and_15_invitations(personas):
    client = login(personas.secadmin)

    def fetch():
        assert client.get(reverse("security:invitation_list")).status_code == 200

    for i in range(5):
        invite(personas.site, personas.staff, seq=i)
    fetch()
    with_5 = count_queries(fetch)
    for i in range(5, 15):
        visit_to = invite(personas.site, personas.staff, seq=i)
        if i % 2:
            services.invitation_admit(invitation=visit_to, by=personas.guard)
    assert count_queries(fetch) == with_5


def test_annual_report_costs_the_same_queries_however_many_visits(personas):
    def fetch():
        annual_report(year=timezone.localdate().year, site_ids=[personas.site.pk], site=None)

    with_30, with_60 = _same_cost(personas, fetch)
    assert with_30 == with_60


# Metrics -------------------------------------------------------------------------------------


def figures(personas, year, site=None):
    site = site or personas.site
    metrics = annual_report(year=year, site_ids=[site.pk], site=site)["metrics"]
    return {
        key.split(".", 1)[1]: m["value"]
        for key, m in metrics.items()
        if key.startswith("security.visit")
    }


def test_visitor_figures_are_counted_per_calendar_year_in_shanghai_time(personas):
    # 23:30 on New Year's Eve in Shanghai is 15:30 UTC: still 2006
    check_in(personas.site, personas.guard, at=shanghai(2006, 12, 31, 23, 30), seq=1)
    # 00:30 on 1 January 2006 in Shanghai is 16:30 UTC on 31 December 2005: already 2006
    check_in(personas.site, personas.guard, at=shanghai(2006, 1, 1, 0, 30), seq=2)
    check_in(personas.site, personas.guard, at=shanghai(2006, 6, 1, 10, 0), seq=3)
    # 23:59 on 31 December 2005 in Shanghai: 2005
    check_in(personas.site, personas.guard, at=shanghai(2005, 12, 31, 23, 59), seq=4)
    check_in(personas.site, personas.guard, at=shanghai(2005, 3, 1, 10, 0), seq=5)
    # 00:10 on 1 January 2007 in Shanghai is 16:10 UTC on 31 December 2006: not 2006
    check_in(personas.site, personas.guard, at=shanghai(2007, 1, 1, 0, 10), seq=6)

    assert figures(personas, 2006)["visitor_registrations"] == 3
    assert figures(personas, 2005)["visitor_registrations"] == 2
    assert figures(personas, 2007)["visitor_registrations"] == 1


def test_voided_visit_does_not_count(personas):
    keep = check_in(personas.site, personas.guard, at=shanghai(2006, 5, 1, 9, 0), seq=1)
    wrong = check_in(
        personas.site, personas.guard, at=shanghai(2006, 5, 1, 9, 5), seq=2, companions=3
    )
    record_void(record=wrong, by=personas.duty, reason="重复登记")

    values = figures(personas, 2006)
    assert values["visitor_registrations"] == 1
    assert values["visitor_persons"] == 1
    assert keep.voided_at is None


def test_refused_visit_counts_as_blocked_only(personas):
    number = resident_id(seq=66)
    blacklist(personas.site, personas.secadmin, number)
    check_in(personas.site, personas.guard, at=shanghai(2006, 8, 1, 9, 0), seq=1, companions=1)
    check_in(
        personas.site,
        personas.guard,
        at=shanghai(2006, 8, 1, 9, 30),
        id_number=number,
        companions=4,
        vehicle_plate="湘L9999",
    )
    voided_refusal = check_in(
        personas.site, personas.guard, at=shanghai(2006, 8, 2, 9, 0), id_number=number
    )
    record_void(record=voided_refusal, by=personas.duty, reason="误操作")

    values = figures(personas, 2006)
    assert values["visitor_registrations"] == 1
    assert values["visitors_blocked"] == 1
    assert values["visitor_persons"] == 2  # the admitted visitor and one companion
    assert values["visitor_vehicles"] == 0


def test_persons_vehicles_and_preregistration_rate(personas):
    check_in(
        personas.site,
        personas.guard,
        at=shanghai(2006, 2, 1, 9, 0),
        seq=1,
        companions=2,
        vehicle_plate="湘L12345",
    )
    check_in(personas.site, personas.guard, at=shanghai(2006, 2, 1, 10, 0), seq=2)
    check_in(personas.site, personas.guard, at=shanghai(2006, 2, 1, 11, 0), seq=3)
    invitation = invite(personas.site, personas.staff, seq=4)
    admitted = services.invitation_admit(invitation=invitation, by=personas.guard)
    type(admitted).objects.filter(pk=admitted.pk).update(checked_in_at=shanghai(2006, 2, 2, 9, 0))

    values = figures(personas, 2006)
    assert values["visitor_registrations"] == 4
    assert values["visitor_persons"] == 6
    assert values["visitor_vehicles"] == 1
    assert values["visitor_preregistration_rate"] == 0.25


def test_figures_of_one_site_leave_out_the_other(personas):
    check_in(personas.site, personas.guard, at=shanghai(2006, 2, 1, 9, 0), seq=1)
    check_in(personas.other_site, personas.outsider, at=shanghai(2006, 2, 1, 9, 0), seq=2)
    check_in(personas.other_site, personas.outsider, at=shanghai(2006, 2, 1, 9, 5), seq=3)

    assert figures(personas, 2006)["visitor_registrations"] == 1
    assert figures(personas, 2006, site=personas.other_site)["visitor_registrations"] == 2
    both = annual_report(year=2006, site_ids=None, site=None)["metrics"]
    assert both["security.visitor_registrations"]["value"] == 3


def test_empty_year_reports_zero_not_nothing(personas):
    values = figures(personas, 1999)
    assert values["visitor_registrations"] == 0
    assert values["visitor_persons"] == 0
    assert values["visitor_preregistration_rate"] == 0
