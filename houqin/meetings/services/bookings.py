"""Rooms, blackout periods, bookings (single or repeating), check-in, no-show release and the
waitlist.

Two holding bookings of a room never overlap: every write that places a booking locks the room
row first (``select_for_update``; on SQLite every transaction is ``BEGIN IMMEDIATE``, which
serialises writers), checks the room's rules and its holding bookings, then inserts. On
PostgreSQL an exclusion constraint backs this up; its refusal is turned into the same message.

Rooms that need approval: the bookings are made ``pending`` and one approval request is opened
per meeting — for a repeating meeting, one request for the whole series (its first occurrence is
the request's target), so the approver decides once and not once per week. The decision applies
to every occurrence of the series still pending.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.models import Department, Person
from houqin.core.permissions import has_perm_at
from houqin.meetings.choices import (
    HOLDING_STATUSES,
    BookingStatus,
    Frequency,
    Layout,
    ServiceItem,
    WaitStatus,
)
from houqin.meetings.models import Blackout, Booking, BookingService, Room, Series, WaitlistEntry

APPROVAL_KIND = "room_booking"
MAX_OCCURRENCES = 200
CHECK_IN_EARLY = timedelta(minutes=15)
OFFER_HOLDS = timedelta(minutes=30)
OVERLAP_CONSTRAINT = "booking_no_overlap"


@dataclass(frozen=True)
class ServiceLine:
    """A service item asked for with a booking (stored as a ``BookingService`` row on each
    occurrence)."""

    item: str
    quantity: int = 1
    note: str = ""


@dataclass(frozen=True)
class Repeat:
    """How a meeting repeats: every ``interval`` days, weeks or months until ``until``
    (inclusive); weekly meetings on ``weekdays`` (0 = Monday; default the first day's);
    ``skip`` lists the dates left out."""

    frequency: str
    interval: int
    until: date
    weekdays: tuple[int, ...] = ()
    skip: tuple[date, ...] = field(default_factory=tuple)


class BookingRefused(ValidationError):
    """A booking refused for clashes or broken rules; ``clashes`` holds the bookings in the
    way (a page then suggests the waitlist)."""

    def __init__(self, messages: list[str], clashes: list[Booking] | None = None):
        super().__init__(messages, code="refused")
        self.clashes = clashes or []


# Rooms and blackout periods ---------------------------------------------------------------------


def room_save(*, room: Room, by, departments=None, fields: list[str] | None = None) -> Room:
    """Create or change a room (meeting managers); ``fields`` limits an update to the fields
    changed, ``departments`` (when given) replaces who may book it."""
    action = "change" if room.pk else "add"
    if not has_perm_at(by, f"meetings.{action}_room", room.site_id):
        raise ValidationError(_("You do not manage the meeting rooms of this site."))
    _check_room(room)
    room.full_clean(exclude=["allowed_departments"])
    with transaction.atomic():
        created = room.pk is None
        room.save(update_fields=None if created or fields is None else fields)
        if departments is not None:
            _check_same_site(room, departments)
            room.allowed_departments.set(departments)
        core.event_record(
            site=room.site, verb="room_add" if created else "room_change", actor=by, target=room
        )
    return room


def _check_room(room: Room) -> None:
    if _as_time(room.opens_at) >= _as_time(room.closes_at):
        raise ValidationError({"closes_at": _("A room must close after it opens.")})
    known = {value for value, _label in Layout.choices}
    if any(layout not in known for layout in room.layouts or []):
        raise ValidationError({"layouts": _("Choose layouts from the list.")})


def _check_same_site(room: Room, departments) -> None:
    if any(dept.site_id != room.site_id for dept in departments):
        raise ValidationError(
            {"allowed_departments": _("Choose departments of the room's own site.")}
        )


def blackout_save(*, blackout: Blackout, by, fields: list[str] | None = None) -> Blackout:
    """Create or change a blackout period of one room (or of every room of the site)."""
    action = "change" if blackout.pk else "add"
    if not has_perm_at(by, f"meetings.{action}_blackout", blackout.site_id):
        raise ValidationError(_("You do not manage the meeting rooms of this site."))
    if blackout.room_id and blackout.room.site_id != blackout.site_id:
        raise ValidationError({"room": _("Choose a room of the same site.")})
    if blackout.starts_at and blackout.ends_at and blackout.ends_at <= blackout.starts_at:
        raise ValidationError({"ends_at": _("The period must end after it starts.")})
    blackout.reason = (blackout.reason or "").strip()
    blackout.full_clean()
    with transaction.atomic():
        created = blackout.pk is None
        blackout.save(update_fields=None if created or fields is None else fields)
        core.event_record(
            site=blackout.site, verb="blackout_save", actor=by, target=blackout,
            detail=blackout.reason,
        )  # fmt: skip
    return blackout


# Occurrences ------------------------------------------------------------------------------------


def occurrences(starts_at: datetime, ends_at: datetime, repeat: Repeat | None):
    """(start, end) of each occurrence, keeping the local wall-clock times of the first."""
    if repeat is None:
        return [(starts_at, ends_at)]
    _check_repeat(repeat, starts_at)
    first = timezone.localtime(starts_at)
    length = ends_at - starts_at
    skip = set(repeat.skip)
    days = [d for d in _repeat_dates(first.date(), repeat) if d not in skip]
    if len(days) > MAX_OCCURRENCES:
        raise ValidationError(
            {"until": _("At most %(max)d occurrences at once.") % {"max": MAX_OCCURRENCES}}
        )
    starts = [timezone.make_aware(datetime.combine(d, first.time())) for d in days]
    return [(start, start + length) for start in starts]


def _check_repeat(repeat: Repeat, starts_at: datetime) -> None:
    if repeat.frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how the meeting repeats.")})
    if not 1 <= int(repeat.interval or 0) <= 52:
        raise ValidationError({"interval": _("Repeat every 1 to 52 days, weeks or months.")})
    if repeat.until < timezone.localtime(starts_at).date():
        raise ValidationError({"until": _("The repeat must end on or after the first day.")})
    if any(not 0 <= day <= 6 for day in repeat.weekdays):
        raise ValidationError({"weekdays": _("Choose weekdays from Monday to Sunday.")})


def _repeat_dates(first: date, repeat: Repeat) -> list[date]:
    if repeat.frequency == Frequency.MONTHLY:
        return _monthly(first, repeat)
    days = []
    weekdays = set(repeat.weekdays or (first.weekday(),))
    monday = first - timedelta(days=first.weekday())
    day, last = first, min(repeat.until, date.max - timedelta(days=1))  # no step past year 9999
    while day <= last and len(days) <= MAX_OCCURRENCES:
        if repeat.frequency == Frequency.DAILY:
            if (day - first).days % repeat.interval == 0:
                days.append(day)
        elif day.weekday() in weekdays and ((day - monday).days // 7) % repeat.interval == 0:
            days.append(day)
        day += timedelta(days=1)
    return days


def _monthly(first: date, repeat: Repeat) -> list[date]:
    """The same day of the month; months without that day (the 31st …) are left out."""
    days, step = [], 0
    while len(days) <= MAX_OCCURRENCES:
        month_index = first.month - 1 + step * repeat.interval
        year, month = first.year + month_index // 12, month_index % 12 + 1
        if year > date.max.year or date(year, month, 1) > repeat.until:
            break
        if first.day <= calendar.monthrange(year, month)[1]:
            day = date(year, month, first.day)
            if day <= repeat.until:
                days.append(day)
        step += 1
    return days


# Rules and clashes ------------------------------------------------------------------------------


def _when(start: datetime, end: datetime) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    tail = end.strftime("%H:%M") if start.date() == end.date() else end.strftime("%Y-%m-%d %H:%M")
    return f"{start:%Y-%m-%d %H:%M}–{tail}"


def _as_time(value) -> time:
    """A room's hour as a time (a room built in code may still hold the default's text)."""
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def rule_problems(*, room: Room, start: datetime, end: datetime, now: datetime) -> list[str]:
    """What in the room's rules one occurrence breaks (blackouts are checked separately)."""
    when = _when(start, end)
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    problems = []
    if start < now:
        problems.append(_("%(when)s is in the past.") % {"when": when})
    opens, closes = _as_time(room.opens_at), _as_time(room.closes_at)
    if local_start.date() != local_end.date() or not (
        opens <= local_start.time() < local_end.time() <= closes
    ):
        problems.append(
            _("%(when)s is outside the bookable hours of %(room)s (%(opens)s–%(closes)s).")
            % {
                "when": when,
                "room": room,
                "opens": opens.strftime("%H:%M"),
                "closes": closes.strftime("%H:%M"),
            }
        )
    if (local_start.date() - timezone.localtime(now).date()).days > room.max_days_ahead:
        problems.append(
            _("%(when)s is too far ahead: %(room)s can be booked %(days)d days ahead at most.")
            % {"when": when, "room": room, "days": room.max_days_ahead}
        )
    if (end - start) > timedelta(minutes=room.max_minutes):
        problems.append(
            _("%(when)s is too long: %(room)s can be booked for %(minutes)d minutes at most.")
            % {"when": when, "room": room, "minutes": room.max_minutes}
        )
    return problems


