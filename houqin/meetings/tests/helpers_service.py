"""Bookings with service items for the meeting-service tests, at any moment (also today or in
the past, which the booking pages refuse): test set-up only, the figures come from the service
layer acting on them."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from houqin.core import services as core
from houqin.meetings.choices import BookingStatus, ServiceItem
from houqin.meetings.models import Booking, BookingService, Room


def today_at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    """An aware local datetime ``days`` from today at ``hour:minute``."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_booking(
    room: Room,
    organiser,
    *,
    starts_at: datetime | None = None,
    hours: int = 1,
    items=(ServiceItem.TEA, ServiceItem.NAME_CARDS),
    title: str = "党委会",
    status: str = BookingStatus.CONFIRMED,
) -> Booking:
    """A booking of ``room`` (today 09:00 by default) asking for ``items``."""
    starts_at = starts_at or today_at(9)
    booking = Booking(
        site=room.site,
        room=room,
        title=title,
        organiser=organiser,
        attendees=8,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        status=status,
        created_by=organiser,
    )
    booking.number = core.record_number(record=booking, when=starts_at)
    booking.save()
    for item in items:
        BookingService.objects.create(site=room.site, booking=booking, item=item, quantity=8)
    return booking


def item_of(booking: Booking, item: str) -> BookingService:
    return booking.services.get(item=item)
