"""Probes of the booking pages by someone trying to break them: impossible dates in addresses
and forms, far-off repeats, and someone else's bookings and waitlist entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from houqin.meetings.models import Booking, WaitlistEntry
from houqin.meetings.tests.conftest import local_at
from houqin.meetings.tests.test_bookings_pages import book, form_data


@pytest.mark.parametrize(
    "query",
    [
        "?date=2026-02-30",
        "?date=9999-12-31",
        "?date=0001-01-01",
        "?view=day&date=9999-12-31",
        "?view=day&date=0001-01-01",
        "?date=x",
    ],
)
def test_calendar_with_an_impossible_date_is_not_a_500(client, personas, room, query):
    client.force_login(personas.staff)
    assert client.get(reverse("meetings:booking_calendar") + query).status_code in (200, 400)


@pytest.mark.parametrize(
    "query",
    [
        "?start=2026-02-30T09:00",
        "?start=9999-12-31T23:30",
        "?date=2026-02-30",
        "?date=9999-12-31",
        "?room=abc&start=x",
        "?room=99999999999999999999",
    ],
)
def test_booking_form_prefill_with_an_impossible_date_is_not_a_500(client, personas, room, query):
    client.force_login(personas.staff)
    assert client.get(reverse("meetings:booking_add") + query).status_code == 200


@pytest.mark.parametrize(
    "extra",
    [
        {"date": "9999-12-31", "start": "23:00", "end": "23:59"},
        {"date": "0001-01-01"},
        {"date": "2026-02-30"},
        {"frequency": "daily", "until": "9999-12-31"},
        {"frequency": "monthly", "until": "9999-12-31"},
        {"frequency": "weekly", "until": "2126-01-01", "weekdays": ["7"]},
        {"frequency": "weekly", "until": "2126-01-01", "interval": 0},
        {"attendees": 10**9},
        {"attendees": 0},
        {"date": "9999-12-31", "frequency": "weekly", "until": "9999-12-31"},
        {"date": "9999-12-31", "frequency": "monthly", "until": "9999-12-31"},
        {"date": "9999-12-30", "frequency": "daily", "until": "9999-12-31"},
    ],
)
def test_booking_with_bad_dates_or_numbers_is_refused_and_books_nothing(
    client, personas, room, extra
):
    client.force_login(personas.staff)
    data = {**form_data(room, local_at(2, 9)), **extra}
    response = client.post(reverse("meetings:booking_add"), data)
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_booking_in_a_room_of_another_site_is_refused(client, personas, room, other_room):
    client.force_login(personas.staff)
    response = client.post(reverse("meetings:booking_add"), form_data(other_room, local_at(2, 9)))
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_booking_for_someone_else_without_the_right_is_refused(client, personas, room, staff2):
    client.force_login(personas.staff)
    data = form_data(room, local_at(2, 9), organiser=staff2.pk)
    client.post(reverse("meetings:booking_add"), data)
    assert not Booking.objects.filter(organiser=staff2).exists()


def test_someone_elses_booking_cannot_be_cancelled_or_checked_in(client, personas, room, staff2):
    booking = book(room, personas.staff, local_at(0, 0) if False else local_at(2, 9))
    client.force_login(staff2)
    url = reverse("meetings:booking_cancel", args=[booking.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert client.post(reverse("meetings:booking_check_in", args=[booking.pk])).status_code == 404
    booking.refresh_from_db()
    assert booking.cancelled_at is None and booking.checked_in_at is None


@pytest.mark.parametrize(
    "data",
    [
        {"action": "accept", "entry": "x"},
        {"action": "leave", "entry": "99999999999999999999"},
        {"action": "join"},
        {"action": "join", "room": "1", "title": "t", "starts_at": "9999-12-31 23:59",
         "ends_at": "9999-12-31 23:59", "attendees": "1"},
        {"action": "join", "room": "1", "title": "t", "starts_at": "0001-01-01 00:00",
         "ends_at": "0001-01-01 00:01", "attendees": "1"},
    ],
)  # fmt: skip
def test_waitlist_bad_posts_are_not_a_500(client, personas, room, data):
    client.force_login(personas.staff)
    if data.get("room"):
        data = {**data, "room": room.pk}
    assert client.post(reverse("meetings:waitlist"), data).status_code in (302, 400, 404)
    assert not WaitlistEntry.objects.exists()


def test_someone_elses_waitlist_entry_cannot_be_taken_or_left(client, personas, room, staff2):
    start = local_at(2, 10)
    book(room, personas.staff, start)
    from houqin.meetings.services.bookings import waitlist_join

    entry = waitlist_join(
        room=room, by=staff2, title="t", starts_at=start, ends_at=local_at(2, 11), attendees=2
    )
    client.force_login(personas.staff)
    for action in ("accept", "leave"):
        response = client.post(reverse("meetings:waitlist"), {"action": action, "entry": entry.pk})
        assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == "waiting"


@pytest.mark.parametrize("token", ["", "x", "1:abc", "a" * 5000])
def test_tampered_ics_tokens_are_404(client, personas, room, token):
    assert (
        client.get(reverse("meetings:room_ics", args=[room.pk]), {"token": token}).status_code
        == 404
    )
    assert client.get(reverse("meetings:my_ics"), {"token": token}).status_code == 404


def test_ics_token_of_one_room_does_not_open_another(client, personas, room, other_room):
    from houqin.meetings.queries.bookings import room_ics_token

    token = room_ics_token(room)
    url = reverse("meetings:room_ics", args=[other_room.pk])
    assert client.get(url, {"token": token}).status_code == 404


def test_person_ics_token_of_a_deactivated_user_is_404(client, personas, room):
    from houqin.meetings.queries.bookings import person_ics_token

    token = person_ics_token(personas.staff)
    personas.staff.is_active = False
    personas.staff.save(update_fields=["is_active"])
    assert client.get(reverse("meetings:my_ics"), {"token": token}).status_code == 404


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30", "x"])
def test_service_tasks_of_a_day_at_the_calendar_ends_are_not_a_500(client, server, day):
    client.force_login(server)
    assert client.get(reverse("meetings:service_tasks"), {"date": day}).status_code == 200
    response = client.get(reverse("meetings:service_tasks"), {"date": day, "print": "1"})
    assert response.status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30", "x"])
def test_service_task_api_with_a_day_at_the_calendar_ends_is_a_400_or_empty(api, server, day):
    api.force_authenticate(server)
    response = api.get("/api/meetings/service-tasks/", {"date": day})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "body",
    [
        {"starts_at": "0001-01-01T00:00:00+08:00"},
        {"starts_at": "9999-12-31T23:00:00+08:00", "ends_at": "9999-12-31T23:59:00+08:00"},
        {"attendees": 10**9},
        {"attendees": "x"},
        {"repeat": {"frequency": "daily", "until": "9999-12-31"}},
        {"repeat": {"frequency": "weekly", "until": "2126-01-01", "weekdays": [7]}},
        {"repeat": "weekly"},
        {"services": [{"item": "tea", "quantity": 10**9}]},
        {"services": "tea"},
        {"room": "abc"},
        {"title": None},
    ],
)
def test_booking_api_bad_bodies_are_a_400_and_book_nothing(api, personas, room, body):
    from houqin.meetings.tests.test_bookings_api import BOOKINGS, payload

    api.force_authenticate(personas.staff)
    response = api.post(BOOKINGS, {**payload(room, local_at(2, 9)), **body}, format="json")
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_booking_api_refuses_a_room_of_another_site(api, personas, other_room):
    from houqin.meetings.tests.test_bookings_api import BOOKINGS, payload

    api.force_authenticate(personas.staff)
    response = api.post(BOOKINGS, payload(other_room, local_at(2, 9)), format="json")
    assert response.status_code == 400
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"starts_at": "0001-01-01T00:00:00+08:00", "ends_at": "0001-01-01T01:00:00+08:00"},
        {"starts_at": "9999-12-31T23:00:00+08:00", "ends_at": "9999-12-31T23:59:00+08:00"},
        {"starts_at": "x", "ends_at": "y"},
    ],
)
def test_free_room_api_with_dates_at_the_ends_is_not_a_500(api, personas, room, query):
    api.force_authenticate(personas.staff)
    assert api.get("/api/meetings/rooms/available/", query).status_code in (200, 400)


@pytest.mark.parametrize(
    "query",
    [
        {"date": "9999-12-31", "start": "23:00", "end": "23:59"},
        {"date": "0001-01-01", "start": "00:00", "end": "01:00"},
        {"date": "2026-02-30", "start": "09:00", "end": "10:00"},
    ],
)
def test_free_room_page_with_dates_at_the_ends_is_not_a_500(client, personas, room, query):
    client.force_login(personas.staff)
    assert client.get(reverse("meetings:availability"), query).status_code == 200


@pytest.mark.parametrize("rating", ["0", "6", "x", "", "-1"])
def test_rating_out_of_range_is_refused_and_saves_nothing(client, personas, room, rating):
    booking = book(room, personas.staff, local_at(2, 9))
    client.force_login(personas.staff)
    response = client.post(reverse("meetings:booking_rate", args=[booking.pk]), {"rating": rating})
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.rating is None


def test_someone_elses_booking_cannot_be_rated(client, personas, room, staff2):
    booking = book(room, personas.staff, local_at(2, 9))
    client.force_login(staff2)
    response = client.post(reverse("meetings:booking_rate", args=[booking.pk]), {"rating": "5"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [("0001-01-01T00:00", "0001-01-02T00:00"), ("9999-12-31T00:00", "9999-12-31T23:00")],
)
def test_blackout_at_the_calendar_ends_is_refused(client, personas, mm, room, starts_at, ends_at):
    from houqin.meetings.models import Blackout

    client.force_login(mm)
    data = {"site": personas.site.pk, "room": room.pk, "reason": "x"}
    data.update(starts_at=starts_at, ends_at=ends_at)
    assert client.post(reverse("meetings:blackout_add"), data).status_code in (200, 400)
    assert not Blackout.objects.exists()


def test_ordinary_dates_still_pass_the_range_checks(client, personas, mm, server, room):
    from houqin.meetings.models import Blackout

    client.force_login(mm)
    data = {"site": personas.site.pk, "room": room.pk, "reason": "装修"}
    closed = local_at(20, 8)  # well after the booking below, whatever today is
    data.update(
        starts_at=f"{closed:%Y-%m-%dT%H:%M}", ends_at=f"{closed + timedelta(days=1):%Y-%m-%dT%H:%M}"
    )
    assert client.post(reverse("meetings:blackout_add"), data).status_code == 302
    assert Blackout.objects.count() == 1
    client.force_login(personas.staff)
    response = client.post(reverse("meetings:booking_add"), form_data(room, local_at(3, 9)))
    assert response.status_code == 302
    client.force_login(server)
    assert (
        client.get(reverse("meetings:service_tasks"), {"date": f"{closed:%Y-%m-%d}"}).status_code
        == 200
    )


JUNK = {
    "room": "99999999999999999999",
    "status": "<script>",
    "date_after": "0001-01-01",
    "date_before": "9999-12-31",
    "starts_after": "2026-02-30",
    "seats": "1e400",
    "feature": "x",
    "building": "-1",
    "q": "%' OR 1=1 --",
    "site": "abc",
}


@pytest.mark.parametrize("name", ["booking_list", "room_list", "blackout_list"])
def test_lists_and_exports_with_junk_filters_are_not_a_500(client, mm, room, name):
    client.force_login(mm)
    url = reverse(f"meetings:{name}")
    assert client.get(url, JUNK).status_code == 200
    assert client.get(url, {**JUNK, "export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("path", ["bookings/", "rooms/"])
def test_api_lists_with_junk_filters_are_not_a_500(api, mm, room, path):
    api.force_authenticate(mm)
    assert api.get(f"/api/meetings/{path}", JUNK).status_code in (200, 400)


@pytest.mark.parametrize("status", ["cancelled", "rejected", "pending", "released"])
def test_a_booking_not_going_ahead_cannot_be_served_or_rated(
    client, personas, server, room, status
):
    from houqin.meetings.tests.helpers_service import item_of, make_booking

    booking = make_booking(room, personas.staff, status=status)
    client.force_login(server)
    item = item_of(booking, "tea")
    client.post(reverse("meetings:bookingservice_done", args=[item.pk]))
    item.refresh_from_db()
    assert item.done_at is None
    client.force_login(personas.staff)
    rate = client.post(reverse("meetings:booking_rate", args=[booking.pk]), {"rating": "5"})
    assert rate.status_code == 400
    booking.refresh_from_db()
    assert booking.rating is None and booking.served_at is None


def test_api_cancel_of_someone_elses_booking_is_404_and_twice_is_400(api, personas, room, staff2):
    booking = book(room, personas.staff, local_at(2, 9))
    api.force_authenticate(staff2)
    url = f"/api/meetings/bookings/{booking.pk}/cancel/"
    assert api.post(url, {"reason": "x"}, format="json").status_code == 404
    api.force_authenticate(personas.staff)
    assert api.post(url, {"reason": "x"}, format="json").status_code == 200
    assert api.post(url, {"reason": "x"}, format="json").status_code == 400
    assert api.post(url, "not json", content_type="application/json").status_code == 400