def _general_problems(*, room: Room, attendees: int, department, allowed: set[int]) -> list[str]:
    """The rules that do not depend on the time: seats, active room, departments."""
    problems = []
    if not room.is_active:
        problems.append(_("%(room)s is not available for booking.") % {"room": room})
    if attendees > room.capacity:
        problems.append(
            _("%(count)d attendees are more than the %(seats)d seats of %(room)s.")
            % {"count": attendees, "seats": room.capacity, "room": room}
        )
    if allowed and (department is None or department.pk not in allowed):
        problems.append(
            _("%(room)s may only be booked by certain departments; %(department)s is not one.")
            % {"room": room, "department": department or _("no department")}
        )
    return problems


def _blackout_problems(room: Room, slots) -> list[str]:
    lo, hi = min(s for s, _e in slots), max(e for _s, e in slots)
    blackouts = list(
        Blackout.objects.filter(site_id=room.site_id, starts_at__lt=hi, ends_at__gt=lo)
        .filter(Q(room=room) | Q(room__isnull=True))
        .order_by("starts_at")
    )
    return [
        _("%(when)s falls in a blackout period of %(room)s: %(reason)s.")
        % {"when": _when(start, end), "room": room, "reason": b.reason}
        for start, end in slots
        for b in blackouts
        if b.starts_at < end and b.ends_at > start
    ]


