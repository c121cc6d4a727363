"""Booking services: rules, repeating meetings, clashes, approval, cancel, move, check-in,
no-show release and the waitlist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.approvals.models import ApprovalRequest
from houqin.approvals.services import approval_decide
from houqin.core.models import Department, Notification
from houqin.meetings.choices import BookingStatus, Frequency, ServiceItem, WaitStatus
from houqin.meetings.models import Blackout, Booking, WaitlistEntry
from houqin.meetings.services.bookings import (
    BookingRefused,
    Repeat,
    ServiceLine,
    booking_cancel,
    booking_check_in,
    booking_create,
    booking_move,
    bookings_release_no_shows,
    series_cancel,
    waitlist_accept,
    waitlist_expire_offers,
    waitlist_join,
)
from houqin.meetings.tests.conftest import local_at, make_room

pytestmark = pytest.mark.usefixtures("english")


def book(room, by, start, hours=1, **kwargs):
    kwargs.setdefault("title", "周例会")
    kwargs.setdefault("attendees", 6)
    return booking_create(
        room=room, by=by, starts_at=start, ends_at=start + timedelta(hours=hours), **kwargs
    )


def test_single_booking_is_confirmed_with_number_and_services(personas, room):
    start = local_at(3, 9)
    [booking] = book(room, personas.staff, start, services=[ServiceLine(ServiceItem.TEA, 6)])
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.number.startswith(f"HY-{timezone.localdate().year}-")
    assert booking.organiser == personas.staff
    assert booking.department.site == personas.site
    assert list(booking.services.values_list("item", "quantity")) == [("tea", 6)]


def test_weekly_repeat_keeps_wall_clock_and_skips(personas, room):
    start = local_at(1, 14)
    skip = (timezone.localtime(start) + timedelta(weeks=1)).date()
    until = (timezone.localtime(start) + timedelta(weeks=3)).date()
    bookings = book(
        room,
        personas.staff,
        start,
        repeat=Repeat(Frequency.WEEKLY, 1, until, skip=(skip,)),
        services=[ServiceLine(ServiceItem.TEA), ServiceLine(ServiceItem.NAME_CARDS, 2)],
    )
    assert len(bookings) == 3
    assert {timezone.localtime(b.starts_at).hour for b in bookings} == {14}
    assert len({b.series_id for b in bookings}) == 1
    assert bookings[0].series.exceptions == [skip.isoformat()]
    assert all(b.services.count() == 2 for b in bookings)


def test_conflict_names_the_clashing_meeting_and_changes_nothing(personas, room, staff2):
    start = local_at(2, 10)
    book(room, personas.staff, start, title="党委会")
    before = Booking.objects.count()
    with pytest.raises(BookingRefused) as refused:
        book(room, staff2, start + timedelta(minutes=30), title="预算会")
    message = " ".join(refused.value.messages)
    assert "党委会" in message and "staff" in message and "第一会议室" in message
    assert refused.value.clashes[0].title == "党委会"
    assert Booking.objects.count() == before


def test_repeat_is_all_or_nothing_when_one_occurrence_clashes(personas, room, staff2):
    start = local_at(1, 9)
    book(room, personas.staff, start + timedelta(weeks=2), title="季度会")
    until = (timezone.localtime(start) + timedelta(weeks=3)).date()
    with pytest.raises(BookingRefused, match="季度会"):
        book(room, staff2, start, repeat=Repeat(Frequency.WEEKLY, 1, until))
    assert Booking.objects.filter(organiser=staff2).count() == 0


@pytest.mark.parametrize(
    ("hour", "hours", "days", "expected"),
    [
        (6, 1, 2, "outside the bookable hours"),
        (20, 2, 2, "outside the bookable hours"),
        (9, 9, 2, "too long"),
        (9, 1, 90, "too far ahead"),
        (9, 1, -3, "in the past"),
    ],
)
def test_rules_are_named(personas, room, hour, hours, days, expected):
    with pytest.raises(ValidationError, match=expected):
        book(room, personas.staff, local_at(days, hour), hours=hours)


def test_seats_departments_and_blackout(personas, room):
    with pytest.raises(ValidationError, match="more than the 12 seats"):
        book(room, personas.staff, local_at(2, 9), attendees=30)
    other_dept = Department.objects.create(site=personas.site, code="D9", name="财务处")
    room.allowed_departments.set([other_dept])
    with pytest.raises(ValidationError, match="certain departments"):
        book(room, personas.staff, local_at(2, 9))
    # naming an allowed department on the form does not make the organiser one of it
    with pytest.raises(ValidationError, match="certain departments"):
        book(room, personas.staff, local_at(2, 9), department=other_dept)
    room.allowed_departments.clear()
    Blackout.objects.create(
        site=personas.site,
        starts_at=local_at(2, 0),
        ends_at=local_at(2, 23),
        reason="消防检查",
    )
    with pytest.raises(ValidationError, match="消防检查"):
        book(room, personas.staff, local_at(2, 9))


def test_booking_for_others_needs_the_permission(personas, room, mm, staff2):
    with pytest.raises(ValidationError, match="meeting manager"):
        book(room, personas.staff, local_at(2, 9), organiser=staff2)
    [booking] = book(room, mm, local_at(2, 9), organiser=staff2)
    assert booking.organiser == staff2


def test_wrong_site_is_refused(personas, other_room):
    with pytest.raises(ValidationError, match="may not book"):
        book(other_room, personas.staff, local_at(2, 9))


def test_approval_room_pending_then_confirmed(personas, big_room, mm):
    until = (timezone.localtime(local_at(1, 9)) + timedelta(weeks=1)).date()
    bookings = book(
        big_room, personas.staff, local_at(1, 9), repeat=Repeat(Frequency.WEEKLY, 1, until)
    )
    assert {b.status for b in bookings} == {BookingStatus.PENDING}
    request = ApprovalRequest.objects.get(kind="room_booking")
    assert request.object_id == bookings[0].pk
    approval_decide(request=request, by=mm, approve=True)
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CONFIRMED}


def test_rejection_frees_the_slot_and_offers_it(personas, big_room, mm, staff2):
    start = local_at(2, 9)
    [booking] = book(big_room, personas.staff, start)
    entry = waitlist_join(
        room=big_room, by=staff2, title="候补会", starts_at=start,
        ends_at=start + timedelta(hours=1), attendees=4,
    )  # fmt: skip
    request = ApprovalRequest.objects.get(object_id=booking.pk, kind="room_booking")
    approval_decide(request=request, by=mm, approve=False)
    booking.refresh_from_db()
    entry.refresh_from_db()
    assert booking.status == BookingStatus.REJECTED
    assert entry.status == WaitStatus.OFFERED
    assert entry.offer_expires_at <= timezone.now() + timedelta(minutes=30)
    assert Notification.objects.filter(recipient=staff2).exists()


def test_cancel_offers_waitlist_and_accept_books(personas, room, staff2):
    start = local_at(2, 9)
    [booking] = book(room, personas.staff, start, hours=2)
    with pytest.raises(ValidationError, match="organiser"):
        booking_cancel(booking=booking, by=staff2, reason="x")
    entry = waitlist_join(
        room=room, by=staff2, title="候补会", starts_at=start, ends_at=start + timedelta(hours=1),
        attendees=4,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="reason"):
        booking_cancel(booking=booking, by=personas.staff, reason=" ")
    booking_cancel(booking=booking, by=personas.staff, reason="改期")
    assert booking.status == BookingStatus.CANCELLED
    # While offered, the slot is held for the person waiting.
    with pytest.raises(ValidationError, match="waitlist"):
        book(room, personas.staff, start)
    entry.refresh_from_db()
    [new] = waitlist_accept(entry=entry, by=staff2)
    assert new.organiser == staff2 and new.title == "候补会"
    entry.refresh_from_db()
    assert entry.status == WaitStatus.ACCEPTED and entry.booking == new


def test_expired_offer_passes_to_the_next(personas, room, staff2, mm):
    start = local_at(2, 9)
    [booking] = book(room, personas.staff, start)
    slot = {"starts_at": start, "ends_at": start + timedelta(hours=1), "attendees": 3}
    first = waitlist_join(room=room, by=staff2, title="A", **slot)
    second = waitlist_join(room=room, by=mm, title="B", **slot)
    booking_cancel(booking=booking, by=personas.staff, reason="改期")
    assert waitlist_expire_offers(now=timezone.now() + timedelta(minutes=31)) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (WaitStatus.EXPIRED, WaitStatus.OFFERED)
    with pytest.raises(ValidationError):
        waitlist_accept(entry=first, by=staff2)


def test_waitlist_join_refused_when_free(personas, room):
    start = local_at(2, 9)
    with pytest.raises(ValidationError, match="free"):
        waitlist_join(
            room=room, by=personas.staff, title="A", starts_at=start,
            ends_at=start + timedelta(hours=1), attendees=2,
        )  # fmt: skip
    assert not WaitlistEntry.objects.exists()


def test_series_cancel_and_move(personas, room, big_room):
    start = local_at(1, 9)
    until = (timezone.localtime(start) + timedelta(weeks=2)).date()
    bookings = book(room, personas.staff, start, repeat=Repeat(Frequency.WEEKLY, 1, until))
    moved = booking_move(
        booking=bookings[0], by=personas.staff, starts_at=start + timedelta(hours=2),
        ends_at=start + timedelta(hours=3),
    )  # fmt: skip
    assert timezone.localtime(moved.starts_at).hour == 11
    with pytest.raises(BookingRefused, match="周例会"):
        booking_move(
            booking=bookings[1], by=personas.staff, starts_at=bookings[2].starts_at,
            ends_at=bookings[2].ends_at,
        )  # fmt: skip
    count = series_cancel(series=bookings[0].series, by=personas.staff, reason="停开")
    assert count == 3
    assert not Booking.objects.filter(status__in=["pending", "confirmed"]).exists()


def test_check_in_and_release(personas, room):
    room2 = make_room(personas.site, "302", "第二会议室")
    start = local_at(2, 9)
    [early] = book(room, personas.staff, start)
    with pytest.raises(ValidationError, match="15 minutes"):
        booking_check_in(booking=early, by=personas.staff)
    # Running meetings are set up directly: booking in the past is refused by the service.
    a, b = (
        book(room, personas.staff, start + timedelta(hours=2)),
        book(room2, personas.staff, start + timedelta(hours=4)),
    )
    Booking.objects.filter(pk=a[0].pk).update(
        starts_at=timezone.now() - timedelta(minutes=20),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    Booking.objects.filter(pk=b[0].pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1)
    )
    assert bookings_release_no_shows(now=timezone.now()) == 1
    a[0].refresh_from_db()
    assert a[0].status == BookingStatus.RELEASED and a[0].released_at
    assert Notification.objects.filter(recipient=personas.staff, level="warning").exists()
    booking_check_in(booking=b[0], by=personas.staff)
    assert bookings_release_no_shows(now=timezone.now() + timedelta(minutes=20)) == 0
