"""Training sessions and who attended them: the session's fields, its attendees (each for the
session's hours unless fewer are given), and voiding a session."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import same_site
from houqin.core.models import Person
from houqin.team.models import Attendance, TrainingSession

MAX_HOURS = Decimal("1000")
SESSION_FIELDS = [
    "topic",
    "trainer",
    "organiser",
    "starts_at",
    "hours",
    "place",
    "is_external",
    "description",
]


def _check_hours(hours, *, field: str = "hours") -> Decimal:
    """Hours more than zero and below a thousand, to one decimal."""
    if hours is None or not isinstance(hours, Decimal | int) or not 0 < hours < MAX_HOURS:
        raise ValidationError({field: _("Give the hours, more than 0 and less than 1000.")})
    return Decimal(hours).quantize(Decimal("0.1"))


def _check_session(session: TrainingSession) -> None:
    session.topic = (session.topic or "").strip()
    session.trainer = (session.trainer or "").strip()
    errors = {}
    if not session.topic:
        errors["topic"] = _("Give the topic of the training.")
    if not session.trainer:
        errors["trainer"] = _("Name the trainer.")
    if session.starts_at is None:
        errors["starts_at"] = _("Give the date and time the training starts.")
    if errors:
        raise ValidationError(errors)
    session.hours = _check_hours(session.hours)
    if session.voided_at is not None:
        raise ValidationError(_("This training session is void."))
    same_site(session.site, session.organiser, field="organiser")


def training_save(
    *, session: TrainingSession, by, fields: list[str] | None = None
) -> TrainingSession:
    """Create a training session, or save its changed ``fields`` (all when not named)."""
    _check_session(session)
    creating = session.pk is None
    with transaction.atomic():
        if creating:
            session.number = core.record_number(record=session, when=session.starts_at)
            session.created_by = by
            session.full_clean()
            session.save()
        else:
            session.full_clean(exclude=["number", "created_by"])
            old_hours = TrainingSession.objects.values_list("hours", flat=True).get(pk=session.pk)
            session.save(update_fields=fields or SESSION_FIELDS)
            _follow_hours(session, old_hours)
        core.event_record(
            site=session.site,
            verb="training_add" if creating else "training_change",
            actor=by,
            target=session,
            detail=session.topic,
        )
    return session


def _follow_hours(session: TrainingSession, old_hours: Decimal) -> None:
    """Attendees credited with the session's full hours follow a change of them; nobody keeps
    more hours than the session now lasts."""
    if old_hours == session.hours:
        return
    rows = session.attendances.filter(Q(hours=old_hours) | Q(hours__gt=session.hours))
    rows.update(hours=session.hours)


def _people_of_site(session: TrainingSession, people: Iterable[Person]) -> list[Person]:
    chosen = list({p.pk: p for p in people}.values())
    if any(p.site_id != session.site_id for p in chosen):
        raise ValidationError({"people": _("Choose people of the session's site.")})
    return chosen


def attendance_set(
    *, session: TrainingSession, people: Iterable[Person], by, hours: Decimal | None = None
) -> list[Attendance]:
    """Make ``people`` the session's attendees: add the new ones (for ``hours``, by default the
    session's), remove those left out; with ``hours``, everyone listed gets those hours."""
    if session.voided_at is not None:
        raise ValidationError(_("This training session is void."))
    chosen = _people_of_site(session, people)
    given = None if hours is None else _check_hours(hours, field="hours")
    hours = session.hours if given is None else given
    if hours > session.hours:
        raise ValidationError({"hours": _("An attendee cannot have more hours than the session.")})
    with transaction.atomic():
        TrainingSession.objects.select_for_update().filter(pk=session.pk).first()
        kept = {a.person_id: a for a in session.attendances.all()}
        wanted = {p.pk for p in chosen}
        removed = [pk for pk in kept if pk not in wanted]
        session.attendances.filter(person_id__in=removed).delete()
        added = [
            Attendance(site=session.site, session=session, person=p, hours=hours)
            for p in chosen
            if p.pk not in kept
        ]
        Attendance.objects.bulk_create(added)
        if given is not None:
            _update_hours(session, wanted & kept.keys(), given)
        detail = _("%(added)d added, %(removed)d removed") % {
            "added": len(added),
            "removed": len(removed),
        }
        core.event_record(
            site=session.site, verb="attendance_set", actor=by, target=session, detail=detail
        )
    return list(session.attendances.select_related("person"))


def _update_hours(session, person_ids, hours) -> None:
    """Give the kept attendees ``hours`` (only rows that differ are written)."""
    session.attendances.filter(person_id__in=person_ids).exclude(hours=hours).update(hours=hours)


def training_void(*, session: TrainingSession, by, reason: str) -> None:
    """Void a session: it stays on record, and its hours no longer count for anyone."""
    core.record_void(record=session, by=by, reason=reason)
