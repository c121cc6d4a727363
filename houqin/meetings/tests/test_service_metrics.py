"""Meeting figures of the annual report: meetings served, bookings, the average rating."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from houqin.meetings.choices import BookingStatus
from houqin.meetings.metrics import meeting_metrics
from houqin.meetings.services import service as services
from houqin.meetings.tests.helpers_service import make_booking, today_at
from houqin.reports.registry import all_metrics, compute


def _serve(booking, by):
    for service in booking.services.all():
        services.service_item_done(service=service, by=by)
    booking.refresh_from_db()


def _period():
    today = today_at(0)
    return today - timedelta(days=1), today + timedelta(days=2)


def test_figures(personas, room, other_room, server, staff2, django_assert_num_queries):
    a = make_booking(room, personas.staff, starts_at=today_at(8))
    b = make_booking(room, staff2, starts_at=today_at(10))
    _serve(a, server)
    _serve(b, server)
    services.booking_rate(booking=a, by=personas.staff, rating=5)
    services.booking_rate(booking=b, by=staff2, rating=4)
    make_booking(room, personas.staff, starts_at=today_at(12))  # booked, not served
    make_booking(room, personas.staff, starts_at=today_at(13), items=[])  # no service
    make_booking(room, personas.staff, starts_at=today_at(14), status=BookingStatus.CANCELLED)
    make_booking(room, personas.staff, starts_at=today_at(15), status=BookingStatus.REJECTED)
    make_booking(room, personas.staff, starts_at=today_at(16), status=BookingStatus.RELEASED)
    void = make_booking(room, personas.staff, starts_at=today_at(17))
    _serve(void, server)
    void.voided_at = timezone.now()
    void.save(update_fields=["voided_at"])
    make_booking(other_room, personas.staff, starts_at=today_at(9))
    make_booking(room, personas.staff, starts_at=today_at(9, days=10))  # after the period
    start, end = _period()
    with django_assert_num_queries(3):  # served, held and rated: each through its own index
        values = meeting_metrics(site_ids=[personas.site.pk], start=start, end=end)
    assert values == {
        "services.meeting_services": 2,
        "services.bookings": 5,
        "services.meeting_rating": 4.5,
    }
    every = meeting_metrics(site_ids=None, start=start, end=end)
    assert every["services.bookings"] == 6


def test_no_rating_is_zero(personas):
    start, end = _period()
    values = meeting_metrics(site_ids=[personas.site.pk], start=start, end=end)
    assert values == {
        "services.meeting_services": 0,
        "services.bookings": 0,
        "services.meeting_rating": 0,
    }


def test_registered_when_imported(personas):
    keys = {m.key for m in all_metrics()}
    assert {"services.meeting_services", "services.bookings", "services.meeting_rating"} <= keys
    start, end = _period()
    assert (
        compute(site_ids=[personas.site.pk], start=start, end=end)["services.meeting_services"] == 0
    )