def holding_bookings(room: Room, lo: datetime, hi: datetime, exclude=()):
    """The room's bookings that hold some of [lo, hi)."""
    return (
        Booking.objects.filter(
            room=room,
            status__in=HOLDING_STATUSES,
            voided_at__isnull=True,
            starts_at__lt=hi,
            ends_at__gt=lo,
        )
        .exclude(pk__in=list(exclude))
        .select_related("organiser", "room")
        .order_by("starts_at")
    )


def clash_message(booking: Booking) -> str:
    """The refusal naming a meeting in the way: title, organiser, room and time."""
    return _("Clashes with “%(title)s” organised by %(organiser)s in %(room)s, %(when)s.") % {
        "title": booking.title,
        "organiser": booking.organiser,
        "room": booking.room,
        "when": _when(booking.starts_at, booking.ends_at),
    }


def _clashes(room: Room, slots, exclude=(), by=None) -> tuple[list[Booking], list[str]]:
    lo, hi = min(s for s, _e in slots), max(e for _s, e in slots)
    taken = list(holding_bookings(room, lo, hi, exclude))
    clashes = [b for b in taken if any(b.starts_at < e and b.ends_at > s for s, e in slots)]
    messages = [clash_message(b) for b in clashes]
    offers = WaitlistEntry.objects.filter(
        room=room,
        status=WaitStatus.OFFERED,
        offer_expires_at__gt=timezone.now(),
        starts_at__lt=hi,
        ends_at__gt=lo,
    ).exclude(user=by)
    for offer in offers:
        if any(offer.starts_at < e and offer.ends_at > s for s, e in slots):
            messages.append(
                _("%(when)s is held until %(until)s for someone on the waitlist.")
                % {
                    "when": _when(offer.starts_at, offer.ends_at),
                    "until": timezone.localtime(offer.offer_expires_at).strftime("%H:%M"),
                }
            )
    return clashes, messages


def check_slots(
    *, room: Room, slots, attendees: int, department, exclude=(), by=None, now=None
) -> None:
    """Refuse (naming each clash and each broken rule) unless every slot may be booked."""
    now = now or timezone.now()
    allowed = set(room.allowed_departments.values_list("pk", flat=True))
    problems = _general_problems(
        room=room, attendees=attendees, department=department, allowed=allowed
    )
    for start, end in slots:
        if end <= start:
            problems.append(_("A meeting must end after it starts."))
            break
        problems += rule_problems(room=room, start=start, end=end, now=now)
    if not problems:
        problems += _blackout_problems(room, slots)
    clashes, clash_messages = _clashes(room, slots, exclude, by) if not problems else ([], [])
    if problems or clash_messages:
        raise BookingRefused(clash_messages + problems, clashes)


