"""The 24-hour duty: manual roster edits, publishing, swap requests through the approvals
engine, and the duty log with its handover (交接班)."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.models import Person
from houqin.core.permissions import has_perm_at
from houqin.security.choices import RosterStatus, SwapStatus
from houqin.security.models import (
    Absence,
    Assignment,
    DutyLog,
    DutyLogEntry,
    Roster,
    SwapRequest,
)
from houqin.security.roster import RosterSettings

LEADER_RANKS = (Person.Rank.MIDDLE, Person.Rank.LEADER)
MANAGER_PERM = "security.change_roster"


def is_duty_manager(user, site_id: int) -> bool:
    """Whether ``user`` manages the duty roster at the site."""
    return has_perm_at(user, MANAGER_PERM, site_id)


# Checking a person for a shift -----------------------------------------------------------------


def person_problems(*, assignment: Assignment, person: Person) -> list[str]:
    """Why ``person`` cannot take ``assignment``'s place (empty when they can)."""
    problems = []
    if person.site_id != assignment.site_id or not person.is_active:
        return [_("%(person)s is not on the staff of this site.") % {"person": person}]
    if assignment.post_id and not assignment.post.qualified.filter(pk=person.pk).exists():
        problems.append(
            _("%(person)s is not qualified for the post %(post)s.")
            % {"person": person, "post": assignment.post}
        )
    if assignment.is_leader and person.rank not in LEADER_RANKS:
        problems.append(
            _("%(person)s is not at or above middle management and cannot lead the duty (带班).")
            % {"person": person}
        )
    if _is_absent(person, assignment.date):
        problems.append(
            _("%(person)s is on leave or unavailable on %(date)s.")
            % {"person": person, "date": assignment.date.isoformat()}
        )
    if _is_busy(assignment, person):
        problems.append(
            _("%(person)s is already on duty in this shift on %(date)s.")
            % {"person": person, "date": assignment.date.isoformat()}
        )
    elif _too_little_rest(assignment, person):
        problems.append(
            _("%(person)s would have less than %(hours)d hours of rest between two shifts.")
            % {"person": person, "hours": RosterSettings.min_rest_hours}
        )
    return problems


def _too_little_rest(assignment: Assignment, person: Person) -> bool:
    """True if another shift of ``person`` (in any roster) ends or starts within the minimum
    rest of this one."""
    rest = timedelta(hours=RosterSettings.min_rest_hours)
    return (
        Assignment.objects.filter(
            site_id=assignment.site_id,
            person=person,
            roster__voided_at__isnull=True,
            starts_at__lt=assignment.ends_at + rest,
            ends_at__gt=assignment.starts_at - rest,
        )
        .exclude(pk=assignment.pk)
        .exists()
    )


def _is_absent(person: Person, day) -> bool:
    return Absence.objects.filter(
        site_id=person.site_id, person=person, start_date__lte=day, end_date__gte=day
    ).exists()


def _is_busy(assignment: Assignment, person: Person) -> bool:
    return (
        Assignment.objects.filter(
            roster_id=assignment.roster_id,
            date=assignment.date,
            shift_id=assignment.shift_id,
            person=person,
        )
        .exclude(pk=assignment.pk)
        .exists()
    )


def _describe(assignment: Assignment) -> str:
    place = assignment.post.name if assignment.post_id else _("leader on duty")
    return f"{assignment.date.isoformat()} {assignment.shift.name} {place}"


def _check_roster_open(roster: Roster) -> None:
    if roster.voided_at is not None:
        raise ValidationError(_("This roster is void and can no longer be changed."))


def _put_person(*, assignment: Assignment, person: Person, by, verb: str) -> Person:
    """Replace the person of an assignment (already checked) and record the change."""
    old = assignment.person
    assignment.person = person
    assignment.save(update_fields=["person"])
    core.event_record(
        site=assignment.site,
        verb=verb,
        actor=by,
        target=assignment.roster,
        detail=f"{_describe(assignment)}: {old} → {person}",
    )
    return old


