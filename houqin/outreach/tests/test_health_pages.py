"""Pages and API of the health-consultation room: role and site refusals, sessions, the
reader's booking page, attendance, logging (single and bulk), the ledger and its Excel export
(no names without consent), the statistics, and the query counts of the lists."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from houqin.outreach.choices import BookingStatus
from houqin.outreach.models import Consultation, HealthBooking, HealthSession
from houqin.outreach.services import health as services
from houqin.outreach.tests.helpers_outreach import *  # noqa: F403  (fixtures)
from houqin.outreach.tests.helpers_outreach import make_session, person_of


def test_session_list_needs_a_role_and_shows_only_the_users_sites(
    client, personas, librarian, other_librarian, upcoming
):
    url = reverse("outreach:session_list")
    assert client.get(url).status_code == 302
    for user in (personas.nobody, personas.admin):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(other_librarian)
    response = client.get(url)
    assert response.status_code == 200 and upcoming.topic not in response.content.decode()
    client.force_login(librarian)
    response = client.get(url + "?when=upcoming")
    assert response.status_code == 200 and upcoming.topic in response.content.decode()


def test_session_detail_of_another_site_is_not_found(client, other_librarian, upcoming):
    client.force_login(other_librarian)
    assert client.get(reverse("outreach:session_detail", args=[upcoming.pk])).status_code == 404
    response = client.post(reverse("outreach:session_cancel", args=[upcoming.pk]))
    assert response.status_code == 404
    upcoming.refresh_from_db()
    assert upcoming.cancelled_at is None


def test_librarian_adds_a_session_and_a_reader_may_not(client, personas, librarian, upcoming):
    start = timezone.localtime() + timedelta(days=5)
    data = {
        "site": personas.site.pk,
        "expert": upcoming.expert_id,
        "topic": "合理膳食",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "二楼",
        "capacity": "20",
    }
    client.force_login(personas.staff)
    assert client.post(reverse("outreach:session_add"), data).status_code == 403
    client.force_login(librarian)
    response = client.post(reverse("outreach:session_add"), data)
    assert response.status_code == 302
    assert HealthSession.objects.get(topic="合理膳食").capacity == 20
    data["ends_at"] = data["starts_at"]
    response = client.post(reverse("outreach:session_add"), {**data, "topic": "错"})
    assert response.status_code == 200 and not HealthSession.objects.filter(topic="错").exists()


def test_reader_books_and_cancels_on_the_phone_page(client, personas, upcoming):
    client.force_login(personas.staff)
    url = reverse("outreach:session_book")
    page = client.get(url).content.decode()
    assert upcoming.topic in page and f'data-session="{upcoming.pk}"' in page
    assert client.post(url, {"session": upcoming.pk}).status_code == 302
    booking = HealthBooking.objects.get(session=upcoming)
    assert booking.person == person_of(personas.staff)
    page = client.get(url).content.decode()
    assert f'data-booking="{booking.pk}"' in page
    assert client.post(url, {"session": "x"}).status_code == 404
    client.post(reverse("outreach:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_a_reader_of_another_site_cannot_book(client, personas, upcoming):
    client.force_login(personas.outsider)
    response = client.post(reverse("outreach:session_book"), {"session": upcoming.pk})
    assert response.status_code == 404
    assert not HealthBooking.objects.exists()


def test_someone_else_cannot_cancel_a_booking_by_url(client, personas, upcoming):
    booking = services.session_book(
        session=upcoming, person=person_of(personas.staff), by=personas.staff
    )
    client.force_login(personas.guard)
    client.post(reverse("outreach:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_attendance_and_counts_on_the_session_page(client, personas, librarian, past):
    for user in (personas.staff, personas.guard):
        HealthBooking.objects.create(
            site=personas.site, session=past, person=person_of(user), booked_at=timezone.now()
        )
    client.force_login(librarian)
    client.post(
        reverse("outreach:session_attendance", args=[past.pk]),
        {"attended": [person_of(personas.staff).pk]},
    )
    statuses = dict(HealthBooking.objects.values_list("person__name", "status"))
    assert statuses == {"staff": "attended", "guard": "no_show"}
    services.consultations_log_many(session=past, counts={"check": 7}, by=librarian)
    page = client.get(reverse("outreach:session_detail", args=[past.pk])).content.decode()
    assert 'data-kind="check"' in page and ">7<" in page


def test_consultation_form_refuses_a_name_without_consent(client, personas, librarian):
    client.force_login(librarian)
    at = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "one-site": personas.site.pk,
        "one-kind": "check",
        "one-consulted_at": at,
        "one-person": person_of(personas.staff).pk,
        "one-note": "复查",
    }
    response = client.post(reverse("outreach:consultation_add"), data)
    assert response.status_code == 400 and not Consultation.objects.exists()
    response = client.post(reverse("outreach:consultation_add"), {**data, "one-consent": "on"})
    assert response.status_code == 302
    row = Consultation.objects.get()
    assert row.person == person_of(personas.staff) and row.note == "复查"


def test_bulk_form_logs_the_counts(client, librarian, past):
    client.force_login(librarian)
    data = {"bulk": "1", "many-session": past.pk, "many-general": "", "many-count_check": "4"}
    data["many-count_tcm"] = "2"
    response = client.post(reverse("outreach:consultation_add"), data)
    assert response.status_code == 302
    assert Consultation.objects.filter(session=past).count() == 6
    data["many-count_check"] = "-1"
    assert client.post(reverse("outreach:consultation_add"), data).status_code == 400
    assert Consultation.objects.count() == 6


def _log(site, by, *, consent=False, person=None, kind="general"):
    return services.consultation_log(
        site=site,
        kind=kind,
        consulted_at=timezone.now() - timedelta(hours=1),
        by=by,
        consent=consent,
        person=person,
    )


def test_ledger_roles_sites_and_export_without_names_unless_consented(
    client, personas, librarian, other_librarian
):
    _log(personas.site, librarian, consent=True, person=person_of(personas.staff))
    _log(personas.site, librarian, kind="check")
    url = reverse("outreach:consultation_list")
    client.force_login(personas.staff)
    assert client.get(url).status_code == 403
    client.force_login(other_librarian)
    assert "ZX-" not in client.get(url).content.decode()
    client.force_login(personas.leader)
    response = client.get(url + "?export=xlsx", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in rows if "Person (with consent)" in r)
    col = header.index("Person (with consent)")
    data = rows[rows.index(header) + 1 :]
    names = sorted((r[col] or "") for r in data)
    assert names == ["", "staff"]


def test_void_a_consultation(client, personas, librarian):
    row = _log(personas.site, librarian)
    client.force_login(personas.leader)
    assert (
        client.post(
            reverse("outreach:consultation_void", args=[row.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(librarian)
    response = client.post(reverse("outreach:consultation_void", args=[row.pk]), {"reason": "重复"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.voided_at is not None


def test_statistics_by_month_type_and_attendance(client, personas, librarian, past):
    HealthBooking.objects.create(
        site=personas.site,
        session=past,
        status="attended",
        person=person_of(personas.staff),
        booked_at=timezone.now(),
    )
    HealthBooking.objects.create(
        site=personas.site,
        session=past,
        status="no_show",
        person=person_of(personas.guard),
        booked_at=timezone.now(),
    )
    services.consultations_log_many(session=past, counts={"check": 3, "tcm": 1}, by=librarian)
    client.force_login(personas.leader)
    page = client.get(reverse("outreach:health_statistics")).content.decode()
    assert 'data-testid="total">4<' in page
    assert 'data-testid="attendance-rate">50.0%<' in page
    client.force_login(personas.staff)
    assert client.get(reverse("outreach:health_statistics")).status_code == 403


@pytest.mark.parametrize("name", ["session_list", "consultation_list", "expert_list"])
def test_list_query_counts(client, personas, librarian, name, django_assert_max_num_queries):
    for i in range(8):
        session = make_session(personas.site, starts_in=timedelta(hours=-i - 1), topic=f"讲座{i}")
        _log(personas.site, librarian, consent=True, person=person_of(personas.staff))
        services.consultation_log(
            site=personas.site,
            kind="general",
            by=librarian,
            consulted_at=session.starts_at,
            session=session,
        )
    client.force_login(librarian)
    url = reverse(f"outreach:{name}")
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_api_sessions_and_consultations(api, personas, librarian, other_librarian, upcoming):
    api.force_authenticate(librarian)
    listed = api.get("/api/outreach/health-sessions/").json()
    row = next(r for r in listed["results"] if r["id"] == upcoming.pk)
    assert row["places_left"] == 2
    at = (timezone.now() - timedelta(hours=1)).isoformat()
    body = {
        "site": "main",
        "kind": "check",
        "consulted_at": at,
        "person": person_of(personas.staff).pk,
    }
    response = api.post("/api/outreach/consultations/", body, format="json")
    assert response.status_code == 400 and "consent" in response.json()["errors"]
    response = api.post("/api/outreach/consultations/", {**body, "consent": True}, format="json")
    assert response.status_code == 201
    api.force_authenticate(other_librarian)
    assert api.get(f"/api/outreach/health-sessions/{upcoming.pk}/").status_code == 404
    response = api.post("/api/outreach/consultations/", {**body, "person": None}, format="json")
    assert response.status_code == 400 and Consultation.objects.count() == 1
    api.force_authenticate(personas.staff)
    assert api.get("/api/outreach/consultations/").status_code == 403


def test_api_list_query_count(api, personas, librarian, django_assert_max_num_queries):
    for i in range(6):
        _log(personas.site, librarian, kind="check")
        make_session(personas.site, starts_in=timedelta(days=i + 1), topic=f"t{i}")
    api.force_authenticate(librarian)
    for url in ("/api/outreach/consultations/", "/api/outreach/health-sessions/"):
        with django_assert_max_num_queries(6):
            assert api.get(url).status_code == 200
