"""Booking pages: role and site checks, booking through the form (repeat, service items,
refusal naming the clash, waitlist), lists with their query counts, calendar, free-room
search, cancel, check-in and the ICS feeds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from houqin.meetings.choices import BookingStatus, ServiceItem, WaitStatus
from houqin.meetings.models import Blackout, Booking, Room, WaitlistEntry
from houqin.meetings.queries.bookings import person_ics_token, room_ics_token
from houqin.meetings.services.bookings import booking_create
from houqin.meetings.tests.conftest import local_at


def book(room, by, start, **kwargs):
    kwargs.setdefault("title", "党委会")
    kwargs.setdefault("attendees", 6)
    return booking_create(
        room=room, by=by, starts_at=start, ends_at=start + timedelta(hours=1), **kwargs
    )[0]


def form_data(room, start, **extra):
    local = timezone.localtime(start)
    data = {
        "room": room.pk,
        "title": "周例会",
        "date": local.date().isoformat(),
        "start": local.strftime("%H:%M"),
        "end": (local + timedelta(hours=1)).strftime("%H:%M"),
        "attendees": 8,
        "layout": "boardroom",
        "interval": 1,
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("name", "user", "status"),
    [
        ("meetings:room_list", "staff", 200),
        ("meetings:room_list", "nobody", 403),
        ("meetings:room_add", "staff", 403),
        ("meetings:room_add", "mm", 200),
        ("meetings:blackout_list", "staff", 403),
        ("meetings:blackout_list", "mm", 200),
        ("meetings:blackout_add", "mm", 200),
        ("meetings:booking_add", "staff", 200),
        ("meetings:booking_add", "nobody", 403),
        ("meetings:booking_list", "staff", 200),
        ("meetings:booking_list", "leader", 200),
        ("meetings:booking_list", "nobody", 403),
        ("meetings:booking_calendar", "staff", 200),
        ("meetings:booking_calendar", "nobody", 403),
        ("meetings:availability", "staff", 200),
        ("meetings:waitlist", "staff", 200),
        ("meetings:waitlist", "nobody", 403),
    ],
)
def test_pages_check_the_role(client, personas, mm, name, user, status):
    users = {**personas.all(), "mm": mm}
    client.force_login(users[user])
    assert client.get(reverse(name)).status_code == status


def test_room_and_booking_of_another_site_are_404(client, personas, room, other_room, mm):
    booking = book(room, personas.staff, local_at(2, 9))
    client.force_login(personas.outsider)
    assert client.get(reverse("meetings:room_detail", args=[room.pk])).status_code == 404
    assert client.get(reverse("meetings:booking_detail", args=[booking.pk])).status_code == 404
    assert client.post(reverse("meetings:booking_cancel", args=[booking.pk])).status_code == 404
    client.force_login(mm)
    assert client.get(reverse("meetings:room_edit", args=[other_room.pk])).status_code == 404
    assert client.get(reverse("meetings:booking_detail", args=[booking.pk])).status_code == 200


def test_someone_elses_booking_is_404_for_staff(client, personas, room, staff2):
    booking = book(room, personas.staff, local_at(2, 9))
    client.force_login(staff2)
    assert client.get(reverse("meetings:booking_detail", args=[booking.pk])).status_code == 404
    client.force_login(personas.staff)
    response = client.get(reverse("meetings:booking_detail", args=[booking.pk]))
    assert response.status_code == 200
    assert booking.number in response.content.decode()


def test_booking_a_repeating_meeting_with_service_items(client, personas, room):
    client.force_login(personas.staff)
    start = local_at(1, 14)
    until = (timezone.localtime(start) + timedelta(weeks=2)).date()
    data = form_data(
        room, start, frequency="weekly", until=until.isoformat(), svc_tea="on", qty_tea=8,
        svc_name_cards="on", qty_name_cards=8,
    )  # fmt: skip
    response = client.post(reverse("meetings:booking_add"), data)
    assert response.status_code == 302
    bookings = list(Booking.objects.order_by("starts_at"))
    assert len(bookings) == 3
    assert {b.series_id for b in bookings} == {bookings[0].series_id}
    assert sorted(bookings[1].services.values_list("item", "quantity")) == [
        (ServiceItem.NAME_CARDS, 8),
        (ServiceItem.TEA, 8),
    ]
    assert response["Location"] == bookings[0].get_absolute_url()


def test_conflict_is_refused_naming_the_meeting_and_offers_waitlist(client, personas, room, staff2):
    start = local_at(2, 10)
    book(room, personas.staff, start, title="党委会")
    client.force_login(staff2)
    response = client.post(reverse("meetings:booking_add"), form_data(room, start))
    assert response.status_code == 400
    page = response.content.decode()
    assert "党委会" in page and "第一会议室" in page
    assert 'data-testid="waitlist-offer"' in page
    assert Booking.objects.count() == 1
    join = response.context["waitlist"].initial
    response = client.post(reverse("meetings:waitlist"), {**join, "action": "join"})
    assert response.status_code == 302
    entry = WaitlistEntry.objects.get()
    assert (entry.user, entry.status) == (staff2, WaitStatus.WAITING)


def test_bad_input_is_a_400_not_a_500(client, personas, room):
    client.force_login(personas.staff)
    for data in (
        {},
        form_data(room, local_at(2, 9), attendees="x"),
        form_data(room, local_at(2, 9), end="08:00"),
        form_data(room, local_at(2, 9), frequency="weekly"),
        form_data(room, local_at(2, 9), qty_tea=-3, svc_tea="on"),
        {**form_data(room, local_at(2, 9)), "room": 999999},
    ):
        assert client.post(reverse("meetings:booking_add"), data).status_code == 400
    assert not Booking.objects.exists()


def test_booking_add_prefills_and_refuses_other_sites_room(client, personas, room, other_room):
    client.force_login(personas.staff)
    start = local_at(2, 9)
    url = f"{reverse('meetings:booking_add')}?room={room.pk}&start={start:%Y-%m-%dT%H:%M}"
    response = client.get(url)
    assert response.context["form"].initial["room"] == room
    assert response.context["form"].initial["start"].hour == 9
    response = client.post(reverse("meetings:booking_add"), form_data(other_room, start))
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_booking_list_mine_and_ledger(
    client, personas, room, mm, staff2, django_assert_max_num_queries
):
    for i in range(5):
        book(room, personas.staff, local_at(2, 9 + i), title=f"会{i}")
    book(room, staff2, local_at(2, 15), title="别人的会")
    client.force_login(personas.staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:booking_list"))
    assert len(response.context["page"].object_list) == 5
    client.force_login(mm)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:booking_list"))
    assert len(response.context["page"].object_list) == 6
    response = client.get(reverse("meetings:booking_list") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_room_list_filters(client, personas, room, big_room, django_assert_max_num_queries):
    client.force_login(personas.staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:room_list") + "?seats=20")
    assert [r.code for r in response.context["page"].object_list] == ["501"]
    response = client.get(reverse("meetings:room_list") + "?feature=projector")
    assert len(response.context["page"].object_list) == 2
    response = client.get(reverse("meetings:room_list") + "?feature=video")
    assert len(response.context["page"].object_list) == 0


def test_room_add_and_blackout_add(client, personas, mm):
    client.force_login(mm)
    response = client.post(
        reverse("meetings:room_add"),
        {
            "site": personas.site.pk, "code": "201", "name": "小会议室", "capacity": 8,
            "features": ["projector"], "layouts": ["boardroom"], "opens_at": "08:00",
            "closes_at": "18:00", "max_days_ahead": 30, "max_minutes": 240,
            "check_in_minutes": 15, "is_active": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    room = Room.objects.get(code="201")
    assert room.features == ["projector"]
    response = client.post(
        reverse("meetings:blackout_add"),
        {
            "site": personas.site.pk, "room": room.pk, "starts_at": "2030-01-01T08:00",
            "ends_at": "2030-01-01T07:00", "reason": "装修",
        },
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert not Blackout.objects.exists()


def test_calendar_week_and_day(client, personas, room, big_room, django_assert_max_num_queries):
    start = local_at(2, 9)
    booking = book(room, personas.staff, start, title="周例会")
    client.force_login(personas.staff)
    day = timezone.localtime(start).date()
    with django_assert_max_num_queries(10):
        response = client.get(reverse("meetings:booking_calendar") + f"?date={day}")
    page = response.content.decode()
    assert booking.get_absolute_url() in page and "周例会" in page
    assert len(response.context["days"]) == 7
    response = client.get(
        reverse("meetings:booking_calendar") + f"?view=day&date={day}", HTTP_HX_REQUEST="true"
    )
    assert len(response.context["days"]) == 1
    assert "<html" not in response.content.decode()
    assert client.get(reverse("meetings:booking_calendar") + "?date=bad").status_code == 200


def test_availability_finds_free_rooms(client, personas, room, big_room, other_room):
    start = local_at(2, 9)
    book(room, personas.staff, start)
    client.force_login(personas.staff)
    day = timezone.localtime(start).date()
    response = client.get(
        reverse("meetings:availability") + f"?date={day}&start=09:00&end=10:00&seats=2"
    )
    assert [r.code for r in response.context["rooms"]] == ["501"]
    response = client.get(reverse("meetings:availability") + f"?date={day}&start=11:00&end=10:00")
    assert response.status_code == 200 and response.context["rooms"] is None


def test_cancel_and_check_in_pages(client, personas, room, staff2):
    booking = book(room, personas.staff, local_at(2, 9))
    client.force_login(staff2)
    assert client.post(reverse("meetings:booking_cancel", args=[booking.pk])).status_code == 404
    client.force_login(personas.staff)
    url = reverse("meetings:booking_cancel", args=[booking.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "改期"}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    response = client.post(reverse("meetings:booking_check_in", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_ics_feeds_need_the_signed_token(client, personas, room):
    booking = book(room, personas.staff, local_at(2, 9), title="周例会")
    url = reverse("meetings:room_ics", args=[room.pk])
    assert client.get(url).status_code == 404
    assert client.get(url + "?token=forged").status_code == 404
    response = client.get(url + f"?token={room_ics_token(room)}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and booking.ics_uid in body and "周例会" in body
    my = reverse("meetings:my_ics")
    assert client.get(my + "?token=1:bad").status_code == 404
    response = client.get(my + f"?token={person_ics_token(personas.staff)}")
    assert response.status_code == 200 and booking.ics_uid in response.content.decode()


def test_home_card_menu_and_room_page(client, personas, room, mm):
    book(room, personas.staff, local_at(2, 9))
    client.force_login(personas.staff)
    home = client.get("/")
    assert home.status_code == 200
    assert reverse("meetings:booking_add") in home.content.decode()
    calendar = reverse("meetings:booking_calendar")
    assert [c.value for c in home.context["cards"] if c.url.startswith(calendar)] == [0]
    client.force_login(mm)
    response = client.get(reverse("meetings:room_detail", args=[room.pk]))
    assert response.status_code == 200
    assert "token=" in response.context["feed_url"]
    assert reverse("meetings:blackout_list") in response.content.decode()
