"""Writes of the health-consultation room: experts, sessions and their bookings, attendance, and
consultations logged by type (a person and a note only with their consent, SPEC §6)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.models import Person
from houqin.core.permissions import has_perm_at
from houqin.core.services import event_record, next_numbers, notify, record_number, record_void
from houqin.outreach.choices import BookingStatus, ConsultationKind
from houqin.outreach.models import Consultation, Expert, HealthBooking, HealthSession

HOLDING = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
SESSION_FIELDS = ["expert", "topic", "starts_at", "ends_at", "place", "capacity"]
EXPERT_FIELDS = ["name", "title", "institution", "specialty", "is_active"]
NOTE_MAX = 300
BULK_MAX = 1000  # consultations of one type after one session: more is a typing slip


def expert_save(*, expert: Expert, by) -> Expert:
    """Create or change an expert of the consultation room."""
    if not (expert.name or "").strip():
        raise ValidationError({"name": _("Give the expert's name.")})
    with transaction.atomic():
        created = expert.pk is None
        expert.save(update_fields=None if created else EXPERT_FIELDS)
        verb = "expert_created" if created else "expert_changed"
        event_record(site=expert.site, verb=verb, actor=by, target=expert)
    return expert


def booked_count(session: HealthSession) -> int:
    """Places taken at a session (bookings not cancelled)."""
    return session.bookings.filter(status__in=HOLDING).count()


def _check_session(session: HealthSession) -> None:
    errors = {}
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    if session.capacity is None or session.capacity < 1:
        errors["capacity"] = _("A session has at least one place.")
    if session.expert_id and session.expert.site_id != session.site_id:
        errors["expert"] = _("Choose an expert of the session's site.")
    if errors:
        raise ValidationError(errors)


def session_save(*, session: HealthSession, by) -> HealthSession:
    """Create or change a session; its places never drop below those already booked."""
    _check_session(session)
    with transaction.atomic():
        created = session.pk is None
        if not created:
            locked = HealthSession.objects.select_for_update().get(pk=session.pk)
            if locked.cancelled_at is not None:
                raise ValidationError(_("This session was cancelled."))
            taken = booked_count(locked)
            if session.capacity < taken:
                raise ValidationError(
                    {"capacity": _("{n} places are already booked.").format(n=taken)}
                )
        session.save(update_fields=None if created else SESSION_FIELDS)
        verb = "session_created" if created else "session_changed"
        event_record(site=session.site, verb=verb, actor=by, target=session)
    return session


def _lock_session(session: HealthSession) -> HealthSession:
    return HealthSession.objects.select_for_update().select_related("site").get(pk=session.pk)


def session_cancel(*, session: HealthSession, by, reason: str = "") -> HealthSession:
    """Cancel a session that has not started; its bookings are cancelled and the people who
    booked are told."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.cancelled_at is not None:
            raise ValidationError(_("This session was already cancelled."))
        if session.starts_at <= timezone.now():
            raise ValidationError(_("A session that has started cannot be cancelled."))
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
        bookings = session.bookings.filter(status=BookingStatus.BOOKED)
        users = [b.person.user for b in bookings.select_related("person__user") if b.person.user]
        bookings.update(status=BookingStatus.CANCELLED)
        _tell_cancelled(session, users)
        event_record(
            site=session.site, verb="session_cancelled", actor=by, target=session, detail=reason
        )
    return session


def _tell_cancelled(session: HealthSession, users) -> None:
    when = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    notify(
        site=session.site,
        recipients=users,
        title=_("Health session cancelled: {topic}").format(topic=session.topic),
        body=_("The session of {when} will not take place; your booking is cancelled.").format(
            when=when
        ),
        url=reverse("outreach:session_book"),
        level="warning",
    )


def may_book_for_others(user, site_id: int) -> bool:
    """The librarian books for anyone of the site; a reader only for themself."""
    return has_perm_at(user, "outreach.change_healthbooking", site_id)


def _check_booker(session: HealthSession, person: Person, by) -> None:
    if person.site_id != session.site_id:
        raise ValidationError(_("Only people of the session's site can book it."))
    own = getattr(by, "pk", None) is not None and person.user_id == by.pk
    if not own and not may_book_for_others(by, session.site_id):
        raise ValidationError(_("You may book a place only for yourself."))