# Booking ----------------------------------------------------------------------------------------


def _department_of(user) -> Department | None:
    person = Person.objects.filter(user=user).select_related("department").first()
    return person.department if person is not None else None


def _check_booker(room: Room, by, organiser) -> None:
    if not has_perm_at(by, "meetings.add_booking", room.site_id):
        raise ValidationError(_("You may not book rooms at this site."))
    if organiser.pk != by.pk:
        if not has_perm_at(by, "meetings.book_for_others", room.site_id):
            raise ValidationError(
                {"organiser": _("Only a meeting manager may book for someone else.")}
            )
        if not has_perm_at(organiser, "", room.site_id):
            raise ValidationError({"organiser": _("The organiser does not work at this site.")})


def _check_input(title: str, attendees, services) -> None:
    if not title:
        raise ValidationError({"title": _("Give the meeting a title.")})
    if not isinstance(attendees, int) or attendees < 1:
        raise ValidationError({"attendees": _("At least one person attends a meeting.")})
    items = [line.item for line in services]
    if any(item not in ServiceItem.values for item in items) or len(set(items)) != len(items):
        raise ValidationError({"services": _("Choose each service item once, from the list.")})
    if any(not 1 <= int(line.quantity) <= 999 for line in services):
        raise ValidationError({"services": _("A quantity is between 1 and 999.")})


def booking_create(
    *,
    room: Room,
    by,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    attendees: int,
    organiser=None,
    department=None,
    layout: str = Layout.BOARDROOM,
    attendee_names: str = "",
    note: str = "",
    services=(),
    repeat: Repeat | None = None,
) -> list[Booking]:
    """Book a room once or repeatedly (one booking per occurrence); all or nothing. A refusal
    names every clashing meeting and every rule broken."""
    organiser = organiser or by
    title, services = (title or "").strip(), list(services)
    _check_booker(room, by, organiser)
    _check_input(title, attendees, services)
    if layout not in Layout.values:
        raise ValidationError({"layout": _("Choose a layout from the list.")})
    if department is not None and department.site_id != room.site_id:
        raise ValidationError({"department": _("Choose a department of the room's site.")})
    slots = occurrences(starts_at, ends_at, repeat)
    if not slots:
        raise ValidationError({"until": _("The repeat leaves no day to meet on.")})
    template = Booking(
        site_id=room.site_id,
        room=room,
        title=title[:200],
        organiser=organiser,
        department=department or _department_of(organiser),
        attendees=attendees,
        attendee_names=(attendee_names or "").strip(),
        layout=layout,
        note=(note or "").strip(),
        created_by=by,
    )
    return _insert(template, slots, repeat, services, by)


def _insert(template: Booking, slots, repeat, services, by) -> list[Booking]:
    try:
        with transaction.atomic():
            room = Room.objects.select_for_update().get(pk=template.room_id)
            template.room = room
            check_slots(
                room=room,
                slots=slots,
                attendees=template.attendees,
                # Who may book is the organiser's own department, not the one typed in the form.
                department=_department_of(template.organiser),
                by=by,
            )
            bookings = _write(template, slots, repeat, services, by)
    except IntegrityError as exc:  # PostgreSQL's exclusion constraint: a request won the race
        if OVERLAP_CONSTRAINT not in str(exc):
            raise
        raise _refusal_after_race(template, slots) from exc
    return bookings


def _refusal_after_race(template: Booking, slots) -> BookingRefused:
    lo, hi = min(s for s, _e in slots), max(e for _s, e in slots)
    clashes = list(holding_bookings(template.room, lo, hi))
    messages = [clash_message(b) for b in clashes] or [
        _("Someone else has just booked %(room)s at this time.") % {"room": template.room}
    ]
    return BookingRefused(messages, clashes)


def _write(template: Booking, slots, repeat, services, by) -> list[Booking]:
    room = template.room
    status = BookingStatus.PENDING if room.requires_approval else BookingStatus.CONFIRMED
    series = _series(room, repeat, by) if repeat is not None else None
    year = timezone.localtime(timezone.now()).year
    numbers = core.next_numbers(site=room.site, prefix="HY", year=year, count=len(slots))
    bookings = []
    for number, (start, end) in zip(numbers, slots, strict=True):
        booking = Booking(**_copy(template), number=number, series=series, status=status)
        booking.starts_at, booking.ends_at = start, end
        booking.save()
        booking.ics_uid = f"{booking.number}@houqin"
        booking.save(update_fields=["ics_uid"])
        bookings.append(booking)
    _add_services(bookings, services)
    for booking in bookings:
        core.event_record(site=room.site, verb="book", actor=by, target=booking)
    if status == BookingStatus.PENDING:
        _submit_for_approval(bookings, by)
    return bookings