# Manual edits and publishing -------------------------------------------------------------------


def assignment_change(*, assignment: Assignment, person: Person, by) -> Assignment:
    """Put another person on a shift by hand; refuses someone unqualified, absent that day or
    already on another post in the same shift."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("roster", "shift", "post", "person", "site")
            .get(pk=assignment.pk)
        )
        _check_roster_open(assignment.roster)
        if person.pk == assignment.person_id:
            return assignment
        problems = person_problems(assignment=assignment, person=person)
        if problems:
            raise ValidationError(problems)
        old = _put_person(assignment=assignment, person=person, by=by, verb="assignment_change")
        if assignment.roster.status == RosterStatus.PUBLISHED:
            _notify_change(assignment, old)
    return assignment


def _notify_change(assignment: Assignment, old: Person) -> None:
    users = [p.user for p in (old, assignment.person) if p.user_id]
    core.notify(
        site=assignment.site,
        recipients=users,
        title=_("Duty roster changed: %(shift)s") % {"shift": _describe(assignment)},
        body=_("%(old)s → %(new)s") % {"old": old, "new": assignment.person},
        url=reverse("security:my_shifts"),
    )


def roster_publish(*, roster: Roster, by) -> Roster:
    """Publish a draft roster that breaks no rule, and tell everyone on it."""
    from houqin.security.services.roster import assignment_violations

    with transaction.atomic():
        roster = Roster.objects.select_for_update().select_related("site").get(pk=roster.pk)
        _check_roster_open(roster)
        if roster.status == RosterStatus.PUBLISHED:
            raise ValidationError(_("This roster is already published."))
        violations = assignment_violations(roster=roster)
        if violations:
            raise ValidationError(violations)
        roster.status = RosterStatus.PUBLISHED
        roster.published_at = timezone.now()
        roster.save(update_fields=["status", "published_at"])
        core.event_record(site=roster.site, verb="publish", actor=by, target=roster)
        _notify_published(roster)
    return roster


def _notify_published(roster: Roster) -> None:
    users = get_user_model().objects.filter(person__duty_assignments__roster=roster).distinct()
    core.notify(
        site=roster.site,
        recipients=list(users),
        title=_("The duty roster for %(month)s is published.")
        % {"month": roster.month.strftime("%Y-%m")},
        url=reverse("security:my_shifts"),
    )


# Swap requests ---------------------------------------------------------------------------------


def swap_request_create(
    *, assignment: Assignment, replacement: Person, reason: str, by
) -> SwapRequest:
    """Ask to hand a shift to ``replacement``; the request goes to the duty manager for
    approval. Only the person on the shift, or a duty manager, may ask."""
    from houqin.approvals.services import approval_submit

    reason = (reason or "").strip()
    with transaction.atomic():
        assignment = Assignment.objects.select_related(
            "roster", "shift", "post", "person", "site"
        ).get(pk=assignment.pk)
        _check_swap_allowed(assignment, replacement, reason, by)
        swap = SwapRequest(
            site=assignment.site,
            assignment=assignment,
            replacement=replacement,
            reason=reason[:200],
            created_by=by,
        )
        swap.number = core.record_number(record=swap)
        swap.save()
        core.event_record(site=swap.site, verb="swap_request", actor=by, target=swap)
        approval_submit(
            kind="duty_swap", target=swap, site=swap.site, by=by, title=_swap_title(swap)
        )
    return swap


def _swap_title(swap: SwapRequest) -> str:
    return _("Duty swap %(shift)s: %(old)s → %(new)s") % {
        "shift": _describe(swap.assignment),
        "old": swap.assignment.person,
        "new": swap.replacement,
    }


def _check_swap_allowed(assignment: Assignment, replacement: Person, reason: str, by) -> None:
    own = assignment.person.user_id == by.pk
    if not own and not is_duty_manager(by, assignment.site_id):
        raise ValidationError(_("Only the person on this shift or the duty manager may ask."))
    _check_roster_open(assignment.roster)
    if not reason:
        raise ValidationError({"reason": _("Say why the shift should be swapped.")})
    if assignment.starts_at <= timezone.now():
        raise ValidationError(_("This shift has already begun; it can no longer be swapped."))
    if replacement.pk == assignment.person_id:
        raise ValidationError({"replacement": _("Choose someone other than the person on duty.")})
    if SwapRequest.objects.filter(
        assignment=assignment, status=SwapStatus.PENDING, voided_at__isnull=True
    ).exists():
        raise ValidationError(_("A swap of this shift is already awaiting approval."))
    problems = person_problems(assignment=assignment, person=replacement)
    if problems:
        raise ValidationError({"replacement": problems})


def swap_approved(request, by) -> SwapRequest:
    """Approval callback: check the replacement again (things may have changed since the
    request) and put them on the shift."""
    swap = _locked_swap(request)
    if swap.voided_at is not None:
        raise ValidationError(_("This swap request is void; reject it instead."))
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("roster", "shift", "post", "person", "site")
        .get(pk=swap.assignment_id)
    )
    _check_roster_open(assignment.roster)
    if assignment.starts_at <= timezone.now():
        raise ValidationError(_("This shift has already begun; it can no longer be swapped."))
    problems = person_problems(assignment=assignment, person=swap.replacement)
    if problems:
        raise ValidationError(problems)
    old = _put_person(assignment=assignment, person=swap.replacement, by=by, verb="swap")
    _decide_swap(swap, by, SwapStatus.APPROVED)
    if assignment.roster.status == RosterStatus.PUBLISHED:
        _notify_change(assignment, old)
    return swap


def swap_rejected(request, by) -> SwapRequest:
    """Approval callback: the swap is refused; the shift stays as it was."""
    swap = _locked_swap(request)
    _decide_swap(swap, by, SwapStatus.REJECTED)
    return swap


def swap_withdrawn(request, by) -> SwapRequest:
    """Approval callback: the asker withdrew the request."""
    swap = _locked_swap(request)
    _decide_swap(swap, by, SwapStatus.WITHDRAWN)
    return swap


def swap_request_void(*, swap: SwapRequest, by, reason: str) -> SwapRequest:
    """Void a swap request; its pending approval leaves the approvers' queues."""
    from houqin.approvals.services import approvals_cancel

    with transaction.atomic():
        core.record_void(record=swap, by=by, reason=reason)
        approvals_cancel(target=swap, by=by)
    return swap