def _check_bookable(session: HealthSession, person: Person) -> None:
    if session.cancelled_at is not None:
        raise ValidationError(_("This session was cancelled."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("This session has already started."))
    if session.bookings.filter(person=person, status__in=HOLDING).exists():
        raise ValidationError(_("{name} has already booked this session.").format(name=person))
    if booked_count(session) >= session.capacity:
        raise ValidationError(_("This session is full."))


def session_book(*, session: HealthSession, person: Person, by) -> HealthBooking:
    """Book a place at a session. The session row is locked so two bookings of the last place
    cannot both succeed (on SQLite the IMMEDIATE transaction serialises them instead)."""
    _check_booker(session, person, by)
    with transaction.atomic():
        session = _lock_session(session)
        _check_bookable(session, person)
        booking = HealthBooking.objects.create(
            site_id=session.site_id, session=session, person=person, booked_at=timezone.now()
        )
        event_record(
            site=session.site, verb="session_booked", actor=by, target=session, detail=person.name
        )
    return booking


def booking_cancel(*, booking: HealthBooking, by) -> HealthBooking:
    """Cancel one's own booking (or, for the librarian, anyone's) before the session starts."""
    with transaction.atomic():
        booking = (
            HealthBooking.objects.select_for_update()
            .select_related("session", "person", "site")
            .get(pk=booking.pk)
        )
        own = booking.person.user_id is not None and booking.person.user_id == by.pk
        if not own and not may_book_for_others(by, booking.site_id):
            raise ValidationError(_("You may cancel only your own booking."))
        if booking.status != BookingStatus.BOOKED:
            raise ValidationError(_("This booking is not open."))
        if booking.session.starts_at <= timezone.now():
            raise ValidationError(_("The session has already started."))
        booking.status = BookingStatus.CANCELLED
        booking.save(update_fields=["status"])
        event_record(
            site=booking.site,
            verb="booking_cancelled",
            actor=by,
            target=booking.session,
            detail=booking.person.name,
        )
    return booking


def attendance_mark(*, session: HealthSession, attended: set[int], by) -> dict[str, int]:
    """After the start: the people in ``attended`` (person ids) came, everyone else who booked
    did not. Returns the counts."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.cancelled_at is not None:
            raise ValidationError(_("This session was cancelled."))
        if session.starts_at > timezone.now():
            raise ValidationError(_("Attendance is marked once the session has started."))
        bookings = session.bookings.filter(status__in=HOLDING)
        unknown = set(attended) - set(bookings.values_list("person_id", flat=True))
        if unknown:
            raise ValidationError(_("Only people who booked can be marked as attending."))
        came = bookings.filter(person_id__in=attended).update(status=BookingStatus.ATTENDED)
        missed = bookings.exclude(person_id__in=attended).update(status=BookingStatus.NO_SHOW)
        detail = _("{came} came, {missed} did not").format(came=came, missed=missed)
        event_record(
            site=session.site, verb="attendance_marked", actor=by, target=session, detail=detail
        )
    return {"attended": came, "no_show": missed}


def _check_consultation(*, site, kind, consulted_at, session, consent, person, note) -> None:
    errors = {}
    if kind not in ConsultationKind.values:
        errors["kind"] = _("Choose the type of consultation.")
    if consulted_at is None or timezone.is_naive(consulted_at):
        errors["consulted_at"] = _("Give the date and time of the consultation.")
    elif consulted_at > timezone.now():
        errors["consulted_at"] = _("A consultation cannot be logged in the future.")
    if session is not None and session.site_id != site.pk:
        errors["session"] = _("Choose a session of the same site.")
    if not consent and (person is not None or note):
        errors["consent"] = _(
            "Without the person's consent only the type and time are kept: "
            "leave the person and the note empty, or record their consent."
        )
    if person is not None and person.site_id != site.pk:
        errors["person"] = _("Choose a person of the same site.")
    if len(note) > NOTE_MAX:
        errors["note"] = _("Keep the note short (at most {n} characters).").format(n=NOTE_MAX)
    if errors:
        raise ValidationError(errors)


def consultation_log(
    *,
    site,
    kind: str,
    consulted_at: datetime,
    by,
    session: HealthSession | None = None,
    consent: bool = False,
    person: Person | None = None,
    note: str = "",
) -> Consultation:
    """Log one consultation (one 人次). Without consent a person or a note is refused, not
    dropped: staff must see that nothing personal was kept."""
    note = (note or "").strip()
    _check_consultation(
        site=site,
        kind=kind,
        consulted_at=consulted_at,
        session=session,
        consent=consent,
        person=person,
        note=note,
    )
    with transaction.atomic():
        consultation = Consultation(
            site=site,
            kind=kind,
            consulted_at=consulted_at,
            session=session,
            consent=bool(consent),
            person=person,
            note=note,
            logged_by=by,
            created_by=by,
            department_id=person.department_id if person is not None else None,
        )
        consultation.number = record_number(record=consultation, when=consulted_at)
        consultation.save()
        event_record(site=site, verb="consultation_logged", actor=by, target=consultation)
    return consultation


def _check_counts(session: HealthSession, counts: dict) -> int:
    if session.cancelled_at is not None:
        raise ValidationError(_("This session was cancelled."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("Consultations are logged once the session has started."))
    for kind, n in counts.items():
        if kind not in ConsultationKind.values:
            raise ValidationError(_("Unknown type of consultation."))
        if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= BULK_MAX:
            raise ValidationError(
                _("Give a whole number from 0 to {max} for each type.").format(max=BULK_MAX)
            )
    total = sum(counts.values())
    if total == 0:
        raise ValidationError(_("Give the number of consultations of at least one type."))
    return total


def consultations_log_many(*, session: HealthSession, counts: dict[str, int], by) -> int:
    """Log ``n`` anonymous consultations of each type for a busy session, all or nothing, at the
    session's start time. Returns how many were logged."""
    with transaction.atomic():
        session = _lock_session(session)
        total = _check_counts(session, counts)
        year = timezone.localtime(session.starts_at).year
        numbers = iter(
            next_numbers(
                site=session.site, prefix=Consultation.number_prefix, year=year, count=total
            )
        )
        rows = [
            Consultation(
                site_id=session.site_id,
                session=session,
                kind=kind,
                consulted_at=session.starts_at,
                logged_by=by,
                created_by=by,
                number=next(numbers),
            )
            for kind, n in counts.items()
            for _i in range(n)
        ]
        Consultation.objects.bulk_create(rows)
        event_record(
            site=session.site,
            verb="consultations_logged",
            actor=by,
            target=session,
            detail=_("{n} consultations").format(n=total),
        )
    return total


def consultation_void(*, consultation: Consultation, by, reason: str) -> None:
    """Void a consultation logged by mistake; it stops counting."""
    record_void(record=consultation, by=by, reason=reason)
