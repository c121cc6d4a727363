"""API of the meeting service: the day's tasks (role, site, query count, bad date) and marking
an item done."""

from __future__ import annotations

import pytest

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.meetings.choices import ServiceItem
from houqin.meetings.tests.helpers_service import item_of, make_booking, today_at

URL = "/api/meetings/service-tasks/"
TEA, CARDS = ServiceItem.TEA, ServiceItem.NAME_CARDS


@pytest.fixture
def booking(personas, room):
    return make_booking(room, personas.staff, title="党委会")


def test_day_tasks(api, personas, room, server, booking, django_assert_max_num_queries):
    for hour in (13, 14, 15):
        make_booking(room, personas.staff, title=f"会议{hour}", starts_at=today_at(hour))
    make_booking(room, personas.staff, title="明天的会", starts_at=today_at(9, days=1))
    api.force_authenticate(server)
    with django_assert_max_num_queries(6):
        response = api.get(URL)
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 8
    assert rows[0]["title"] == "党委会" and rows[0]["item"] == CARDS
    assert {row["done_at"] for row in rows} == {None}
    tomorrow = today_at(9, days=1).date().isoformat()
    assert [r["title"] for r in api.get(URL, {"date": tomorrow}).json()] == ["明天的会"] * 2


@pytest.mark.parametrize("raw", ["tomorrow", "2026-02-30"])
def test_bad_date(api, server, booking, raw):
    api.force_authenticate(server)
    response = api.get(URL, {"date": raw})
    assert response.status_code == 400
    assert "date" in response.json()["errors"]


@pytest.mark.parametrize("who,expected", [("staff", 403), ("guard", 403), ("nobody", 403)])
def test_list_refused_without_the_role(api, personas, booking, who, expected):
    api.force_authenticate(getattr(personas, who))
    assert api.get(URL).status_code == expected


def test_other_site_sees_nothing(api, personas, booking):
    api.force_authenticate(make_user("other_server", roles.SERVICE_STAFF, personas.other_site))
    response = api.get(URL)
    assert response.status_code == 200 and response.json() == []


def test_mark_done(api, personas, server, booking):
    api.force_authenticate(server)
    response = api.post(f"{URL}{item_of(booking, TEA).pk}/done/")
    assert response.status_code == 200
    assert response.json()["done_at"] is not None and response.json()["served_at"] is None
    response = api.post(f"{URL}{item_of(booking, CARDS).pk}/done/")
    assert response.json()["served_at"] is not None
    again = api.post(f"{URL}{item_of(booking, CARDS).pk}/done/")
    assert again.status_code == 400


def test_mark_done_refused(api, personas, booking):
    item = item_of(booking, TEA)
    api.force_authenticate(personas.leader)  # sees the tasks, does not serve
    assert api.post(f"{URL}{item.pk}/done/").status_code == 403
    api.force_authenticate(make_user("other_server", roles.SERVICE_STAFF, personas.other_site))
    assert api.post(f"{URL}{item.pk}/done/").status_code == 404
    item.refresh_from_db()
    assert item.done_at is None


def test_leader_may_read_tasks(api, personas, booking):
    api.force_authenticate(personas.leader)
    assert len(api.get(URL).json()) == 2
