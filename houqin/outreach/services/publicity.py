"""Writes of publicity and the volunteer team: boards and their issues (期), printed materials
and their distribution, volunteers with their activities and hours, and the money invested."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from houqin.core.models import Person
from houqin.core.services import event_record, record_number, record_void
from houqin.outreach.models import (
    BoardIssue,
    Distribution,
    Investment,
    Material,
    PublicityBoard,
    Volunteer,
    VolunteerActivity,
    VolunteerHours,
)

BOARD_FIELDS = ["name", "location", "is_active"]
ISSUE_FIELDS = ["year", "issue_no", "title", "topics", "posted_on", "removed_on", "editor"]
MATERIAL_FIELDS = ["title", "kind", "printed", "printed_on", "cost_yuan"]
ACTIVITY_FIELDS = ["title", "held_on", "place", "description"]
MAX_HOURS = Decimal(24)


def board_save(*, board: PublicityBoard, by) -> PublicityBoard:
    """Create or change a publicity board."""
    if board.location_id and board.location.site_id != board.site_id:
        raise ValidationError({"location": _("Choose a place of the board's site.")})
    with transaction.atomic():
        created = board.pk is None
        board.save(update_fields=None if created else BOARD_FIELDS)
        verb = "board_created" if created else "board_changed"
        event_record(site=board.site, verb=verb, actor=by, target=board)
    return board


def _live_issues(board: PublicityBoard, year: int):
    return BoardIssue.objects.filter(board=board, year=year, voided_at__isnull=True)


def _check_issue_no(issue: BoardIssue) -> None:
    if issue.issue_no is None or issue.issue_no < 1:
        raise ValidationError({"issue_no": _("An issue number is 1 or more.")})
    taken = _live_issues(issue.board, issue.year).filter(issue_no=issue.issue_no)
    if taken.exclude(pk=issue.pk).exists():
        raise ValidationError(
            {
                "issue_no": _("Issue {no} of {year} already exists for this board.").format(
                    no=issue.issue_no, year=issue.year
                )
            }
        )


def _check_issue(issue: BoardIssue) -> None:
    errors = {}
    if not (issue.title or "").strip():
        errors["title"] = _("Give the issue a title.")
    if not (issue.topics or "").strip():
        errors["topics"] = _("List the topics of the issue.")
    if issue.removed_on and issue.posted_on and issue.removed_on < issue.posted_on:
        errors["removed_on"] = _("An issue is taken down after it is put up.")
    if issue.editor_id and issue.editor.site_id != issue.site_id:
        errors["editor"] = _("Choose an editor of the board's site.")
    if errors:
        raise ValidationError(errors)
    _check_issue_no(issue)


def issue_publish(
    *,
    board: PublicityBoard,
    title: str,
    topics: str,
    posted_on: date,
    by,
    issue_no: int | None = None,
    editor: Person | None = None,
) -> BoardIssue:
    """Put up a new issue of a board; its number is the next of the board and year unless
    given. The board row is locked so two issues put up at once get different numbers."""
    if not board.is_active:
        raise ValidationError(_("This board is no longer in use."))
    with transaction.atomic():
        PublicityBoard.objects.select_for_update().filter(pk=board.pk).first()
        year = posted_on.year
        if issue_no is None:
            last = _live_issues(board, year).aggregate(n=Max("issue_no"))["n"] or 0
            issue_no = last + 1
        issue = BoardIssue(
            site_id=board.site_id,
            board=board,
            year=year,
            issue_no=issue_no,
            title=(title or "").strip(),
            topics=(topics or "").strip(),
            posted_on=posted_on,
            editor=editor,
            created_by=by,
        )
        _check_issue(issue)
        issue.number = record_number(record=issue)
        issue.save()
        event_record(site=board.site, verb="issue_published", actor=by, target=issue)
    return issue


def issue_update(*, issue: BoardIssue, by) -> BoardIssue:
    """Change an issue (title, topics, number, dates); its number stays unique for the year."""
    if issue.voided_at is not None:
        raise ValidationError(_("This record is void."))
    with transaction.atomic():
        PublicityBoard.objects.select_for_update().filter(pk=issue.board_id).first()
        issue.year = issue.posted_on.year if issue.posted_on else issue.year
        _check_issue(issue)
        issue.save(update_fields=ISSUE_FIELDS)
        event_record(site=issue.site, verb="issue_changed", actor=by, target=issue)
    return issue


def issue_take_down(*, issue: BoardIssue, removed_on: date, by) -> BoardIssue:
    """Record the day an issue was taken down."""
    if issue.voided_at is not None:
        raise ValidationError(_("This record is void."))
    if issue.removed_on is not None:
        raise ValidationError(_("This issue has already been taken down."))
    if removed_on < issue.posted_on:
        raise ValidationError({"removed_on": _("An issue is taken down after it is put up.")})
    with transaction.atomic():
        issue.removed_on = removed_on
        issue.save(update_fields=["removed_on"])
        event_record(site=issue.site, verb="issue_taken_down", actor=by, target=issue)
    return issue


def issue_void(*, issue: BoardIssue, by, reason: str) -> None:
    """Void an issue recorded by mistake (its number becomes free again)."""
    record_void(record=issue, by=by, reason=reason)


def handed_out(material: Material) -> int:
    """Copies of a material handed out (void distributions excluded)."""
    live = material.distributions.filter(voided_at__isnull=True)
    return live.aggregate(n=Sum("quantity"))["n"] or 0


def material_save(*, material: Material, by) -> Material:
    """Create or change a material; never fewer printed than already handed out."""
    if material.printed is None or material.printed < 1:
        raise ValidationError({"printed": _("At least one copy is printed.")})
    if material.cost_yuan is not None and material.cost_yuan < 0:
        raise ValidationError({"cost_yuan": _("A cost cannot be negative.")})
    with transaction.atomic():
        created = material.pk is None
        if not created:
            Material.objects.select_for_update().filter(pk=material.pk).first()
            out = handed_out(material)
            if material.printed < out:
                raise ValidationError(
                    {"printed": _("{n} copies have already been handed out.").format(n=out)}
                )
        material.save(update_fields=None if created else MATERIAL_FIELDS)
        verb = "material_created" if created else "material_changed"
        event_record(site=material.site, verb=verb, actor=by, target=material)
    return material


def distribution_record(
    *, material: Material, quantity: int, distributed_on: date, occasion: str, by
) -> Distribution:
    """Record copies handed out; refused beyond the copies left. The material row is locked so
    two desks cannot hand out the same last copies."""
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise ValidationError({"quantity": _("Hand out at least one copy.")})
    with transaction.atomic():
        material = Material.objects.select_for_update().select_related("site").get(pk=material.pk)
        if distributed_on < material.printed_on:
            raise ValidationError(
                {"distributed_on": _("Copies are handed out after they are printed.")}
            )
        left = material.printed - handed_out(material)
        if quantity > left:
            raise ValidationError({"quantity": _("Only {left} copies are left.").format(left=left)})
        row = Distribution(
            site=material.site,
            material=material,
            quantity=quantity,
            distributed_on=distributed_on,
            occasion=(occasion or "").strip(),
            created_by=by,
        )
        row.number = record_number(record=row)
        row.save()
        event_record(site=material.site, verb="distribution_recorded", actor=by, target=row)
    return row


def distribution_void(*, distribution: Distribution, by, reason: str) -> None:
    """Void a distribution recorded by mistake; its copies count as left again."""
    record_void(record=distribution, by=by, reason=reason)


def volunteer_enrol(*, site, person: Person, joined_on: date, by, skills: str = "") -> Volunteer:
    """Enrol a person of the site in the volunteer team, once."""
    if person.site_id != site.pk:
        raise ValidationError({"person": _("Choose a person of the same site.")})
    with transaction.atomic():
        if Volunteer.objects.filter(site=site, person=person).exists():
            raise ValidationError(
                {"person": _("{name} is already a volunteer.").format(name=person.name)}
            )
        volunteer = Volunteer.objects.create(
            site=site, person=person, joined_on=joined_on, skills=(skills or "").strip()
        )
        event_record(site=site, verb="volunteer_enrolled", actor=by, target=volunteer)
    return volunteer


def volunteer_update(*, volunteer: Volunteer, by, skills: str, is_active: bool) -> Volunteer:
    """Change a volunteer's skills or whether they are still active (saving changed fields)."""
    values = {"skills": (skills or "").strip(), "is_active": bool(is_active)}
    changed = [name for name, value in values.items() if getattr(volunteer, name) != value]
    if not changed:
        return volunteer
    with transaction.atomic():
        for name in changed:
            setattr(volunteer, name, values[name])
        volunteer.save(update_fields=changed)
        verb = "volunteer_updated"
        event_record(site=volunteer.site, verb=verb, actor=by, target=volunteer)
    return volunteer


