"""The duty pages: who may open them (anonymous, wrong role, wrong site, permitted), their
query counts, the calendar, a manual edit, publishing and the duty log's handover."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from houqin.security.choices import RosterStatus
from houqin.security.models import DutyLog, DutyPost
from houqin.security.services import duty as services
from houqin.security.tests.duty_fixtures import (
    duty_setup,
    make_people,
    make_post,
    make_roster,
    make_shifts,
)
from houqin.security.tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def duty(personas):
    return duty_setup(personas)


@pytest.fixture
def foreign(personas):
    """A post and a roster at the other site."""
    site = personas.other_site
    make_shifts(site)
    post = make_post(site, make_people(site, 2), name="北门")
    return {"post": post, "roster": make_roster(site, personas.secadmin, number="PB-OTHER-1")}


# (url name, kwargs key or None, permitted user, a user of the wrong role)
PAGES = [
    ("security:dutypost_list", None, "guard", "staff"),
    ("security:dutypost_add", None, "secadmin", "guard"),
    ("security:dutyshift_list", None, "guard", "staff"),
    ("security:absence_list", None, "secadmin", "guard"),
    ("security:absence_add", None, "secadmin", "guard"),
    ("security:specialperiod_list", None, "secadmin", "guard"),
    ("security:specialperiod_add", None, "secadmin", "duty"),
    ("security:roster_list", None, "guard", "staff"),
    ("security:roster_generate", None, "secadmin", "guard"),
    ("security:my_shifts", None, "guard", "staff"),
    ("security:swaprequest_list", None, "guard", "staff"),
    ("security:dutylog_list", None, "duty", "staff"),
    ("security:dutylog_open", None, "guard", "staff"),
    ("security:dutypost_detail", "post", "guard", "staff"),
    ("security:dutypost_edit", "post", "secadmin", "guard"),
    ("security:roster_detail", "roster", "guard", "staff"),
    ("security:roster_print", "roster", "guard", "staff"),
    ("security:assignment_edit", "cell", "secadmin", "guard"),
    ("security:swaprequest_add", "cell", "guard", "staff"),
]


def _url(name, key, duty, foreign=None):
    if key is None:
        return reverse(name)
    objects = foreign or {"post": duty["post"], "roster": duty["roster"], "cell": duty["cells"][0]}
    return reverse(name, kwargs={"pk": objects[key].pk})


@pytest.mark.parametrize(("name", "key", "permitted", "wrong_role"), PAGES)
def test_permission_matrix(personas, duty, foreign, name, key, permitted, wrong_role):
    url = _url(name, key, duty)
    anonymous = login().get(url)
    assert anonymous.status_code == 302
    assert reverse("login") in anonymous["Location"]
    assert login(getattr(personas, wrong_role)).get(url).status_code == 403
    assert login(getattr(personas, permitted)).get(url).status_code == 200
    if key is not None:
        other = {"post": foreign["post"], "roster": foreign["roster"], "cell": None}
        if other[key] is not None:
            wrong_site = reverse(name, kwargs={"pk": other[key].pk})
            assert login(getattr(personas, permitted)).get(wrong_site).status_code == 404


def test_the_outsider_cannot_open_this_sites_roster_or_cells(personas, duty):
    outsider = login(personas.outsider)
    assert outsider.get(_url("security:roster_detail", "roster", duty)).status_code == 404
    assert outsider.get(_url("security:swaprequest_add", "cell", duty)).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "security:dutypost_list",
        "security:dutyshift_list",
        "security:roster_list",
        "security:swaprequest_list",
        "security:dutylog_list",
    ],
)
def test_list_pages_have_a_fixed_query_count(personas, duty, name, django_assert_max_num_queries):
    client = login(personas.secadmin)
    client.get(reverse(name))  # warm the session and caches
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200


def test_roster_calendar_lists_post_and_person_per_shift(
    personas, duty, django_assert_max_num_queries
):
    client = login(personas.guard)
    url = _url("security:roster_detail", "roster", duty)
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    html = response.content.decode()
    assert 'data-testid="roster-grid"' in html
    first = duty["cells"][0]
    assert f"{first.post.name}:" in html
    assert first.person.name in html
    assert 'data-testid="cell-edit"' not in html  # a guard cannot edit


def test_roster_exports_to_excel(personas, duty):
    response = login(personas.guard).get(
        _url("security:roster_detail", "roster", duty) + "?export=xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_manager_edits_a_cell(personas, duty):
    cell = duty["cells"][0]
    client = login(personas.secadmin)
    url = _url("security:assignment_edit", "cell", duty)
    response = client.post(url, {"person": duty["guard"].pk})
    assert response.status_code == 302
    cell.refresh_from_db()
    assert cell.person == duty["guard"]


def test_editing_a_cell_with_someone_on_another_post_shows_the_reason(personas, duty):
    cell = duty["cells"][0]
    busy = duty["cells"][1]  # same day, other shift: free; use a same-shift clash instead
    from houqin.security.tests.duty_fixtures import assign

    post = make_post(personas.site, [duty["guard"]], name="巡逻队")
    assign(duty["roster"], cell.date, cell.shift, post, duty["guard"])
    response = login(personas.secadmin).post(
        _url("security:assignment_edit", "cell", duty), {"person": duty["guard"].pk}
    )
    assert response.status_code == 400
    assert "already on duty" in response.content.decode()
    assert busy.person != duty["guard"]


def test_editing_a_cell_with_a_foreign_person_is_refused(personas, duty, foreign):
    stranger = foreign["post"].qualified.first()
    response = login(personas.secadmin).post(
        _url("security:assignment_edit", "cell", duty), {"person": stranger.pk}
    )
    assert response.status_code == 400


def test_publish_page_shows_the_violations(personas, duty, monkeypatch):
    roster_services = pytest.importorskip("houqin.security.services.roster")
    monkeypatch.setattr(roster_services, "assignment_violations", lambda roster: ["东大门缺人"])
    url = reverse("security:roster_publish", kwargs={"pk": duty["roster"].pk})
    response = login(personas.secadmin).post(url, follow=True)
    assert "东大门缺人" in response.content.decode()
    duty["roster"].refresh_from_db()
    assert duty["roster"].status == RosterStatus.DRAFT


def test_guard_cannot_publish(personas, duty):
    url = reverse("security:roster_publish", kwargs={"pk": duty["roster"].pk})
    assert login(personas.guard).post(url).status_code == 403


def test_generate_page_defaults_to_next_month(personas):
    html = login(personas.secadmin).get(reverse("security:roster_generate")).content.decode()
    from houqin.security.queries.duty_pages import next_month

    assert next_month().strftime("%Y-%m") in html


def test_generate_page_rejects_a_bad_month(personas):
    response = login(personas.secadmin).post(
        reverse("security:roster_generate"), {"site": personas.site.pk, "month": "abc"}
    )
    assert response.status_code == 400


def test_post_form_saves_qualified_people(personas):
    people = make_people(personas.site, 2)
    response = login(personas.secadmin).post(
        reverse("security:dutypost_add"),
        {
            "site": personas.site.pk,
            "name": "消防控制室",
            "kind": "fire_control",
            "staff_per_shift": 2,
            "qualified": [p.pk for p in people],
            "position": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = DutyPost.objects.get(name="消防控制室")
    assert set(post.qualified.all()) == set(people)


def test_post_form_refuses_people_of_another_site(personas, foreign):
    stranger = foreign["post"].qualified.first()
    response = login(personas.secadmin).post(
        reverse("security:dutypost_add"),
        {
            "site": personas.site.pk,
            "name": "X",
            "kind": "gate",
            "staff_per_shift": 1,
            "qualified": [stranger.pk],
            "position": 0,
        },
    )
    assert response.status_code == 200
    assert not DutyPost.objects.filter(name="X").exists()


def test_duty_log_flow_in_pages(personas, duty):
    guard, duty_officer = login(personas.guard), login(personas.duty)
    response = guard.post(
        reverse("security:dutylog_open"),
        {
            "site": personas.site.pk,
            "date": timezone.localdate().isoformat(),
            "shift": duty["shifts"][0].pk,
            "post": duty["post"].pk,
        },
    )
    assert response.status_code == 302
    log = DutyLog.objects.get()
    note = guard.post(
        reverse("security:dutylog_note", kwargs={"pk": log.pk}),
        {"text": "东门有可疑车辆"},
        HTTP_HX_REQUEST="true",
    )
    assert note.status_code == 200
    assert "东门有可疑车辆" in note.content.decode()
    guard.post(reverse("security:dutylog_hand_over", kwargs={"pk": log.pk}), {"note": "注意东门"})
    page = duty_officer.get(log.get_absolute_url()).content.decode()
    assert 'data-testid="receive"' in page
    duty_officer.post(reverse("security:dutylog_receive", kwargs={"pk": log.pk}))
    log.refresh_from_db()
    assert log.received_by == personas.duty


def test_outgoing_person_cannot_receive_in_pages(personas, duty):
    log = services.duty_log_open(
        site=personas.site,
        date=timezone.localdate(),
        shift=duty["shifts"][0],
        post=duty["post"],
        by=personas.guard,
    )
    services.duty_log_hand_over(log=log, note="", by=personas.guard)
    response = login(personas.guard).post(
        reverse("security:dutylog_receive", kwargs={"pk": log.pk}), follow=True
    )
    assert "incoming person" in response.content.decode()
    log.refresh_from_db()
    assert log.received_at is None


def test_my_shifts_lists_published_shifts_with_the_feed_link(personas):
    d = duty_setup(personas, status=RosterStatus.PUBLISHED)
    services.assignment_change(assignment=d["cells"][0], person=d["guard"], by=personas.secadmin)
    html = login(personas.guard).get(reverse("security:my_shifts")).content.decode()
    assert 'data-testid="ics-link"' in html
    assert 'data-testid="swap-request"' in html


def test_swap_request_page_sends_for_approval(personas):
    d = duty_setup(personas, status=RosterStatus.PUBLISHED)
    cell = d["cells"][0]
    services.assignment_change(assignment=cell, person=d["guard"], by=personas.secadmin)
    response = login(personas.guard).post(
        reverse("security:swaprequest_add", kwargs={"pk": cell.pk}),
        {"replacement": d["people"][3].pk, "reason": "探亲"},
    )
    assert response.status_code == 302
    detail = login(personas.guard).get(response["Location"]).content.decode()
    assert 'data-testid="approval-state"' in detail


def test_generate_page_explains_an_impossible_month(personas):
    site = personas.site
    make_shifts(site)
    make_post(site, make_people(site, 1), name="消防控制室", kind="fire_control", per_shift=2)
    response = login(personas.secadmin).post(
        reverse("security:roster_generate"),
        {"site": site.pk, "month": next_month_text()},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="roster-explanations"' in html
    assert "消防控制室" in html


def next_month_text() -> str:
    from houqin.security.queries.duty_pages import next_month

    return next_month().strftime("%Y-%m")