def _copy(template: Booking) -> dict:
    names = (
        "site_id room title organiser department attendees attendee_names layout note created_by"
    )
    return {name: getattr(template, name) for name in names.split()}


def _series(room: Room, repeat: Repeat, by) -> Series:
    return Series.objects.create(
        site_id=room.site_id,
        frequency=repeat.frequency,
        interval=repeat.interval,
        weekdays=sorted(set(repeat.weekdays)),
        until=repeat.until,
        exceptions=sorted(d.isoformat() for d in repeat.skip),
        created_by=by,
    )


def _add_services(bookings: list[Booking], services) -> None:
    BookingService.objects.bulk_create(
        BookingService(
            site_id=b.site_id,
            booking=b,
            item=line.item,
            quantity=int(line.quantity),
            note=(line.note or "").strip()[:200],
        )
        for b in bookings
        for line in services
    )


def _submit_for_approval(bookings: list[Booking], by) -> None:
    from houqin.approvals.services import approval_submit

    first = bookings[0]
    title = _("Room booking %(room)s: %(title)s, %(when)s") % {
        "room": first.room,
        "title": first.title,
        "when": _when(first.starts_at, first.ends_at),
    }
    if len(bookings) > 1:
        title += " " + _("(%(count)d occurrences)") % {"count": len(bookings)}
    approval_submit(kind=APPROVAL_KIND, target=first, site=first.room.site, by=by, title=title)


# Approval callbacks -----------------------------------------------------------------------------


def _decided_bookings(request) -> list[Booking]:
    """The bookings an approval decides: its target, and the rest of its series still pending."""
    target = Booking.objects.get(pk=request.object_id)
    qs = Booking.objects.filter(pk=target.pk)
    if target.series_id:
        qs = Booking.objects.filter(series_id=target.series_id)
    return list(
        qs.select_for_update()
        .filter(status=BookingStatus.PENDING, voided_at__isnull=True)
        .select_related("room", "organiser")
    )


def booking_approved(request, by) -> list[Booking]:
    """Approval callback: the pending occurrences are confirmed; the organiser is told."""
    bookings = _decided_bookings(request)
    for booking in bookings:
        _set_status(booking, BookingStatus.CONFIRMED, by, "booking_approve")
    _tell_organiser(bookings, _("Room booking confirmed: %(title)s"))
    return bookings


def booking_rejected(request, by) -> list[Booking]:
    """Approval callback: the pending occurrences are rejected and their slots offered to the
    waitlist."""
    bookings = _decided_bookings(request)
    for booking in bookings:
        _set_status(booking, BookingStatus.REJECTED, by, "booking_reject")
        _offer_slot(booking.room, booking.starts_at, booking.ends_at)
    _tell_organiser(bookings, _("Room booking rejected: %(title)s"))
    return bookings


def booking_withdrawn(request, by) -> list[Booking]:
    """Approval callback: the organiser took the request back; the bookings are cancelled."""
    bookings = _decided_bookings(request)
    for booking in bookings:
        booking.cancelled_at, booking.cancel_reason = timezone.now(), _("request withdrawn")
        booking.save(update_fields=["cancelled_at", "cancel_reason"])
        _set_status(booking, BookingStatus.CANCELLED, by, "booking_cancel")
        _offer_slot(booking.room, booking.starts_at, booking.ends_at)
    return bookings


def _set_status(booking: Booking, status: str, by, verb: str, detail: str = "") -> None:
    booking.status = status
    booking.save(update_fields=["status"])
    core.event_record(site=booking.room.site, verb=verb, actor=by, target=booking, detail=detail)


def _tell_organiser(bookings: list[Booking], title: str) -> None:
    if bookings:
        first = bookings[0]
        core.notify(
            site=first.room.site,
            recipients=[first.organiser],
            title=title % {"title": first.title},
            url=first.get_absolute_url(),
        )


