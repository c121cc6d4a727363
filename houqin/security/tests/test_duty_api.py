"""The duty API: rosters and assignments to read, swap requests, duty logs and master data,
each refused for the wrong role and the wrong site."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from houqin.security.choices import RosterStatus
from houqin.security.models import DutyLog, SwapRequest
from houqin.security.services import duty as services
from houqin.security.tests.duty_fixtures import duty_setup, make_people

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def duty(personas):
    return duty_setup(personas, status=RosterStatus.PUBLISHED)


def test_rosters_and_assignments_are_read_by_guards_only_at_their_site(personas, duty):
    assert api().get("/api/security/rosters/").status_code in (401, 403)
    assert api(personas.staff).get("/api/security/rosters/").status_code == 403
    rows = api(personas.guard).get("/api/security/rosters/").json()
    assert [r["number"] for r in rows.get("results", rows)] == [duty["roster"].number]
    outsider = api(personas.outsider).get(f"/api/security/rosters/{duty['roster'].pk}/")
    assert outsider.status_code == 404


def test_assignments_filter_by_person_and_date(personas, duty, django_assert_max_num_queries):
    person = duty["people"][0]
    day = duty["roster"].month.isoformat()
    client = api(personas.guard)
    client.get("/api/security/assignments/")
    with django_assert_max_num_queries(8):
        response = client.get(
            f"/api/security/assignments/?person={person.pk}&date_after={day}&date_before={day}"
        )
    body = response.json()
    rows = body.get("results", body)
    expected = [c.pk for c in duty["cells"] if c.person == person and c.date.isoformat() == day]
    assert sorted(r["id"] for r in rows) == sorted(expected)


def test_assignments_cannot_be_written(personas, duty):
    cell = duty["cells"][0]
    response = api(personas.secadmin).patch(
        f"/api/security/assignments/{cell.pk}/", {"person": duty["guard"].pk}, format="json"
    )
    assert response.status_code in (403, 405)


def test_guard_requests_a_swap_of_own_shift(personas, duty):
    cell = duty["cells"][0]
    services.assignment_change(assignment=cell, person=duty["guard"], by=personas.secadmin)
    response = api(personas.guard).post(
        "/api/security/swap-requests/",
        {"assignment": cell.pk, "replacement": duty["people"][3].pk, "reason": "探亲"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert SwapRequest.objects.get().status == "pending"


def test_swap_with_unqualified_replacement_is_a_400(personas, duty):
    cell = duty["cells"][0]
    stranger = make_people(personas.site, 1, prefix="外人")[0]
    response = api(personas.secadmin).post(
        "/api/security/swap-requests/",
        {"assignment": cell.pk, "replacement": stranger.pk, "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "not qualified" in str(response.json())


def test_swap_of_another_sites_shift_is_refused(personas, duty):
    cell = duty["cells"][0]
    response = api(personas.outsider).post(
        "/api/security/swap-requests/",
        {"assignment": cell.pk, "replacement": duty["people"][3].pk, "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert not SwapRequest.objects.exists()


def test_duty_log_through_the_api(personas, duty):
    guard, officer = api(personas.guard), api(personas.duty)
    response = guard.post(
        "/api/security/duty-logs/",
        {"site": "main", "shift": duty["shifts"][0].pk, "post": duty["post"].pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert guard.post(f"/api/security/duty-logs/{pk}/note/", {"text": "平安"}).status_code == 201
    assert guard.post(f"/api/security/duty-logs/{pk}/hand-over/", {"note": ""}).status_code == 200
    assert guard.post(f"/api/security/duty-logs/{pk}/receive/").status_code == 400
    assert officer.post(f"/api/security/duty-logs/{pk}/receive/").status_code == 200
    assert DutyLog.objects.get().received_by == personas.duty
    assert api(personas.outsider).get(f"/api/security/duty-logs/{pk}/").status_code == 404
    assert api(personas.staff).get("/api/security/duty-logs/").status_code == 403


def test_master_data_is_managed_by_the_duty_manager(personas, duty):
    body = {"site": "main", "name": "夜班2", "start_time": "23:00", "hours": 8, "is_night": True}
    assert (
        api(personas.guard).post("/api/security/duty-shifts/", body, format="json").status_code
        == 403
    )
    created = api(personas.secadmin).post("/api/security/duty-shifts/", body, format="json")
    assert created.status_code == 201
    bad = api(personas.secadmin).post(
        "/api/security/duty-shifts/", {**body, "hours": 30}, format="json"
    )
    assert bad.status_code == 400
    other = api(personas.secadmin).post(
        "/api/security/duty-shifts/", {**body, "site": "other"}, format="json"
    )
    assert other.status_code == 400


def test_absence_of_another_sites_person_is_refused(personas, duty):
    stranger = make_people(personas.other_site, 1)[0]
    today = timezone.localdate().isoformat()
    response = api(personas.secadmin).post(
        "/api/security/absences/",
        {
            "site": "main",
            "person": stranger.pk,
            "start_date": today,
            "end_date": today,
            "reason": "leave",
        },
        format="json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["duty-posts", "duty-shifts", "rosters", "assignments", "swap-requests", "duty-logs"]
)
def test_api_lists_have_a_fixed_query_count(personas, duty, path, django_assert_max_num_queries):
    client = api(personas.secadmin)
    client.get(f"/api/security/{path}/")
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/security/{path}/").status_code == 200
