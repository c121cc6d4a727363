"""Training pages and API: the office clerk keeps sessions and attendees, leadership reads,
staff see only their own record, another site is refused; list query counts and the ledger."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from houqin.team.models import Attendance, TrainingSession
from houqin.team.services import training as services
from houqin.team.tests.helpers_team import *  # noqa: F403  (fixtures)
from houqin.team.tests.helpers_team import at, make_session, sheet_rows


def _url(name, **kwargs):
    return reverse(f"team:{name}", kwargs=kwargs or None)


def test_wrong_role_and_site_refused(client, personas, session, other_session, office):
    client.force_login(personas.staff)
    assert client.get(_url("training_list")).status_code == 403
    assert client.get(_url("training_detail", pk=session.pk)).status_code == 403
    assert client.get(_url("training_person", pk=personas.staff.person.pk)).status_code == 403
    client.force_login(personas.leader)
    assert client.get(_url("training_list")).status_code == 200
    assert client.get(_url("training_detail", pk=session.pk)).status_code == 200
    assert client.get(_url("training_add")).status_code == 403
    assert client.get(_url("training_attendees", pk=session.pk)).status_code == 403
    client.force_login(office)
    for name in ("training_detail", "training_edit", "training_attendees", "training_void"):
        assert client.get(_url(name, pk=other_session.pk)).status_code == 404, name
    other_person = other_session.site.person_set.first()
    assert client.get(_url("training_person", pk=other_person.pk)).status_code == 404


def test_clerk_adds_a_session_and_its_attendees(client, personas, office, people):
    client.force_login(office)
    data = {
        "site": personas.site.pk,
        "topic": "节能知识培训",
        "trainer": "赵工",
        "starts_at": "2006-05-10T14:30",
        "hours": "2.5",
        "place": "三楼会议室",
    }
    response = client.post(_url("training_add"), data)
    assert response.status_code == 302
    session = TrainingSession.objects.get(topic="节能知识培训")
    assert session.starts_at == at(2006, 5, 10, 14).replace(minute=30)
    picker = client.get(_url("training_attendees", pk=session.pk)).content.decode()
    staff = personas.site.person_set.filter(is_active=True).count()
    assert "财务科" in picker and picker.count('name="people"') == staff
    ids = [str(p.pk) for p in people[:2]]
    assert (
        client.post(_url("training_attendees", pk=session.pk), {"people": ids}).status_code == 302
    )
    page = client.get(_url("training_detail", pk=session.pk)).content.decode()
    assert page.count('data-testid="attendee-row"') == 2 and "2.5" in page
    assert _url("training_person", pk=people[0].pk) in page
    bad = client.post(_url("training_add"), {**data, "topic": "坏", "hours": "0"})
    assert bad.status_code == 200 and not TrainingSession.objects.filter(topic="坏").exists()


def test_attendee_picker_bad_input(client, personas, session, office, people):
    client.force_login(office)
    stranger = personas.other_site.person_set.first()
    url = _url("training_attendees", pk=session.pk)
    assert client.post(url, {"people": [str(stranger.pk)]}).status_code == 400
    assert client.post(url, {"people": ["x"], "hours": "1"}).status_code == 400
    too_many = client.post(url, {"people": [str(people[0].pk)], "hours": "9"})
    assert too_many.status_code == 400
    assert not Attendance.objects.exists()


def test_edit_and_void(client, session, office):
    client.force_login(office)
    data = {"topic": "公文写作培训（二）", "trainer": "李老师", "starts_at": "2006-03-15T09:00"}
    response = client.post(_url("training_edit", pk=session.pk), {**data, "hours": "3"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.topic == "公文写作培训（二）"
    assert client.post(_url("training_void", pk=session.pk), {"reason": "取消"}).status_code == 302
    session.refresh_from_db()
    assert session.voided_at is not None
    assert client.get(_url("training_edit", pk=session.pk)).status_code == 404


def test_my_record_and_person_record(client, personas, office, session, people):
    me = personas.staff.person
    services.attendance_set(session=session, people=[me, people[0]], by=office)
    later = make_session(personas.site, office, topic="消防培训", hours="2", when=at(2007, 1, 9))
    services.attendance_set(session=later, people=[me], by=office)
    client.force_login(personas.staff)
    page = client.get(_url("training_mine")).content.decode()
    assert (
        page.count('data-testid="session-row"') == 2 and page.count('data-testid="year-row"') == 2
    )
    assert "消防培训" in page and "3.0" in page
    client.force_login(office)
    person_page = client.get(_url("training_person", pk=people[0].pk)).content.decode()
    assert person_page.count('data-testid="session-row"') == 1
    client.force_login(personas.nobody)
    assert client.get(_url("training_mine")).status_code == 403


def test_list_query_count_filters_and_ledger(
    client, personas, office, people, django_assert_max_num_queries
):
    for n in range(6):
        s = make_session(personas.site, office, topic=f"培训{n}", when=at(2005 + n % 2, 3, n + 1))
        services.attendance_set(session=s, people=people[: n % 3 + 1], by=office)
    client.force_login(office)
    with django_assert_max_num_queries(12):
        response = client.get(_url("training_list"))
    assert response.status_code == 200
    filtered = client.get(_url("training_list") + "?year=2006&trainer=李").content.decode()
    assert filtered.count("培训") >= 3 and "培训0" not in filtered
    rows = sheet_rows(client.get(_url("training_list") + "?export=xlsx&year=2005"))
    data = [r for r in rows if r and r[0] and str(r[0]).startswith("PX-")]
    assert sorted(r[2] for r in data) == ["培训0", "培训2", "培训4"]
    assert sorted(r[6] for r in data) == [1, 2, 3]


def test_api_crud_attendees_and_void(api, personas, office, people, other_office):
    api.force_authenticate(office)
    body = {
        "site": "main",
        "topic": "接待礼仪",
        "trainer": "周",
        "starts_at": "2006-09-01T09:00:00+08:00",
        "hours": "4",
    }
    created = api.post("/api/team/training/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    url = f"/api/team/training/{pk}/"
    people_ids = [p.pk for p in people]
    response = api.post(url + "attendees/", {"people": people_ids}, format="json")
    assert response.status_code == 200 and len(response.json()["attendances"]) == 3
    assert api.patch(url, {"hours": "0"}, format="json").status_code == 400
    assert api.patch(url, {"place": "礼堂"}, format="json").json()["place"] == "礼堂"
    assert api.get(url).json()["attendances"][0]["hours"] == "4.0"
    assert (
        api.post("/api/team/training/", {**body, "site": "other"}, format="json").status_code == 400
    )
    api.force_authenticate(other_office)
    assert api.get(url).status_code == 404
    api.force_authenticate(personas.leader)
    assert api.get("/api/team/training/").json()["count"] == 1
    assert api.patch(url, {"place": "x"}, format="json").status_code == 403
    api.force_authenticate(personas.staff)
    assert api.get("/api/team/training/").status_code == 403
    api.force_authenticate(office)
    assert api.post(url + "void/", {"reason": "取消"}, format="json").status_code == 204
    assert TrainingSession.objects.get(pk=pk).voided_at is not None


def test_api_list_query_count(api, personas, office, people, django_assert_max_num_queries):
    for n in range(5):
        s = make_session(personas.site, office, topic=f"培训{n}")
        services.attendance_set(session=s, people=people, by=office, hours=Decimal("1"))
    api.force_authenticate(office)
    with django_assert_max_num_queries(8):
        response = api.get("/api/team/training/?year=2006")
    assert response.status_code == 200 and response.json()["count"] == 5
    assert {row["attendee_count"] for row in response.json()["results"]} == {3}


def test_attendee_picker_has_search_and_whole_department_boxes(client, office, session, people):
    client.force_login(office)
    page = client.get(_url("training_attendees", pk=session.pk)).content.decode()
    assert 'data-testid="attendee-search"' in page
    assert "houqin/training_attendees.js" in page and "<script>" not in page
    groups = page.count('data-testid="attendee-group"')
    assert groups >= 2 and page.count("data-select-group") == groups
    assert 'data-group="财务科"' in page and 'data-person="王五"' in page
    # The whole-department box has no name: it is never posted as an attendee.
    assert page.count('name="people"') == session.site.person_set.filter(is_active=True).count()


def test_labels_of_training_have_their_own_meaning(client, office, session):
    client.force_login(office)
    detail = client.get(_url("training_detail", pk=session.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert "Record attendees" in detail.content.decode()
