"""N simultaneous requests for one slot create exactly one booking — on whichever database the
suite runs on (SQLite: the write-locked transaction; PostgreSQL: the room row lock, backed by
the exclusion constraint)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.meetings.choices import BookingStatus
from houqin.meetings.models import Booking
from houqin.meetings.services.bookings import booking_create
from houqin.meetings.tests.conftest import local_at

N = 6


def _fire(room, users, start, end) -> list[str]:
    """Start every request at the same instant; return each one's outcome."""
    outcomes: list[str] = []
    barrier = threading.Barrier(len(users))

    def request(user):
        barrier.wait()
        try:
            booking_create(
                room=room, by=user, title=f"会议 {user.username}", starts_at=start,
                ends_at=end, attendees=4,
            )  # fmt: skip
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append("refused: " + " ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_for_one_slot_make_one_booking(personas, room):
    users = [make_user(f"u{i}", roles.STAFF, personas.site) for i in range(N)]
    start = local_at(3, 10)
    outcomes = _fire(room, users, start, start + timedelta(hours=1))
    assert len(outcomes) == N
    assert outcomes.count("booked") == 1
    refused = [o for o in outcomes if o != "booked"]
    assert all("Clashes with" in o or "会议" in o for o in refused)
    assert Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_overlapping_requests_make_one_booking(personas, room):
    users = [make_user(f"v{i}", roles.STAFF, personas.site) for i in range(N)]
    start = local_at(3, 10)
    outcomes: list[str] = []
    # Each request overlaps the others by a different part of the hour.
    barrier = threading.Barrier(N)

    def request(i, user):
        barrier.wait()
        try:
            begin = start + timedelta(minutes=5 * i)
            booking_create(
                room=room, by=user, title="会", starts_at=begin,
                ends_at=begin + timedelta(hours=1), attendees=2,
            )  # fmt: skip
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("booked") == 1
    assert Booking.objects.filter(room=room).count() == 1
