"""Booking API: rooms and free rooms, bookings list / create / cancel, role and site checks,
the refusal naming the clash, and the release command."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from houqin.meetings.choices import BookingStatus
from houqin.meetings.models import Booking
from houqin.meetings.services.bookings import booking_create
from houqin.meetings.tests.conftest import local_at

ROOMS = "/api/meetings/rooms/"
BOOKINGS = "/api/meetings/bookings/"


def payload(room, start, **extra):
    body = {
        "room": room.pk,
        "title": "周例会",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "attendees": 6,
    }
    return {**body, **extra}


def test_rooms_are_site_scoped(api, personas, room, other_room, django_assert_max_num_queries):
    api.force_authenticate(personas.staff)
    with django_assert_max_num_queries(6):
        response = api.get(ROOMS)
    assert [r["code"] for r in response.json()["results"]] == ["301"]
    assert api.get(f"{ROOMS}{other_room.pk}/").status_code == 404
    api.force_authenticate(personas.nobody)
    assert api.get(ROOMS).status_code == 403


def test_available_rooms(api, personas, room, big_room):
    start = local_at(2, 9)
    booking_create(
        room=room, by=personas.staff, title="会", starts_at=start,
        ends_at=start + timedelta(hours=1), attendees=2,
    )  # fmt: skip
    api.force_authenticate(personas.staff)
    slot = {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()}
    response = api.get(f"{ROOMS}available/", slot)
    assert [r["code"] for r in response.json()] == ["501"]
    response = api.get(f"{ROOMS}available/", {**slot, "ends_at": start.isoformat()})
    assert response.status_code == 400


def test_create_repeating_with_services_and_refuse_the_clash(api, personas, room, staff2):
    api.force_authenticate(personas.staff)
    start = local_at(1, 10)
    until = (timezone.localtime(start) + timedelta(weeks=1)).date().isoformat()
    body = payload(
        room, start, repeat={"frequency": "weekly", "until": until},
        services=[{"item": "tea", "quantity": 6}],
    )  # fmt: skip
    response = api.post(BOOKINGS, body, format="json")
    assert response.status_code == 201, response.json()
    assert len(response.json()) == 2
    assert Booking.objects.get(pk=response.json()[0]["id"]).services.get().quantity == 6
    api.force_authenticate(staff2)
    response = api.post(BOOKINGS, payload(room, start, title="抢会"), format="json")
    assert response.status_code == 400
    assert "周例会" in response.json()["detail"]
    assert Booking.objects.count() == 2


def test_create_refuses_other_site_and_bad_input(api, personas, room, other_room):
    api.force_authenticate(personas.staff)
    start = local_at(2, 9)
    assert api.post(BOOKINGS, payload(other_room, start), format="json").status_code == 400
    assert api.post(BOOKINGS, payload(room, start, attendees=0), format="json").status_code == 400
    bad = payload(room, start, services=[{"item": "caviar"}])
    assert api.post(BOOKINGS, bad, format="json").status_code == 400
    assert api.post(BOOKINGS, {"room": "x"}, format="json").status_code == 400
    assert not Booking.objects.exists()
    api.force_authenticate(personas.nobody)
    assert api.post(BOOKINGS, payload(room, start), format="json").status_code == 403


def test_list_and_cancel(api, personas, room, mm, staff2, django_assert_max_num_queries):
    start = local_at(2, 9)
    mine = [
        booking_create(
            room=room, by=personas.staff, title=f"会{i}", starts_at=start + timedelta(hours=i),
            ends_at=start + timedelta(hours=i, minutes=50), attendees=2,
        )[0]
        for i in range(4)
    ]  # fmt: skip
    api.force_authenticate(staff2)
    assert api.get(BOOKINGS).json()["results"] == []
    assert api.post(f"{BOOKINGS}{mine[0].pk}/cancel/", {"reason": "x"}).status_code == 404
    api.force_authenticate(personas.staff)
    with django_assert_max_num_queries(6):
        response = api.get(BOOKINGS)
    assert len(response.json()["results"]) == 4
    response = api.post(f"{BOOKINGS}{mine[0].pk}/cancel/", {"reason": ""})
    assert response.status_code == 400
    response = api.post(f"{BOOKINGS}{mine[0].pk}/cancel/", {"reason": "改期"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    api.force_authenticate(mm)
    response = api.post(f"{BOOKINGS}{mine[1].pk}/cancel/", {"reason": "会场检修"})
    assert response.status_code == 200


def test_release_rooms_command(personas, room):
    start = local_at(2, 9)
    [booking] = booking_create(
        room=room, by=personas.staff, title="会", starts_at=start,
        ends_at=start + timedelta(hours=1), attendees=2,
    )  # fmt: skip
    at = timezone.localtime(start + timedelta(minutes=16)).strftime("%Y-%m-%dT%H:%M")
    call_command("release-rooms", now=at)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RELEASED
    with pytest.raises(Exception, match="--now"):
        call_command("release-rooms", now="soon")
