"""Pages of the meeting service: the day's task list (who may open it, which site's meetings it
shows, its query count, the print view), marking items done (also through htmx), and the
organiser's rating page."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.meetings.choices import ServiceItem
from houqin.meetings.queries.service import dashboard_cards
from houqin.meetings.services import service as services
from houqin.meetings.tests.helpers_service import item_of, make_booking, today_at

TEA, CARDS = ServiceItem.TEA, ServiceItem.NAME_CARDS
TASKS = "meetings:service_tasks"


@pytest.fixture
def booking(personas, room):
    return make_booking(room, personas.staff, title="党委会")


@pytest.fixture
def other_server(personas):
    return make_user("other_server", roles.SERVICE_STAFF, personas.other_site)


def _served(booking, by):
    for service in booking.services.all():
        services.service_item_done(service=service, by=by)
    booking.refresh_from_db()
    return booking


@pytest.mark.parametrize(
    "who,expected",
    [
        ("server", 200),
        ("mm", 200),
        ("leader", 200),
        ("staff", 403),
        ("guard", 403),
        ("nobody", 403),
        (None, 302),
    ],
)
def test_task_list_permissions(client, personas, server, mm, booking, who, expected):
    users = {"server": server, "mm": mm, **personas.all()}
    if who is not None:
        client.force_login(users[who])
    assert client.get(reverse(TASKS)).status_code == expected


def test_task_list_shows_the_day_by_room(client, personas, room, big_room, server):
    make_booking(room, personas.staff, title="党委会", starts_at=today_at(14))
    make_booking(room, personas.staff, title="周例会", starts_at=today_at(9))
    make_booking(big_room, personas.staff, title="职工大会", items=[ServiceItem.SOUND])
    make_booking(room, personas.staff, title="明天的会", starts_at=today_at(9, days=1))
    make_booking(room, personas.staff, title="不要服务", starts_at=today_at(16), items=[])
    client.force_login(server)
    page = client.get(reverse(TASKS)).content.decode()
    assert page.index("周例会") < page.index("党委会") < page.index("职工大会")
    assert "明天的会" not in page and "不要服务" not in page
    assert page.count('data-testid="done-tea"') == 2
    assert 'data-testid="done-sound"' in page


def test_task_list_query_count(client, personas, room, server, django_assert_max_num_queries):
    for hour in range(8, 18):
        make_booking(room, personas.staff, title=f"会议{hour}", starts_at=today_at(hour))
    client.force_login(server)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(TASKS))
    assert response.content.decode().count('data-testid="done-tea"') == 10


def test_task_list_of_another_day_and_a_bad_date(client, personas, room, server):
    make_booking(room, personas.staff, title="明天的会", starts_at=today_at(9, days=1))
    client.force_login(server)
    tomorrow = today_at(9, days=1).date().isoformat()
    assert "明天的会" in client.get(reverse(TASKS), {"date": tomorrow}).content.decode()
    response = client.get(reverse(TASKS), {"date": "2026-02-30"})
    assert response.status_code == 200
    assert "明天的会" not in response.content.decode()
    assert len(list(response.context["messages"])) == 1


def test_task_list_hides_another_sites_meetings(client, booking, other_server):
    client.force_login(other_server)
    response = client.get(reverse(TASKS))
    assert response.status_code == 200
    assert "党委会" not in response.content.decode()


def test_leader_sees_tasks_without_buttons(client, personas, booking):
    client.force_login(personas.leader)
    page = client.get(reverse(TASKS)).content.decode()
    assert "党委会" in page and 'data-testid="done-tea"' not in page


def test_print_view(client, booking, server):
    client.force_login(server)
    response = client.get(reverse(TASKS), {"print": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="task-sheet"' in page and page.count("党委会") == 2


def test_mark_done_through_the_page(client, booking, server):
    client.force_login(server)
    url = reverse("meetings:bookingservice_done", kwargs={"pk": item_of(booking, TEA).pk})
    response = client.post(url)
    assert response.status_code == 302
    assert item_of(booking, TEA).done_by == server
    response = client.post(url)  # a second time: refused, nothing changes
    assert response.status_code == 302
    shown = list(client.get(response.url).context["messages"])
    assert [m.level_tag for m in shown] == ["success", "error"]


def test_mark_done_with_htmx_returns_the_card(client, booking, server):
    client.force_login(server)
    url = reverse("meetings:bookingservice_done", kwargs={"pk": item_of(booking, TEA).pk})
    first = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert f'id="service-booking-{booking.pk}"' in first and 'data-testid="served"' not in first
    url = reverse("meetings:bookingservice_done", kwargs={"pk": item_of(booking, CARDS).pk})
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-testid="served"' in response.content.decode()
    again = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="service-error"' in again


def test_undo_through_the_page(client, booking, server):
    _served(booking, server)
    client.force_login(server)
    url = reverse("meetings:bookingservice_undo", kwargs={"pk": item_of(booking, TEA).pk})
    assert client.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.served_at is None


@pytest.mark.parametrize("who,expected", [("staff", 403), ("other_server", 404), ("leader", 403)])
def test_mark_done_refused(client, personas, booking, other_server, who, expected):
    user = other_server if who == "other_server" else getattr(personas, who)
    client.force_login(user)
    url = reverse("meetings:bookingservice_done", kwargs={"pk": item_of(booking, TEA).pk})
    assert client.post(url).status_code == expected
    assert item_of(booking, TEA).done_at is None


def test_rate_page(client, personas, booking, server):
    url = reverse("meetings:booking_rate", kwargs={"pk": booking.pk})
    client.force_login(personas.staff)
    assert 'data-testid="not-served"' in client.get(url).content.decode()
    assert client.post(url, {"rating": "5"}).status_code == 400
    _served(booking, server)
    assert 'data-testid="rate-form"' in client.get(url).content.decode()
    assert client.post(url, {"rating": "9"}).status_code == 400
    response = client.post(url, {"rating": "4", "comment": "很好"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.rating, booking.rating_comment) == (4, "很好")
    assert 'data-testid="rated"' in client.get(url).content.decode()
    assert client.post(url, {"rating": "1"}).status_code == 400
    booking.refresh_from_db()
    assert booking.rating == 4


@pytest.mark.parametrize("who,expected", [("mm", 404), ("server", 404), ("outsider", 404)])
def test_rate_page_only_for_the_organiser(client, personas, booking, mm, server, who, expected):
    _served(booking, server)
    users = {"mm": mm, "server": server, "outsider": personas.outsider}
    client.force_login(users[who])
    url = reverse("meetings:booking_rate", kwargs={"pk": booking.pk})
    assert client.get(url).status_code == expected
    assert client.post(url, {"rating": "1"}).status_code == expected
    booking.refresh_from_db()
    assert booking.rating is None


def test_rate_page_refuses_a_login_without_role(client, personas, booking):
    client.force_login(personas.nobody)
    url = reverse("meetings:booking_rate", kwargs={"pk": booking.pk})
    assert client.get(url).status_code == 403


def test_home_card_counts_meetings_to_serve_today(personas, room, server, booking):
    make_booking(room, personas.staff, title="周例会", starts_at=today_at(15))
    make_booking(room, personas.staff, title="明天的会", starts_at=today_at(9, days=1))
    _served(booking, server)
    request = RequestFactory().get("/")
    request.user, request.site = server, None
    (card,) = dashboard_cards(request)
    assert card.value == 1 and card.url == reverse(TASKS)
    request.user = personas.staff
    assert dashboard_cards(request) == []
