"""Services of the health-consultation room: sessions and their places, booking and every
refusal, cancelling, attendance, the consent rule, bulk logging, and the metrics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from houqin.core.models import Notification, Person
from houqin.outreach.choices import BookingStatus
from houqin.outreach.models import Consultation, HealthBooking
from houqin.outreach.services import health as services
from houqin.outreach.tests.helpers_outreach import *  # noqa: F403  (fixtures)
from houqin.outreach.tests.helpers_outreach import local, make_session, person_of
from houqin.reports.registry import compute, year_bounds

pytestmark = pytest.mark.usefixtures("english")


def book(session, user):
    return services.session_book(session=session, person=person_of(user), by=user)


def test_a_reader_books_a_place_and_the_session_fills_up(personas, upcoming):
    book(upcoming, personas.staff)
    book(upcoming, personas.guard)
    assert services.booked_count(upcoming) == 2
    with pytest.raises(ValidationError, match="This session is full"):
        book(upcoming, personas.duty)
    assert HealthBooking.objects.filter(session=upcoming).count() == 2


def test_booking_twice_is_refused(personas, upcoming):
    book(upcoming, personas.staff)
    with pytest.raises(ValidationError, match="already booked"):
        book(upcoming, personas.staff)


def test_a_reader_books_only_for_themself_but_the_librarian_for_anyone(
    personas, upcoming, librarian
):
    with pytest.raises(ValidationError, match="only for yourself"):
        services.session_book(session=upcoming, person=person_of(personas.guard), by=personas.staff)
    booking = services.session_book(
        session=upcoming, person=person_of(personas.guard), by=librarian
    )
    assert booking.status == BookingStatus.BOOKED


def test_a_started_or_cancelled_session_cannot_be_booked(personas, past, upcoming, librarian):
    with pytest.raises(ValidationError, match="already started"):
        book(past, personas.staff)
    services.session_cancel(session=upcoming, by=librarian)
    with pytest.raises(ValidationError, match="cancelled"):
        book(upcoming, personas.staff)


def test_a_person_of_another_site_cannot_book(personas, upcoming):
    with pytest.raises(ValidationError, match="session's site"):
        book(upcoming, personas.outsider)


def test_cancelling_frees_the_place_and_rebooking_works(personas, upcoming):
    booking = book(upcoming, personas.staff)
    book(upcoming, personas.guard)
    services.booking_cancel(booking=booking, by=personas.staff)
    book(upcoming, personas.duty)
    assert services.booked_count(upcoming) == 2
    book_again = services.booking_cancel
    with pytest.raises(ValidationError, match="not open"):
        book_again(booking=booking, by=personas.staff)


def test_someone_else_cannot_cancel_my_booking(personas, upcoming):
    booking = book(upcoming, personas.staff)
    with pytest.raises(ValidationError, match="only your own"):
        services.booking_cancel(booking=booking, by=personas.guard)


def test_session_rules(personas, upcoming, librarian):
    upcoming.ends_at = upcoming.starts_at
    with pytest.raises(ValidationError, match="end after it starts"):
        services.session_save(session=upcoming, by=librarian)
    upcoming.refresh_from_db()
    book(upcoming, personas.staff)
    book(upcoming, personas.guard)
    upcoming.capacity = 1
    with pytest.raises(ValidationError, match="2 places are already booked"):
        services.session_save(session=upcoming, by=librarian)
    upcoming.capacity = 0
    with pytest.raises(ValidationError, match="at least one place"):
        services.session_save(session=upcoming, by=librarian)
    upcoming.capacity = 3
    services.session_save(session=upcoming, by=librarian)
    upcoming.refresh_from_db()
    assert upcoming.capacity == 3


def test_cancelling_a_session_tells_those_booked(personas, upcoming, librarian):
    book(upcoming, personas.staff)
    services.session_cancel(session=upcoming, by=librarian, reason="专家临时出诊")
    upcoming.refresh_from_db()
    assert upcoming.cancelled_at is not None
    assert HealthBooking.objects.get(session=upcoming).status == BookingStatus.CANCELLED
    note = Notification.objects.get(recipient=personas.staff)
    assert upcoming.topic in note.title
    with pytest.raises(ValidationError, match="already cancelled"):
        services.session_cancel(session=upcoming, by=librarian)


def test_attendance_after_the_start(personas, past, librarian):
    for user in (personas.staff, personas.guard, personas.duty):
        HealthBooking.objects.create(
            site=personas.site, session=past, person=person_of(user), booked_at=timezone.now()
        )
    counts = services.attendance_mark(
        session=past, attended={person_of(personas.staff).pk}, by=librarian
    )
    assert counts == {"attended": 1, "no_show": 2}
    stranger = Person.objects.create(site=personas.site, name="路人")
    with pytest.raises(ValidationError, match="Only people who booked"):
        services.attendance_mark(session=past, attended={stranger.pk}, by=librarian)


def test_attendance_before_the_start_is_refused(personas, upcoming, librarian):
    with pytest.raises(ValidationError, match="once the session has started"):
        services.attendance_mark(session=upcoming, attended=set(), by=librarian)


def test_without_consent_a_person_or_note_is_refused_not_dropped(personas, librarian):
    at = timezone.now() - timedelta(hours=1)
    staff = person_of(personas.staff)
    for extra in ({"person": staff}, {"note": "血压偏高"}):
        with pytest.raises(ValidationError, match="Without the person's consent"):
            services.consultation_log(
                site=personas.site, kind="check", consulted_at=at, by=librarian, **extra
            )
    assert Consultation.objects.count() == 0
    kept = services.consultation_log(
        site=personas.site,
        kind="check",
        consulted_at=at,
        by=librarian,
        consent=True,
        person=staff,
        note="复查",
    )
    assert (kept.person, kept.note, kept.number[:2]) == (staff, "复查", "ZX")
    anonymous = services.consultation_log(
        site=personas.site, kind="general", consulted_at=at, by=librarian
    )
    assert anonymous.person is None and anonymous.note == ""


def test_the_database_also_holds_the_consent_rule(personas):
    row = Consultation(
        site=personas.site,
        number="ZX-X",
        kind="general",
        consulted_at=timezone.now(),
        person=person_of(personas.staff),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_consultation_input_is_checked(personas, librarian):
    future = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future"):
        services.consultation_log(
            site=personas.site, kind="general", consulted_at=future, by=librarian
        )
    with pytest.raises(ValidationError, match="type of consultation"):
        services.consultation_log(
            site=personas.site, kind="x", consulted_at=timezone.now(), by=librarian
        )
    with pytest.raises(ValidationError, match="short"):
        services.consultation_log(
            site=personas.site,
            kind="general",
            by=librarian,
            consulted_at=timezone.now(),
            consent=True,
            note="长" * 301,
        )


def test_bulk_logging_is_all_or_nothing(personas, past, upcoming, librarian):
    n = services.consultations_log_many(session=past, counts={"check": 12, "tcm": 3}, by=librarian)
    assert n == 15
    rows = Consultation.objects.filter(session=past)
    assert rows.count() == 15 and rows.filter(kind="check").count() == 12
    assert len(set(rows.values_list("number", flat=True))) == 15
    assert not rows.exclude(person=None).exists()
    with pytest.raises(ValidationError, match="Unknown type"):
        services.consultations_log_many(session=past, counts={"check": 2, "bad": 1}, by=librarian)
    with pytest.raises(ValidationError, match="once the session has started"):
        services.consultations_log_many(session=upcoming, counts={"check": 2}, by=librarian)
    with pytest.raises(ValidationError, match="at least one type"):
        services.consultations_log_many(session=past, counts={"check": 0}, by=librarian)
    assert Consultation.objects.count() == 15


def test_metrics_count_non_void_consultations_and_sessions_held(personas, librarian):
    held = make_session(personas.site, starts_in=timedelta(days=-1))
    make_session(personas.site, starts_in=timedelta(days=3), topic="未来")
    cancelled = make_session(personas.site, starts_in=timedelta(days=4), topic="取消")
    services.session_cancel(session=cancelled, by=librarian)
    services.consultations_log_many(session=held, counts={"general": 5}, by=librarian)
    void = services.consultation_log(
        site=personas.site, kind="check", by=librarian, consulted_at=held.starts_at
    )
    services.consultation_void(consultation=void, by=librarian, reason="重复登记")
    start, end = year_bounds(timezone.localdate().year)
    start = min(start, held.starts_at - timedelta(days=1))
    end = max(end, held.starts_at + timedelta(days=10))
    values = compute(site_ids=[personas.site.pk], start=start, end=end)
    assert values["outreach.health_consultations"] == 5
    assert values["outreach.health_sessions"] == 1
    other = compute(site_ids=[personas.other_site.pk], start=start, end=end)
    assert other["outreach.health_consultations"] == 0


def test_metrics_respect_the_period_in_local_time(personas, librarian):
    jan1 = local(2026, 1, 1, 0, 30)  # 2025-12-31 16:30 UTC: counts in 2026
    services.consultation_log(site=personas.site, kind="general", consulted_at=jan1, by=librarian)
    start, end = year_bounds(2026)
    assert compute(site_ids=None, start=start, end=end)["outreach.health_consultations"] == 1
    start, end = year_bounds(2025)
    assert compute(site_ids=None, start=start, end=end)["outreach.health_consultations"] == 0