def register_booking_approval() -> None:
    """Tell the approvals engine how room bookings are decided (once, at start-up)."""
    from django.utils.translation import gettext_lazy

    from houqin.approvals.registry import ApprovalKind, register

    register(
        ApprovalKind(
            code=APPROVAL_KIND,
            label=gettext_lazy("room booking"),
            default_steps=("meeting_manager",),
            on_approved=booking_approved,
            on_rejected=booking_rejected,
            on_withdrawn=booking_withdrawn,
        )
    )


# Cancelling, moving, check-in, release -----------------------------------------------------------


def _check_may_change(booking: Booking, by) -> None:
    if booking.organiser_id != by.pk and not has_perm_at(
        by, "meetings.book_for_others", booking.site_id
    ):
        raise ValidationError(_("Only the organiser or a meeting manager may change a booking."))
    if booking.voided_at is not None or booking.status not in HOLDING_STATUSES:
        raise ValidationError(_("This booking no longer holds the room."))


def _locked_booking(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("room", "room__site", "organiser", "series")
        .get(pk=booking.pk)
    )


def booking_cancel(*, booking: Booking, by, reason: str) -> Booking:
    """Cancel one booking (for a repeating meeting: that occurrence becomes a skipped date);
    the slot is offered to the waitlist."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for cancelling.")})
    with transaction.atomic():
        locked = _locked_booking(booking)
        _check_may_change(locked, by)
        if locked.ends_at <= timezone.now():
            raise ValidationError(_("This meeting is over; it can no longer be cancelled."))
        _cancel(locked, by, reason)
        _close_approval_if_done(locked, by)
    _refresh(booking, locked)
    return locked


def _cancel(booking: Booking, by, reason: str) -> None:
    booking.cancelled_at, booking.cancel_reason = timezone.now(), reason[:200]
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    if booking.series_id:
        series = Series.objects.select_for_update().get(pk=booking.series_id)
        day = timezone.localtime(booking.starts_at).date().isoformat()
        if day not in series.exceptions:
            series.exceptions = sorted([*series.exceptions, day])
            series.save(update_fields=["exceptions"])
    core.event_record(
        site=booking.room.site, verb="cancel", actor=by, target=booking, detail=reason
    )
    if booking.organiser_id != by.pk:
        core.notify(
            site=booking.room.site,
            recipients=[booking.organiser],
            title=_("Your booking was cancelled: %(title)s") % {"title": booking.title},
            body=reason,
            url=booking.get_absolute_url(),
            level="warning",
        )
    _offer_slot(booking.room, booking.starts_at, booking.ends_at)


def _close_approval_if_done(booking: Booking, by) -> None:
    """Close the approval request once nothing of its meeting is left pending."""
    from houqin.approvals.services import approvals_cancel

    group = Booking.objects.filter(
        Q(series_id=booking.series_id) if booking.series_id else Q(pk=booking.pk)
    )
    if group.filter(status=BookingStatus.PENDING, voided_at__isnull=True).exists():
        return
    for target in group:
        approvals_cancel(target=target, by=by)


def _refresh(original: Booking, locked: Booking) -> None:
    for name in ("status", "cancelled_at", "cancel_reason", "checked_in_at", "released_at"):
        setattr(original, name, getattr(locked, name))
    for name in ("starts_at", "ends_at", "room_id"):
        setattr(original, name, getattr(locked, name))


def series_cancel(*, series: Series, by, reason: str, from_date: date | None = None) -> int:
    """Cancel every future occurrence of a repeating meeting (from ``from_date`` on, when given);
    returns how many were cancelled."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for cancelling.")})
    now = timezone.now()
    since = now
    if from_date is not None:
        since = max(now, timezone.make_aware(datetime.combine(from_date, time(0))))
    with transaction.atomic():
        bookings = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(series=series, status__in=HOLDING_STATUSES, voided_at__isnull=True)
            .filter(starts_at__gte=since)
            .select_related("room", "room__site", "organiser")
            .order_by("starts_at")
        )
        if not bookings:
            raise ValidationError(_("No coming meeting of this series is left to cancel."))
        for booking in bookings:
            _check_may_change(booking, by)
            _cancel(booking, by, reason)
        _close_approval_if_done(bookings[0], by)
    return len(bookings)