def _clean_hours(activity: VolunteerActivity, hours: dict) -> dict[int, Decimal]:
    cleaned = {}
    for volunteer_id, value in hours.items():
        try:
            amount = Decimal(str(value))
        except (InvalidOperation, ValueError) as exc:
            raise ValidationError({"hours": _("Hours are a number.")}) from exc
        if not amount.is_finite() or not 0 < amount <= MAX_HOURS:
            raise ValidationError({"hours": _("Hours are more than 0 and at most 24.")})
        cleaned[int(volunteer_id)] = amount.quantize(Decimal("0.1"))
    known = Volunteer.objects.filter(site_id=activity.site_id, pk__in=cleaned.keys())
    if known.count() != len(cleaned):
        raise ValidationError({"hours": _("Choose volunteers of the activity's site.")})
    return cleaned


def activity_save(
    *, activity: VolunteerActivity, hours: dict[int, Decimal], by
) -> VolunteerActivity:
    """Create or change an activity with the hours each volunteer gave (0 < hours ≤ 24);
    volunteers left out of ``hours`` are removed from it."""
    if not (activity.title or "").strip():
        raise ValidationError({"title": _("Give the activity a title.")})
    cleaned = _clean_hours(activity, hours)
    with transaction.atomic():
        created = activity.pk is None
        activity.save(update_fields=None if created else ACTIVITY_FIELDS)
        VolunteerHours.objects.filter(activity=activity).exclude(
            volunteer_id__in=cleaned.keys()
        ).delete()
        for volunteer_id, amount in cleaned.items():
            VolunteerHours.objects.update_or_create(
                activity=activity,
                volunteer_id=volunteer_id,
                defaults={"hours": amount, "site_id": activity.site_id},
            )
        verb = "activity_created" if created else "activity_changed"
        event_record(site=activity.site, verb=verb, actor=by, target=activity)
    return activity


def investment_record(*, investment: Investment, by) -> Investment:
    """Record money put into the centre (amount > 0)."""
    if investment.amount_yuan is None or investment.amount_yuan <= 0:
        raise ValidationError({"amount_yuan": _("The amount is more than 0 yuan.")})
    if not (investment.item or "").strip():
        raise ValidationError({"item": _("Say what the money was for.")})
    if investment.pk is not None:
        raise ValidationError(_("An investment is recorded once; void it to correct it."))
    with transaction.atomic():
        investment.created_by = by
        investment.number = record_number(record=investment)
        investment.save()
        event_record(site=investment.site, verb="investment_recorded", actor=by, target=investment)
    return investment


def investment_void(*, investment: Investment, by, reason: str) -> None:
    """Void an investment with a reason; it stops counting in the totals."""
    record_void(record=investment, by=by, reason=reason)
