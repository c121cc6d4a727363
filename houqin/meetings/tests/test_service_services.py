"""The meeting service in the service layer: items done and taken back, the served meeting,
items added and removed before the meeting, and the organiser's rating."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Event, Notification
from houqin.meetings.choices import BookingStatus, ServiceItem
from houqin.meetings.models import BookingService
from houqin.meetings.services import service as services
from houqin.meetings.tests.helpers_service import item_of, make_booking, today_at

pytestmark = pytest.mark.usefixtures("english")

TEA, CARDS = ServiceItem.TEA, ServiceItem.NAME_CARDS


@pytest.fixture
def booking(personas, room):
    return make_booking(room, personas.staff)


def _serve_all(booking, by):
    for service in booking.services.all():
        services.service_item_done(service=service, by=by)
    booking.refresh_from_db()


def test_last_item_done_serves_the_booking_and_asks_for_a_rating(personas, booking, server):
    services.service_item_done(service=item_of(booking, TEA), by=server)
    booking.refresh_from_db()
    assert booking.served_at is None
    tea = item_of(booking, TEA)
    assert tea.done_by == server and tea.done_at is not None
    services.service_item_done(service=item_of(booking, CARDS), by=server)
    booking.refresh_from_db()
    assert booking.served_at is not None
    note = Notification.objects.get(recipient=personas.staff)
    assert "please rate it" in note.title
    assert note.url == f"/meetings/bookings/{booking.pk}/rate/"
    verbs = list(Event.objects.filter(object_id=booking.pk).values_list("verb", flat=True))
    assert verbs.count("serve") == 2 and verbs.count("served") == 1


def test_done_twice_is_refused(booking, server):
    services.service_item_done(service=item_of(booking, TEA), by=server)
    with pytest.raises(ValidationError, match="already done"):
        services.service_item_done(service=item_of(booking, TEA), by=server)


@pytest.mark.parametrize("who", ["staff", "guard", "mm_other"])
def test_only_service_staff_of_the_site(personas, booking, other_mm, who):
    user = other_mm if who == "mm_other" else getattr(personas, who)
    with pytest.raises(ValidationError, match="Only the service staff"):
        services.service_item_done(service=item_of(booking, TEA), by=user)
    assert item_of(booking, TEA).done_at is None


def test_meeting_manager_may_serve(booking, mm):
    services.service_item_done(service=item_of(booking, TEA), by=mm)
    assert item_of(booking, TEA).done_at is not None


def test_not_before_the_day_of_the_meeting(personas, room, server):
    booking = make_booking(room, personas.staff, starts_at=today_at(9, days=1))
    with pytest.raises(ValidationError, match="before the day"):
        services.service_item_done(service=item_of(booking, TEA), by=server)
    assert item_of(booking, TEA).done_at is None


@pytest.mark.parametrize(
    "status",
    [
        BookingStatus.CANCELLED,
        BookingStatus.RELEASED,
        BookingStatus.REJECTED,
        BookingStatus.PENDING,
    ],
)
def test_not_on_a_booking_that_does_not_take_place(personas, room, server, status):
    booking = make_booking(room, personas.staff, status=status)
    with pytest.raises(ValidationError, match="cannot be recorded"):
        services.service_item_done(service=item_of(booking, TEA), by=server)


def test_not_on_a_void_booking(personas, booking, server, mm):
    booking.voided_at = timezone.now()
    booking.save(update_fields=["voided_at"])
    with pytest.raises(ValidationError, match="void"):
        services.service_item_done(service=item_of(booking, TEA), by=server)


def test_undo_clears_served(booking, server):
    _serve_all(booking, server)
    assert booking.served_at is not None
    services.service_item_undo(service=item_of(booking, TEA), by=server)
    booking.refresh_from_db()
    assert booking.served_at is None and item_of(booking, TEA).done_at is None


def test_undo_only_the_same_day(booking, server):
    services.service_item_done(service=item_of(booking, TEA), by=server)
    BookingService.objects.filter(item=TEA).update(done_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError, match="on the day it was done"):
        services.service_item_undo(service=item_of(booking, TEA), by=server)


def test_undo_of_an_open_item_and_after_rating_refused(personas, booking, server):
    with pytest.raises(ValidationError, match="not done"):
        services.service_item_undo(service=item_of(booking, TEA), by=server)
    _serve_all(booking, server)
    services.booking_rate(booking=booking, by=personas.staff, rating=5)
    with pytest.raises(ValidationError, match="already rated"):
        services.service_item_undo(service=item_of(booking, TEA), by=server)


def test_a_booking_without_items_is_never_served(personas, room, server, mm):
    booking = make_booking(room, personas.staff, starts_at=today_at(9, days=3), items=[TEA])
    services.service_remove(service=item_of(booking, TEA), by=personas.staff)
    booking.refresh_from_db()
    assert booking.served_at is None and not booking.services.exists()


def test_add_and_remove_before_the_meeting(personas, room, mm, staff2):
    booking = make_booking(room, personas.staff, starts_at=today_at(9, days=3), items=[])
    service = services.service_add(
        booking=booking, by=personas.staff, item=ServiceItem.BANNER, quantity=1, note="横幅"
    )
    assert service.site_id == booking.site_id and service.note == "横幅"
    services.service_add(booking=booking, by=mm, item=TEA, quantity="12")
    assert booking.services.count() == 2
    with pytest.raises(ValidationError, match="already asked for"):
        services.service_add(booking=booking, by=mm, item=TEA)
    with pytest.raises(ValidationError, match="Only the organiser"):
        services.service_add(booking=booking, by=staff2, item=CARDS)
    with pytest.raises(ValidationError, match="Only the organiser"):
        services.service_remove(service=service, by=staff2)
    services.service_remove(service=service, by=mm)
    assert list(booking.services.values_list("item", flat=True)) == [TEA]


@pytest.mark.parametrize(
    "item,quantity,message",
    [("caviar", 1, "Choose a service"), (TEA, 0, "quantity"), (TEA, "x", "quantity")],
)
def test_add_refuses_bad_input(personas, room, item, quantity, message):
    booking = make_booking(room, personas.staff, starts_at=today_at(9, days=3), items=[])
    with pytest.raises(ValidationError, match=message):
        services.service_add(booking=booking, by=personas.staff, item=item, quantity=quantity)
    assert not booking.services.exists()


def test_add_refused_once_the_meeting_started(personas, room):
    booking = make_booking(
        room, personas.staff, starts_at=timezone.now() - timedelta(minutes=5), items=[]
    )
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.service_add(booking=booking, by=personas.staff, item=TEA)


def test_organiser_rates_once(personas, booking, server):
    with pytest.raises(ValidationError, match="not complete yet"):
        services.booking_rate(booking=booking, by=personas.staff, rating=5)
    _serve_all(booking, server)
    services.booking_rate(booking=booking, by=personas.staff, rating="4", comment=" 茶水及时 ")
    booking.refresh_from_db()
    assert (booking.rating, booking.rating_comment) == (4, "茶水及时")
    assert booking.rated_at is not None
    with pytest.raises(ValidationError, match="already rated"):
        services.booking_rate(booking=booking, by=personas.staff, rating=5)
    booking.refresh_from_db()
    assert booking.rating == 4


@pytest.mark.parametrize("rating", [0, 6, "x", None])
def test_rating_range(personas, booking, server, rating):
    _serve_all(booking, server)
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services.booking_rate(booking=booking, by=personas.staff, rating=rating)


def test_only_the_organiser_rates(personas, booking, server, mm):
    _serve_all(booking, server)
    with pytest.raises(ValidationError, match="Only the organiser"):
        services.booking_rate(booking=booking, by=mm, rating=5)
    booking.refresh_from_db()
    assert booking.rating is None