def booking_move(
    *, booking: Booking, by, starts_at: datetime, ends_at: datetime, room: Room | None = None
) -> Booking:
    """Move a booking to another time (and room), checked again against the rules and the
    room's other bookings; the old slot is offered to the waitlist."""
    with transaction.atomic():
        locked = _locked_booking(booking)
        _check_may_change(locked, by)
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has begun; it can no longer be moved."))
        target = Room.objects.select_for_update().get(pk=(room or locked.room).pk)
        if target.site_id != locked.site_id:
            raise ValidationError({"room": _("Choose a room of the same site.")})
        try:
            with transaction.atomic():
                _move(locked, by, target, starts_at, ends_at)
        except IntegrityError as exc:
            if OVERLAP_CONSTRAINT not in str(exc):
                raise
            raise _refusal_after_race(locked, [(starts_at, ends_at)]) from exc
    _refresh(booking, locked)
    return locked


def _move(booking: Booking, by, room: Room, starts_at: datetime, ends_at: datetime) -> None:
    check_slots(
        room=room,
        slots=[(starts_at, ends_at)],
        attendees=booking.attendees,
        department=booking.department,
        exclude=[booking.pk],
        by=by,
    )
    old = (booking.room, booking.starts_at, booking.ends_at)
    changed = ["starts_at", "ends_at", "room"]
    booking.room, booking.starts_at, booking.ends_at = room, starts_at, ends_at
    if room.requires_approval and not old[0].requires_approval:
        booking.status = BookingStatus.PENDING
        changed.append("status")
    booking.save(update_fields=changed)
    core.event_record(
        site=room.site, verb="move", actor=by, target=booking, detail=_when(starts_at, ends_at)
    )
    if "status" in changed:
        _submit_for_approval([booking], by)
    _offer_slot(*old)


