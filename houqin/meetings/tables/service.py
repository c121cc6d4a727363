"""The day's service task sheet (printed for the service staff): one row per service item."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.meetings.choices import ServiceItem


def _time(service) -> str:
    booking = service.booking
    start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    return f"{start:%H:%M}–{end:%H:%M}"


class ServiceTaskTable(Table):
    """Service items of a day, by room and time (rows carry their booking)."""

    time = Column(_("Time"), _time, width=12, css="nowrap")
    room = Column(_("Room"), "booking__room", width=14)
    meeting = Column(_("Meeting"), "booking__title", width=24)
    organiser = Column(_("Organiser"), "booking__organiser", width=10)
    attendees = Column(_("Attendees"), "booking__attendees", width=6)
    item = Column(_("Service"), "item", width=12, choices=ServiceItem)
    quantity = Column(_("Quantity"), width=6)
    note = Column(_("Note"), width=20)
    done_at = Column(_("Done at"), width=14, css="nowrap")


def task_rows(bookings) -> list:
    """Every item of the day's bookings, its ``booking`` already loaded (no further query)."""
    rows = []
    for booking in bookings:
        for service in booking.services.all():
            service.booking = booking
            rows.append(service)
    return rows