def _locked_swap(request) -> SwapRequest:
    swap = (
        SwapRequest.objects.select_for_update()
        .select_related("replacement", "site")
        .get(pk=request.object_id)
    )
    if swap.status != SwapStatus.PENDING:
        raise ValidationError(_("This swap request has already been decided."))
    return swap


def _decide_swap(swap: SwapRequest, by, status: str) -> None:
    swap.status = status
    swap.decided_at = timezone.now()
    swap.decided_by = by
    swap.save(update_fields=["status", "decided_at", "decided_by"])
    core.event_record(site=swap.site, verb=f"swap_{status}", actor=by, target=swap)


def register_swap_approval() -> None:
    """Tell the approvals engine how duty swaps are decided (once, at start-up)."""
    from django.utils.translation import gettext_lazy

    from houqin.approvals.registry import ApprovalKind, register

    register(
        ApprovalKind(
            code="duty_swap",
            label=gettext_lazy("duty swap"),
            default_steps=("security_admin",),
            on_approved=swap_approved,
            on_rejected=swap_rejected,
            on_withdrawn=swap_withdrawn,
        )
    )


# Duty log --------------------------------------------------------------------------------------


def duty_log_open(*, site, date, shift, post, by) -> DutyLog:
    """Open the duty log of a shift (one per site, day, shift and post)."""
    if not has_perm_at(by, "security.add_dutylog", site.pk):
        raise ValidationError(_("You do not keep the duty log at this site."))
    if shift.site_id != site.pk or (post is not None and post.site_id != site.pk):
        raise ValidationError(_("This shift or post is not at the chosen site."))
    if abs((date - timezone.localdate()).days) > 1:
        raise ValidationError({"date": _("A duty log is kept on the day of the shift.")})
    log = DutyLog(site=site, date=date, shift=shift, post=post, on_duty=by, created_by=by)
    try:
        with transaction.atomic():
            if _open_log_exists(log):
                raise ValidationError(_("The duty log of this shift is already open."))
            log.number = core.record_number(record=log)
            log.save()
            core.event_record(site=site, verb="duty_log_open", actor=by, target=log)
    except IntegrityError as exc:  # opened by someone else at the same moment
        raise ValidationError(_("The duty log of this shift is already open.")) from exc
    return log