def booking_check_in(*, booking: Booking, by) -> Booking:
    """The organiser (or a meeting manager) checks in, from 15 minutes before the start; a
    booking checked in is not released."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_booking(booking)
        if locked.organiser_id != by.pk and not has_perm_at(
            by, "meetings.change_booking", locked.site_id
        ):
            raise ValidationError(_("Only the organiser or a meeting manager may check in."))
        if locked.status != BookingStatus.CONFIRMED or locked.voided_at is not None:
            raise ValidationError(_("Only a confirmed booking can be checked in."))
        if locked.checked_in_at is not None:
            raise ValidationError(_("This meeting is already checked in."))
        if not locked.starts_at - CHECK_IN_EARLY <= now < locked.ends_at:
            raise ValidationError(
                _("Check in from 15 minutes before the start until the meeting ends.")
            )
        locked.checked_in_at = now
        locked.save(update_fields=["checked_in_at"])
        core.event_record(site=locked.room.site, verb="check_in", actor=by, target=locked)
    _refresh(booking, locked)
    return locked


def bookings_release_no_shows(*, now: datetime | None = None) -> int:
    """Release confirmed bookings nobody checked in to within the room's check-in minutes
    (still running); tell the organiser and offer the rest of the slot to the waitlist."""
    now = now or timezone.now()
    released = 0
    candidates = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        checked_in_at__isnull=True,
        voided_at__isnull=True,
        starts_at__lte=now,
        ends_at__gt=now,
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            booking = _locked_booking(Booking(pk=pk))
            if _release(booking, now):
                released += 1
    return released


def _release(booking: Booking, now: datetime) -> bool:
    deadline = booking.starts_at + timedelta(minutes=booking.room.check_in_minutes)
    if booking.status != BookingStatus.CONFIRMED or booking.checked_in_at or deadline > now:
        return False
    booking.status, booking.released_at = BookingStatus.RELEASED, now
    booking.save(update_fields=["status", "released_at"])
    core.event_record(site=booking.room.site, verb="release", target=booking)
    core.notify(
        site=booking.room.site,
        recipients=[booking.organiser],
        title=_("Room released: nobody checked in to “%(title)s” in %(room)s.")
        % {"title": booking.title, "room": booking.room},
        url=booking.get_absolute_url(),
        level="warning",
    )
    _offer_slot(booking.room, now, booking.ends_at)
    return True


# Waitlist ---------------------------------------------------------------------------------------


def waitlist_join(
    *, room: Room, by, title: str, starts_at: datetime, ends_at: datetime, attendees: int
) -> WaitlistEntry:
    """Wait for a room at a time that is taken; the slot is offered when it frees."""
    title = (title or "").strip()
    if not has_perm_at(by, "meetings.add_booking", room.site_id):
        raise ValidationError(_("You may not book rooms at this site."))
    _check_input(title, attendees, [])
    now = timezone.now()
    problems = rule_problems(room=room, start=starts_at, end=ends_at, now=now)
    if attendees > room.capacity:
        problems.append(_("More attendees than seats."))
    if problems:
        raise ValidationError(problems)
    if not holding_bookings(room, starts_at, ends_at).exists():
        raise ValidationError(_("The room is free at this time: book it directly."))
    if WaitlistEntry.objects.filter(
        room=room, user=by, starts_at=starts_at, ends_at=ends_at, status=WaitStatus.WAITING
    ).exists():
        raise ValidationError(_("You are already waiting for this room at this time."))
    with transaction.atomic():
        entry = WaitlistEntry.objects.create(
            site_id=room.site_id, room=room, user=by, title=title[:200], attendees=attendees,
            starts_at=starts_at, ends_at=ends_at,
        )  # fmt: skip
        core.event_record(site=room.site, verb="waitlist_join", actor=by, target=entry)
    return entry


def _offer_slot(room: Room, starts_at: datetime, ends_at: datetime) -> WaitlistEntry | None:
    """Offer a freed slot to the earliest waiting entry that fits inside it (and is free)."""
    now = timezone.now()
    waiting = WaitlistEntry.objects.filter(
        room=room,
        status=WaitStatus.WAITING,
        starts_at__gte=starts_at,
        ends_at__lte=ends_at,
        starts_at__gt=now,
    ).order_by("created_at", "pk")
    for entry in waiting.select_related("user", "room__site"):
        if holding_bookings(room, entry.starts_at, entry.ends_at).exists():
            continue
        entry.status, entry.offered_at = WaitStatus.OFFERED, now
        entry.offer_expires_at = min(now + OFFER_HOLDS, entry.starts_at)
        entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
        core.notify(
            site=entry.room.site,
            recipients=[entry.user],
            title=_("%(room)s is free for “%(title)s”: accept within 30 minutes.")
            % {"room": room, "title": entry.title},
            url=reverse("meetings:waitlist"),
            level="success",
        )
        return entry
    return None


def waitlist_accept(*, entry: WaitlistEntry, by) -> list[Booking]:
    """Take an offered slot: it is booked through ``booking_create`` (rules checked again)."""
    with transaction.atomic():
        locked = WaitlistEntry.objects.select_for_update().select_related("room").get(pk=entry.pk)
        if locked.user_id != by.pk:
            raise ValidationError(_("This offer was made to someone else."))
        if locked.status != WaitStatus.OFFERED:
            raise ValidationError(_("There is no open offer on this entry."))
        if locked.offer_expires_at <= timezone.now():
            raise ValidationError(_("This offer has expired; the slot passed to the next."))
        locked.status = WaitStatus.ACCEPTED  # before booking, so the offer does not block it
        locked.save(update_fields=["status"])
        bookings = booking_create(
            room=locked.room, by=by, title=locked.title, starts_at=locked.starts_at,
            ends_at=locked.ends_at, attendees=locked.attendees,
        )  # fmt: skip
        locked.booking = bookings[0]
        locked.save(update_fields=["booking"])
    entry.status, entry.booking = locked.status, locked.booking
    return bookings


def waitlist_leave(*, entry: WaitlistEntry, by) -> WaitlistEntry:
    """Stop waiting (or decline an offer, which passes to the next)."""
    with transaction.atomic():
        locked = WaitlistEntry.objects.select_for_update().select_related("room").get(pk=entry.pk)
        if locked.user_id != by.pk:
            raise ValidationError(_("This entry is someone else's."))
        if locked.status not in (WaitStatus.WAITING, WaitStatus.OFFERED):
            raise ValidationError(_("This entry is no longer waiting."))
        was_offered = locked.status == WaitStatus.OFFERED
        locked.status = WaitStatus.CANCELLED
        locked.save(update_fields=["status"])
        if was_offered:
            _offer_slot(locked.room, locked.starts_at, locked.ends_at)
    entry.status = locked.status
    return locked


def waitlist_expire_offers(*, now: datetime | None = None) -> int:
    """Expire the offers not taken in time; each slot passes to the next one waiting."""
    now = now or timezone.now()
    expired = 0
    stale = WaitlistEntry.objects.filter(status=WaitStatus.OFFERED, offer_expires_at__lte=now)
    for pk in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            entry = WaitlistEntry.objects.select_for_update().select_related("room").get(pk=pk)
            if entry.status != WaitStatus.OFFERED:
                continue
            entry.status = WaitStatus.EXPIRED
            entry.save(update_fields=["status"])
            _offer_slot(entry.room, entry.starts_at, entry.ends_at)
            expired += 1
    return expired
