"""Adversarial probes of the duty roster and duty log pages and API: another site's records,
roles that may not act, bad input and state-machine holes are refused with a clear answer,
never a 500, and change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from houqin.core.models import Location
from houqin.security.choices import RosterStatus
from houqin.security.models import (
    Absence,
    DutyLog,
    DutyLogEntry,
    DutyPost,
    DutyShift,
    Roster,
    SpecialPeriod,
    SwapRequest,
)
from houqin.security.queries.duty_pages import ics_token
from houqin.security.services import duty as services
from houqin.security.tests.duty_fixtures import (
    assign,
    duty_setup,
    make_people,
    make_post,
    make_roster,
    make_shifts,
)
from houqin.security.tests.helpers import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def duty(personas):
    return duty_setup(personas, status=RosterStatus.PUBLISHED)


@pytest.fixture
def foreign(personas):
    site = personas.other_site
    shifts = make_shifts(site)
    people = make_people(site, 2, prefix="外")
    post = make_post(site, people, name="北门")
    roster = make_roster(site, personas.secadmin, number="PB-OTHER-1")
    return {"shifts": shifts, "people": people, "post": post, "roster": roster}


def _open_log(personas, duty, by=None):
    return services.duty_log_open(
        site=personas.site,
        date=timezone.localdate(),
        shift=duty["shifts"][0],
        post=duty["post"],
        by=by or personas.guard,
    )


# Opening a duty log --------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30", "0000-01-01", "abc"])
def test_api_duty_log_of_a_far_or_impossible_day_is_refused(personas, duty, day):
    response = api(personas.guard).post(
        "/api/security/duty-logs/",
        {"site": "main", "shift": duty["shifts"][0].pk, "post": duty["post"].pk, "date": day},
        format="json",
    )
    assert response.status_code == 400
    assert not DutyLog.objects.exists()


def test_api_duty_log_of_a_day_long_ago_is_refused(personas, duty):
    day = (timezone.localdate() - timedelta(days=30)).isoformat()
    response = api(personas.guard).post(
        "/api/security/duty-logs/",
        {"site": "main", "shift": duty["shifts"][0].pk, "date": day},
        format="json",
    )
    assert response.status_code == 400
    assert "day of the shift" in str(response.json())
    assert not DutyLog.objects.exists()


@pytest.mark.parametrize("field", ["shift", "post"])
def test_api_duty_log_with_another_sites_shift_or_post_is_refused(personas, duty, foreign, field):
    body = {"site": "main", "shift": duty["shifts"][0].pk, "post": duty["post"].pk}
    body[field] = foreign["shifts"][0].pk if field == "shift" else foreign["post"].pk
    response = api(personas.guard).post("/api/security/duty-logs/", body, format="json")
    assert response.status_code == 400
    assert not DutyLog.objects.exists()


def test_api_duty_log_at_another_site_is_refused(personas, duty, foreign):
    body = {"site": "other", "shift": foreign["shifts"][0].pk}
    response = api(personas.guard).post("/api/security/duty-logs/", body, format="json")
    assert response.status_code in (400, 403)
    assert not DutyLog.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"site": "main"},
        {"site": "main", "shift": "abc"},
        {"site": "main", "shift": 10**20},
        {"site": "nope", "shift": 1},
        {"site": ["main"], "shift": 1},
    ],
)
def test_api_duty_log_with_bad_fields_is_refused(personas, duty, body):
    response = api(personas.guard).post("/api/security/duty-logs/", body, format="json")
    assert response.status_code == 400
    assert not DutyLog.objects.exists()


def test_api_duty_log_opened_twice_is_refused_the_second_time(personas, duty):
    body = {"site": "main", "shift": duty["shifts"][0].pk, "post": duty["post"].pk}
    client = api(personas.guard)
    assert client.post("/api/security/duty-logs/", body, format="json").status_code == 201
    assert client.post("/api/security/duty-logs/", body, format="json").status_code == 400
    assert DutyLog.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"date": "9999-12-31"},
        {"date": "2026-02-30"},
        {"date": ""},
        {"shift": "abc"},
        {"shift": "99999999999999999999"},
        {"site": "abc"},
    ],
)
def test_duty_log_page_with_bad_fields_is_refused(personas, duty, change):
    data = {
        "site": personas.site.pk,
        "date": timezone.localdate().isoformat(),
        "shift": duty["shifts"][0].pk,
        "post": duty["post"].pk,
        **change,
    }
    response = login(personas.guard).post(reverse("security:dutylog_open"), data)
    assert response.status_code == 400
    assert not DutyLog.objects.exists()


def test_duty_log_page_with_another_sites_shift_is_refused(personas, duty, foreign):
    data = {
        "site": personas.site.pk,
        "date": timezone.localdate().isoformat(),
        "shift": foreign["shifts"][0].pk,
        "post": foreign["post"].pk,
    }
    response = login(personas.guard).post(reverse("security:dutylog_open"), data)
    assert response.status_code == 400
    assert not DutyLog.objects.exists()


# Keeping the log -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "x" * 501, None])
def test_a_bad_note_is_refused(personas, duty, text):
    log = _open_log(personas, duty)
    data = {} if text is None else {"text": text}
    page = login(personas.guard).post(
        reverse("security:dutylog_note", kwargs={"pk": log.pk}), data, HTTP_HX_REQUEST="true"
    )
    assert page.status_code == 400
    assert (
        api(personas.guard)
        .post(f"/api/security/duty-logs/{log.pk}/note/", data, format="json")
        .status_code
        == 400
    )
    assert not DutyLogEntry.objects.exists()


def test_a_note_with_markup_is_shown_escaped(personas, duty):
    log = _open_log(personas, duty)
    client = login(personas.guard)
    part = client.post(
        reverse("security:dutylog_note", kwargs={"pk": log.pk}),
        {"text": "<script>alert(1)</script>"},
        HTTP_HX_REQUEST="true",
    )
    assert part.status_code == 200
    assert b"<script>alert(1)</script>" not in part.content
    page = client.get(log.get_absolute_url())
    assert b"<script>alert(1)</script>" not in page.content
    client.post(
        reverse("security:dutylog_hand_over", kwargs={"pk": log.pk}),
        {"note": "<img src=x onerror=alert(1)>"},
    )
    page = login(personas.duty).get(log.get_absolute_url())
    assert b"<img src=x onerror" not in page.content


def test_only_the_person_on_duty_notes_in_the_log(personas, duty):
    log = _open_log(personas, duty)
    response = login(personas.duty).post(
        reverse("security:dutylog_note", kwargs={"pk": log.pk}), {"text": "x"}
    )
    assert response.status_code in (302, 400, 403)
    assert api(personas.secadmin).post(
        f"/api/security/duty-logs/{log.pk}/note/", {"text": "x"}, format="json"
    ).status_code in (400, 403)
    assert not DutyLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "staff", "nobody"])
def test_another_sites_or_roles_person_cannot_act_on_the_log(personas, duty, who):
    log = _open_log(personas, duty)
    services.duty_log_hand_over(log=log, note="", by=personas.guard)
    user = getattr(personas, who)
    for name in ("dutylog_note", "dutylog_hand_over", "dutylog_receive"):
        response = login(user).post(
            reverse(f"security:{name}", kwargs={"pk": log.pk}), {"text": "x"}
        )
        assert response.status_code in (302, 403, 404)
    for action in ("note", "hand-over", "receive"):
        response = api(user).post(f"/api/security/duty-logs/{log.pk}/{action}/", {"text": "x"})
        assert response.status_code in (403, 404)
    log.refresh_from_db()
    assert log.received_at is None and not DutyLogEntry.objects.exists()


def test_handing_over_twice_is_refused(personas, duty):
    log = _open_log(personas, duty)
    client = api(personas.guard)
    assert (
        client.post(f"/api/security/duty-logs/{log.pk}/hand-over/", {"note": "a"}).status_code
        == 200
    )
    again = client.post(f"/api/security/duty-logs/{log.pk}/hand-over/", {"note": "b"})
    assert again.status_code == 400
    log.refresh_from_db()
    assert log.handover_note == "a"


def test_receiving_before_the_hand_over_or_twice_is_refused(personas, duty):
    log = _open_log(personas, duty)
    officer = api(personas.duty)
    assert officer.post(f"/api/security/duty-logs/{log.pk}/receive/").status_code == 400
    services.duty_log_hand_over(log=log, note="", by=personas.guard)
    assert officer.post(f"/api/security/duty-logs/{log.pk}/receive/").status_code == 200
    assert (
        api(personas.secadmin).post(f"/api/security/duty-logs/{log.pk}/receive/").status_code == 400
    )
    log.refresh_from_db()
    assert log.received_by == personas.duty


def test_a_voided_log_cannot_be_noted_handed_over_or_received(personas, duty):
    log = _open_log(personas, duty)
    DutyLog.objects.filter(pk=log.pk).update(voided_at=timezone.now())
    client = api(personas.guard)
    assert client.post(f"/api/security/duty-logs/{log.pk}/note/", {"text": "x"}).status_code in (
        400,
        404,
    )
    assert client.post(f"/api/security/duty-logs/{log.pk}/hand-over/", {}).status_code in (400, 404)
    log.refresh_from_db()
    assert log.handed_over_at is None and not DutyLogEntry.objects.exists()


def test_a_very_long_hand_over_note_is_refused_through_the_api(personas, duty):
    log = _open_log(personas, duty)
    response = api(personas.guard).post(
        f"/api/security/duty-logs/{log.pk}/hand-over/", {"note": "x" * 5000}, format="json"
    )
    assert response.status_code == 400
    log.refresh_from_db()
    assert log.handed_over_at is None


def test_a_very_long_hand_over_note_is_refused_on_the_page_too(personas, duty):
    log = _open_log(personas, duty)
    response = login(personas.guard).post(
        reverse("security:dutylog_hand_over", kwargs={"pk": log.pk}), {"note": "x" * 2001}
    )
    assert response.status_code in (200, 302, 400)
    log.refresh_from_db()
    assert log.handed_over_at is None and log.handover_note == ""


@pytest.mark.parametrize(
    "query",
    [
        "site=abc",
        "site=99999999999999999999",
        "date_after=2026-02-30",
        "date_before=0000-01-01",
        "shift=abc",
        "post=99999999999999999999",
        "person=abc",
        "ordering=nonsense",
        "page=abc",
    ],
)
def test_bad_duty_filters_never_fail(personas, duty, query):
    _open_log(personas, duty)
    for url in (
        "/api/security/duty-logs/",
        "/api/security/assignments/",
        "/api/security/rosters/",
        "/api/security/swap-requests/",
    ):
        assert api(personas.duty).get(f"{url}?{query}").status_code in (200, 400, 404), url
    for name in ("dutylog_list", "roster_list", "swaprequest_list"):
        page = login(personas.duty).get(reverse(f"security:{name}") + "?" + query)
        assert page.status_code in (200, 400, 404), name


def test_assignments_of_another_sites_person_are_not_listed(personas, duty, foreign):
    person = foreign["people"][0]
    response = api(personas.guard).get(f"/api/security/assignments/?person={person.pk}")
    assert response.status_code in (200, 400)
    assert "外" not in response.content.decode()


# Rosters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "month", ["abc", "2026-13", "0000-01", "1999-12", "2101-01", "", "2026-02-30"]
)
def test_generating_a_bad_month_is_refused(personas, month):
    response = login(personas.secadmin).post(
        reverse("security:roster_generate"), {"site": personas.site.pk, "month": month}
    )
    assert response.status_code == 400
    assert not Roster.objects.exists()


def test_generating_a_past_month_is_refused(personas):
    site = personas.site
    make_shifts(site)
    make_post(site, make_people(site, 12), name="东门")
    past = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    response = login(personas.secadmin).post(
        reverse("security:roster_generate"), {"site": site.pk, "month": past}
    )
    assert response.status_code == 400
    assert "past" in response.content.decode()
    assert not Roster.objects.exists()


def test_generating_for_another_site_is_refused(personas, foreign):
    response = login(personas.secadmin).post(
        reverse("security:roster_generate"), {"site": personas.other_site.pk, "month": "2027-01"}
    )
    assert response.status_code == 400
    assert Roster.objects.filter(site=personas.other_site).count() == 1


@pytest.mark.parametrize("who", ["guard", "duty", "staff"])
def test_only_the_duty_manager_publishes_or_voids(personas, who):
    d = duty_setup(personas)
    roster = d["roster"]
    client = login(getattr(personas, who))
    client.post(reverse("security:roster_publish", kwargs={"pk": roster.pk}))
    client.post(reverse("security:roster_void", kwargs={"pk": roster.pk}), {"reason": "x"})
    roster.refresh_from_db()
    assert roster.status == RosterStatus.DRAFT and roster.voided_at is None


def test_another_sites_roster_cannot_be_published_or_edited(personas, foreign):
    client = login(personas.secadmin)
    roster = foreign["roster"]
    assert (
        client.post(reverse("security:roster_publish", kwargs={"pk": roster.pk})).status_code == 404
    )
    assert (
        client.get(reverse("security:roster_detail", kwargs={"pk": roster.pk})).status_code == 404
    )
    roster.refresh_from_db()
    assert roster.status == RosterStatus.DRAFT


def test_a_voided_roster_cannot_be_published_or_edited(personas):
    d = duty_setup(personas)
    roster, cell = d["roster"], d["cells"][0]
    Roster.objects.filter(pk=roster.pk).update(voided_at=timezone.now())
    client = login(personas.secadmin)
    client.post(reverse("security:roster_publish", kwargs={"pk": roster.pk}))
    response = client.post(
        reverse("security:assignment_edit", kwargs={"pk": cell.pk}), {"person": d["guard"].pk}
    )
    assert response.status_code == 404
    roster.refresh_from_db()
    cell.refresh_from_db()
    assert roster.status == RosterStatus.DRAFT and cell.person != d["guard"]


def test_publishing_twice_says_so(personas, duty):
    response = login(personas.secadmin).post(
        reverse("security:roster_publish", kwargs={"pk": duty["roster"].pk}), follow=True
    )
    assert response.status_code == 200
    assert "already published" in response.content.decode()


@pytest.mark.parametrize("person", ["abc", "", "99999999999999999999", "-1"])
def test_editing_a_cell_with_a_bad_person_is_refused(personas, duty, person):
    cell = duty["cells"][0]
    response = login(personas.secadmin).post(
        reverse("security:assignment_edit", kwargs={"pk": cell.pk}), {"person": person}
    )
    assert response.status_code == 400
    before = cell.person_id
    cell.refresh_from_db()
    assert cell.person_id == before


def test_editing_a_cell_with_another_sites_person_is_refused(personas, duty, foreign):
    cell = duty["cells"][0]
    response = login(personas.secadmin).post(
        reverse("security:assignment_edit", kwargs={"pk": cell.pk}),
        {"person": foreign["people"][0].pk},
    )
    assert response.status_code == 400
    before = cell.person_id
    cell.refresh_from_db()
    assert cell.person_id == before


# The calendar feed ---------------------------------------------------------------------------


def test_a_tampered_or_forged_calendar_token_is_not_found(personas, duty):
    good = ics_token(duty["guard"])
    pk, signature = good.split(":", 1)
    other = duty["people"][0].pk
    for token in (
        f"{other}:{signature}",
        good[:-2] + "xx",
        "abc",
        "1",
        "abc:def",
        "x" * 3000,
        f"{pk}:",
    ):
        response = login(None).get(reverse("security:person_ics", kwargs={"token": token}))
        assert response.status_code == 404, token
    assert (
        login(None).get(reverse("security:person_ics", kwargs={"token": good})).status_code == 200
    )


# Swap requests -------------------------------------------------------------------------------


def _own_cell(personas, duty):
    cell = duty["cells"][0]
    services.assignment_change(assignment=cell, person=duty["guard"], by=personas.secadmin)
    return cell


@pytest.mark.parametrize(
    "data",
    [
        {"replacement": "", "reason": "x"},
        {"replacement": "abc", "reason": "x"},
        {"replacement": "99999999999999999999", "reason": "x"},
        {"reason": "x"},
        {"replacement": "REPL", "reason": ""},
        {"replacement": "REPL", "reason": "   "},
        {"replacement": "REPL", "reason": "x" * 1000},
        {"replacement": "SELF", "reason": "x"},
    ],
)
def test_a_bad_swap_request_page_is_refused(personas, duty, data):
    cell = _own_cell(personas, duty)
    values = {"REPL": duty["people"][3].pk, "SELF": duty["guard"].pk}
    data = {k: values.get(v, v) for k, v in data.items()}
    response = login(personas.guard).post(
        reverse("security:swaprequest_add", kwargs={"pk": cell.pk}), data
    )
    assert response.status_code == 400
    assert not SwapRequest.objects.exists()


def test_a_swap_to_another_sites_person_is_refused(personas, duty, foreign):
    cell = _own_cell(personas, duty)
    page = login(personas.guard).post(
        reverse("security:swaprequest_add", kwargs={"pk": cell.pk}),
        {"replacement": foreign["people"][0].pk, "reason": "x"},
    )
    assert page.status_code == 400
    response = api(personas.guard).post(
        "/api/security/swap-requests/",
        {"assignment": cell.pk, "replacement": foreign["people"][0].pk, "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert not SwapRequest.objects.exists()


def test_a_guard_cannot_ask_to_swap_someone_elses_shift(personas, duty):
    cell = duty["cells"][1]
    page = login(personas.guard).post(
        reverse("security:swaprequest_add", kwargs={"pk": cell.pk}),
        {"replacement": duty["people"][5].pk, "reason": "x"},
    )
    assert page.status_code in (400, 404)
    response = api(personas.guard).post(
        "/api/security/swap-requests/",
        {"assignment": cell.pk, "replacement": duty["people"][5].pk, "reason": "x"},
        format="json",
    )
    assert response.status_code in (400, 403)
    assert not SwapRequest.objects.exists()


def test_the_same_swap_sent_twice_is_refused_the_second_time(personas, duty):
    cell = _own_cell(personas, duty)
    client = login(personas.guard)
    url = reverse("security:swaprequest_add", kwargs={"pk": cell.pk})
    data = {"replacement": duty["people"][3].pk, "reason": "探亲"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 400
    assert SwapRequest.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"assignment": "abc", "replacement": 1, "reason": "x"},
        {"assignment": 10**20, "replacement": 1, "reason": "x"},
        {"assignment": "CELL", "replacement": "REPL"},
        {"assignment": "CELL", "replacement": "REPL", "reason": "x" * 1000},
        {"assignment": ["CELL"], "replacement": "REPL", "reason": "x"},
    ],
)
def test_a_bad_swap_request_through_the_api_is_refused(personas, duty, body):
    cell = _own_cell(personas, duty)
    values = {"CELL": cell.pk, "REPL": duty["people"][3].pk}
    body = {k: values.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    response = api(personas.guard).post("/api/security/swap-requests/", body, format="json")
    assert response.status_code == 400
    assert not SwapRequest.objects.exists()


def test_swap_of_a_cell_of_another_site_is_not_found(personas, foreign):
    day = foreign["roster"].month
    cell = assign(
        foreign["roster"], day, foreign["shifts"][0], foreign["post"], foreign["people"][0]
    )
    client = login(personas.guard)
    url = reverse("security:swaprequest_add", kwargs={"pk": cell.pk})
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"replacement": foreign["people"][1].pk, "reason": "x"}).status_code == 404
    )
    assert not SwapRequest.objects.exists()


# Master data ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"hours": -1},
        {"hours": 0},
        {"hours": 25},
        {"hours": 10**20},
        {"hours": "x"},
        {"start_time": "25:00"},
        {"start_time": ""},
        {"name": ""},
        {"name": "x" * 500},
        {"position": -3},
    ],
)
def test_a_bad_shift_is_refused(personas, change):
    data = {
        "site": personas.site.pk,
        "name": "早",
        "start_time": "08:00",
        "hours": 8,
        "position": 0,
        "is_active": "on",
        **change,
    }
    page = login(personas.secadmin).post(reverse("security:dutyshift_add"), data)
    assert page.status_code in (200, 400)
    body = {**data, "site": "main"}
    assert (
        api(personas.secadmin).post("/api/security/duty-shifts/", body, format="json").status_code
        == 400
    )
    assert not DutyShift.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-12-10", "2026-12-01"),
        ("2026-02-30", "2026-03-01"),
        ("0000-01-01", "2026-01-01"),
        ("", ""),
        ("abc", "2026-01-01"),
    ],
)
def test_absences_and_special_periods_with_bad_dates_are_refused(personas, start, end):
    person = make_people(personas.site, 1)[0]
    client = login(personas.secadmin)
    client.post(
        reverse("security:absence_add"),
        {
            "site": personas.site.pk,
            "person": person.pk,
            "start_date": start,
            "end_date": end,
            "reason": "leave",
        },
    )
    client.post(
        reverse("security:specialperiod_add"),
        {"site": personas.site.pk, "name": "国庆", "start_date": start, "end_date": end},
    )
    assert (
        api(personas.secadmin)
        .post(
            "/api/security/absences/",
            {
                "site": "main",
                "person": person.pk,
                "start_date": start,
                "end_date": end,
                "reason": "leave",
            },
            format="json",
        )
        .status_code
        == 400
    )
    assert (
        api(personas.secadmin)
        .post(
            "/api/security/special-periods/",
            {"site": "main", "name": "国庆", "start_date": start, "end_date": end},
            format="json",
        )
        .status_code
        == 400
    )
    assert not Absence.objects.exists() and not SpecialPeriod.objects.exists()


def test_a_post_at_another_sites_location_is_refused(personas):
    foreign = Location.objects.get(site=personas.other_site)
    page = login(personas.secadmin).post(
        reverse("security:dutypost_add"),
        {
            "site": personas.site.pk,
            "name": "门",
            "kind": "gate",
            "staff_per_shift": 1,
            "location": foreign.pk,
            "position": 0,
            "is_active": "on",
        },
    )
    assert page.status_code in (200, 400)
    response = api(personas.secadmin).post(
        "/api/security/duty-posts/",
        {
            "site": "main",
            "name": "门",
            "kind": "gate",
            "staff_per_shift": 1,
            "location": foreign.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert not DutyPost.objects.exists()


def test_api_master_data_cannot_move_to_or_take_people_of_another_site(personas, duty, foreign):
    post = duty["post"]
    client = api(personas.secadmin)
    url = f"/api/security/duty-posts/{post.pk}/"
    assert client.patch(url, {"site": "other"}, format="json").status_code == 400
    assert (
        client.patch(url, {"qualified": [foreign["people"][0].pk]}, format="json").status_code
        == 400
    )
    assert client.patch(url, {"staff_per_shift": -1}, format="json").status_code == 400
    assert (
        api(personas.secadmin)
        .patch(f"/api/security/duty-posts/{foreign['post'].pk}/", {"name": "hack"}, format="json")
        .status_code
        == 404
    )
    post.refresh_from_db()
    assert post.site == personas.site and post.staff_per_shift == 1
    assert foreign["people"][0] not in post.qualified.all()


def test_api_master_data_in_a_form_or_a_list_body_is_answered(personas):
    client = api(personas.secadmin)
    for body, kind in (
        ('["x"]', "application/json"),
        ("{bad", "application/json"),
        ("site=main&name=n&start_time=08:00&hours=8", "application/x-www-form-urlencoded"),
    ):
        response = client.post("/api/security/duty-shifts/", body, content_type=kind)
        assert response.status_code in (201, 400), body