def _open_log_exists(log: DutyLog) -> bool:
    return DutyLog.objects.filter(
        site=log.site, date=log.date, shift=log.shift, post=log.post, voided_at__isnull=True
    ).exists()


def _check_log_writable(log: DutyLog, by) -> None:
    if log.voided_at is not None:
        raise ValidationError(_("This duty log is void."))
    if log.handed_over_at is not None:
        raise ValidationError(_("This shift has been handed over; its log is closed."))
    if log.on_duty_id != by.pk:
        raise ValidationError(_("Only the person on duty may write in this log."))


def duty_log_note(*, log: DutyLog, text: str, by) -> DutyLogEntry:
    """Note an event during the shift."""
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Describe the event.")})
    if len(text) > 500:
        raise ValidationError({"text": _("Keep the note under 500 characters.")})
    with transaction.atomic():
        log = DutyLog.objects.select_for_update().get(pk=log.pk)
        _check_log_writable(log, by)
        return DutyLogEntry.objects.create(
            site_id=log.site_id, log=log, at=timezone.now(), text=text, noted_by=by
        )


HANDOVER_NOTE_MAX = 2000


def duty_log_hand_over(*, log: DutyLog, note: str, by) -> DutyLog:
    """The person on duty hands the shift over with a note for the incoming person."""
    note = (note or "").strip()
    if len(note) > HANDOVER_NOTE_MAX:
        raise ValidationError(
            {
                "note": _("Keep the handover note within %(max)d characters.")
                % {"max": HANDOVER_NOTE_MAX}
            }
        )
    with transaction.atomic():
        log = DutyLog.objects.select_for_update().select_related("site").get(pk=log.pk)
        _check_log_writable(log, by)
        log.handover_note = note
        log.handed_over_at = timezone.now()
        log.save(update_fields=["handover_note", "handed_over_at"])
        core.event_record(site=log.site, verb="hand_over", actor=by, target=log)
    return log


def duty_log_receive(*, log: DutyLog, by) -> DutyLog:
    """The incoming person acknowledges the handover (never the outgoing one)."""
    with transaction.atomic():
        log = DutyLog.objects.select_for_update().select_related("site").get(pk=log.pk)
        _check_receivable(log, by)
        log.received_by = by
        log.received_at = timezone.now()
        log.save(update_fields=["received_by", "received_at"])
        core.event_record(site=log.site, verb="receive", actor=by, target=log)
        core.notify(
            site=log.site,
            recipients=[log.on_duty],
            title=_("%(person)s received your handover.") % {"person": by},
            url=log.get_absolute_url(),
        )
    return log


def _check_receivable(log: DutyLog, by) -> None:
    if log.voided_at is not None:
        raise ValidationError(_("This duty log is void."))
    if log.handed_over_at is None:
        raise ValidationError(_("This shift has not been handed over yet."))
    if log.received_at is not None:
        raise ValidationError(_("This handover has already been received."))
    if log.on_duty_id == by.pk:
        raise ValidationError(_("The incoming person, not the outgoing one, receives a handover."))
    if not has_perm_at(by, "security.change_dutylog", log.site_id):
        raise ValidationError(_("You are not on duty at this site."))


with contextlib.suppress(ImportError):  # the approvals engine may not be installed
    register_swap_approval()
