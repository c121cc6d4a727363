"""Service standards and evaluation (服务考评, after GB/T 43542-2023 监管·评价·改进): posts held to
weighted checklists, a supervisor's monthly scoring of a post or a person on it, and the
rectification (整改) of every item scored below the standard's pass mark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import check_photo, same_site
from houqin.core.models import Event, Person
from houqin.core.permissions import has_perm_at, role_holders
from houqin.core.roles import SERVICE_STAFF
from houqin.quality.choices import PostKind, RectificationStatus
from houqin.quality.models import (
    Evaluation,
    EvaluationScore,
    Rectification,
    ServicePost,
    Standard,
    StandardItem,
)

RECTIFY_DAYS = 7  # the default time to put a low item right
MAX_ITEMS = 100
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class ItemLine:
    """One requirement of a standard as the supervisor enters it."""

    text: str
    weight: Decimal
    position: int = 0


def _decimal(value, *, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({field: _("Enter a number.")}) from exc
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    return number


# Posts -------------------------------------------------------------------------------------


def post_save(*, post: ServicePost, by, fields: list[str] | None = None) -> ServicePost:
    """Create a service post or save the ``fields`` a form changed (all when None)."""
    post.name = (post.name or "").strip()
    if not post.name:
        raise ValidationError({"name": _("Give the post a name.")})
    if post.kind not in PostKind.values:
        raise ValidationError({"kind": _("Choose a kind from the list.")})
    if post.team_id is not None:
        same_site(post.site, post.team, field="team")
    creating = post.pk is None
    with transaction.atomic():
        if creating or fields is None:
            post.save()
        elif fields:
            post.save(update_fields=[f for f in fields if f != "members"])
        verb = "create" if creating else "change"
        core.event_record(site=post.site, verb=verb, actor=by, target=post, detail=post.name)
    return post


# Standards ---------------------------------------------------------------------------------


def standard_save(*, standard: Standard, items: list[ItemLine], by) -> Standard:
    """Create a standard with its weighted items, or replace the items of one not yet used.

    A standard already used by an evaluation is left as it is: a revision is a new standard in
    force from a later date, so past evaluations keep the items they were scored on.
    """
    lines = _check_standard(standard, items)
    with transaction.atomic():
        if standard.pk is not None:
            locked = Standard.objects.select_for_update().get(pk=standard.pk)
            if locked.evaluations.exists():
                raise ValidationError(
                    _("This standard has been used; add a revision in force from a new date.")
                )
            standard.items.all().delete()
        standard.save()
        StandardItem.objects.bulk_create(
            StandardItem(site=standard.site, standard=standard, **vars(line)) for line in lines
        )
        core.event_record(
            site=standard.site, verb="standard", actor=by, target=standard, detail=standard.title
        )
    return standard


def _check_standard(standard: Standard, items: list[ItemLine]) -> list[ItemLine]:
    standard.title = (standard.title or "").strip()
    if not standard.title:
        raise ValidationError({"title": _("Give the standard a title.")})
    same_site(standard.site, standard.post, field="post")
    if standard.effective_from is None:
        raise ValidationError({"effective_from": _("Give the date it is in force from.")})
    pass_mark = _decimal(standard.pass_mark, field="pass_mark")
    if not 0 <= pass_mark <= 100:
        raise ValidationError({"pass_mark": _("The pass mark is a share between 0 and 100.")})
    clash = Standard.objects.filter(post=standard.post, effective_from=standard.effective_from)
    if clash.exclude(pk=standard.pk).exists():
        raise ValidationError(
            {"effective_from": _("This post already has a standard in force from this date.")}
        )
    return _check_items(items)


def _check_items(items: list[ItemLine]) -> list[ItemLine]:
    if not items:
        raise ValidationError(_("A standard needs at least one item."))
    if len(items) > MAX_ITEMS:
        raise ValidationError(_("A standard has at most %(n)d items.") % {"n": MAX_ITEMS})
    lines = []
    for i, line in enumerate(items, start=1):
        text = (line.text or "").strip()[:300]
        weight = _decimal(line.weight, field="items")
        if not text or not 0 < weight < 1000:
            raise ValidationError(
                _("Item %(n)d needs a requirement and points above 0 (below 1000).") % {"n": i}
            )
        lines.append(ItemLine(text, weight.quantize(ONE_DECIMAL), line.position or i))
    return lines


def standard_in_force(post: ServicePost, month: date) -> Standard | None:
    """The post's standard in force by the end of ``month`` (the latest revision by then)."""
    month_end = _next_month(month) - timedelta(days=1)
    return (
        Standard.objects.filter(post=post, effective_from__lte=month_end)
        .order_by("-effective_from")
        .first()
    )


# Evaluations -------------------------------------------------------------------------------


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def first_of_month(value: date) -> date:
    return date(value.year, value.month, 1)


def evaluation_record(
    *,
    post: ServicePost,
    month: date,
    by,
    scores: dict,
    person: Person | None = None,
    comment: str = "",
    photo=None,
) -> Evaluation:
    """Score a post (or one person on it) for a month against the standard in force.

    ``scores`` maps every item id of that standard to ``(points, note)``. The score is the
    points given ÷ the total weight × 100, one decimal. Each item below the pass mark opens a
    rectification and tells the post's members who have logins.
    """
    month = _check_evaluation(post=post, month=month, by=by, person=person)
    standard = standard_in_force(post, month)
    if standard is None:
        raise ValidationError({"month": _("This post has no standard in force for this month.")})
    items = list(standard.items.all())
    rows = _score_rows(items, scores)
    check_photo(photo)
    total = sum(item.weight for item in items)
    given = sum(row.points for row in rows)
    evaluation = Evaluation(
        site=post.site,
        standard=standard,
        post=post,
        person=person,
        month=month,
        score=(given * 100 / total).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP),
        comment=(comment or "").strip(),
        created_by=by,
    )
    with transaction.atomic():
        _insert_evaluation(evaluation)
        for row in rows:
            row.site, row.evaluation = post.site, evaluation
        EvaluationScore.objects.bulk_create(rows)
        if photo is not None:
            core.attachment_add(target=evaluation, upload=photo, by=by)
        core.event_record(
            site=post.site,
            verb="evaluate",
            actor=by,
            target=evaluation,
            detail=str(evaluation.score),
        )
        _open_rectifications(evaluation, standard, {item.pk: item for item in items}, rows)
    return evaluation


def _check_evaluation(*, post, month, by, person) -> date:
    if post is None:
        raise ValidationError({"post": _("Choose a post.")})
    if not has_perm_at(by, "quality.add_evaluation", post.site_id):
        raise ValidationError(_("You may not score posts at this site."))
    if not post.is_active:
        raise ValidationError({"post": _("This choice is no longer in use.")})
    if not isinstance(month, date):
        raise ValidationError({"month": _("Choose a month.")})
    month = first_of_month(month)
    if month > first_of_month(timezone.localdate()):
        raise ValidationError({"month": _("A month in the future cannot be scored.")})
    if person is not None and not post.members.filter(pk=person.pk).exists():
        raise ValidationError({"person": _("This person is not on the post.")})
    return month


def _score_rows(items: list[StandardItem], scores: dict) -> list[EvaluationScore]:
    by_id = {_as_int(key): value for key, value in (scores or {}).items()}
    if set(by_id) != {item.pk for item in items}:
        raise ValidationError({"scores": _("Score every item of the standard, and only those.")})
    rows = []
    for item in items:
        points, note = _pair(by_id[item.pk])
        points = _decimal(points, field="scores")
        if not 0 <= points <= item.weight:
            raise ValidationError(
                {
                    "scores": _("“%(item)s” takes 0 to %(weight)s points.")
                    % {"item": item.text, "weight": item.weight}
                }
            )
        rows.append(
            EvaluationScore(item=item, points=points.quantize(ONE_DECIMAL), note=note[:300])
        )
    return rows


def _as_int(key) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def _pair(value) -> tuple[object, str]:
    """(points, note) from a pair, or from points alone."""
    if isinstance(value, list | tuple):
        points, note = ([*value, "", ""])[:2]
        return points, str(note or "").strip()
    return value, ""


def _insert_evaluation(evaluation: Evaluation) -> None:
    """Number and insert; the database has the last word on one per month (two phones at once)."""
    taken = Evaluation.objects.filter(
        post=evaluation.post,
        person=evaluation.person,
        month=evaluation.month,
        voided_at__isnull=True,
    )
    message = _("This month has already been scored for this post (or person).")
    if taken.exists():
        raise ValidationError({"month": message})
    evaluation.number = core.record_number(record=evaluation)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as exc:
        raise ValidationError({"month": message}) from exc


def _open_rectifications(evaluation, standard, items: dict, rows) -> None:
    low = [row for row in rows if row.points * 100 < items[row.item_id].weight * standard.pass_mark]
    if not low:
        return
    deadline = timezone.localdate() + timedelta(days=RECTIFY_DAYS)
    Rectification.objects.bulk_create(
        Rectification(site=evaluation.site, score=row, deadline=deadline) for row in low
    )
    recipients = evaluation.post.members.filter(user__isnull=False, user__is_active=True)
    core.notify(
        site=evaluation.site,
        recipients=[person.user for person in recipients.select_related("user")],
        level="warning",
        title=_("%(count)d item(s) of %(post)s to rectify by %(deadline)s")
        % {"count": len(low), "post": evaluation.post.name, "deadline": deadline.isoformat()},
        body=", ".join(items[row.item_id].text for row in low)[:500],
        url=reverse("quality:rectification_list"),
    )


# Rectifications ----------------------------------------------------------------------------


def _relock(rectification: Rectification) -> None:
    """Read the workflow state afresh under a row lock, so two people cannot both act on it."""
    fresh = Rectification.objects.select_for_update().get(pk=rectification.pk)
    rectification.status = fresh.status


def _evaluation_of(rectification: Rectification) -> Evaluation:
    return rectification.score.evaluation


def may_rectify(user, rectification: Rectification) -> bool:
    """A member of the post with a login, or the site's service staff."""
    post = _evaluation_of(rectification).post
    if post.members.filter(user=user).exists():
        return True
    holders = role_holders(site_id=rectification.site_id, roles=[SERVICE_STAFF])
    return holders.filter(pk=user.pk).exists()


def rectification_done(*, rectification: Rectification, by, action: str) -> Rectification:
    """Report an item put right, with what was done."""
    action = (action or "").strip()
    if not action:
        raise ValidationError({"action": _("Say what was done.")})
    if _evaluation_of(rectification).voided_at is not None:
        raise ValidationError(_("This evaluation is void."))
    if not may_rectify(by, rectification):
        raise ValidationError(_("Only the post's people or service staff report a rectification."))
    with transaction.atomic():
        _relock(rectification)
        if rectification.status != RectificationStatus.OPEN:
            raise ValidationError(_("This item is not waiting for rectification."))
        rectification.status = RectificationStatus.DONE
        rectification.action = action
        rectification.done_at = timezone.now()
        rectification.save(update_fields=["status", "action", "done_at"])
        core.event_record(
            site=rectification.site, verb="rectified", actor=by, target=rectification, detail=action
        )
    return rectification


def rectified_by_id(rectification: Rectification) -> int | None:
    """Who last reported the item put right (the checker must be someone else)."""
    from django.contrib.contenttypes.models import ContentType

    event = (
        Event.objects.filter(
            content_type=ContentType.objects.get_for_model(Rectification),
            object_id=rectification.pk,
            verb="rectified",
        )
        .order_by("-at", "-pk")
        .first()
    )
    return event.actor_id if event is not None else None


def rectification_verify(
    *, rectification: Rectification, by, accepted: bool, note: str = ""
) -> Rectification:
    """A supervisor other than the one who did it checks the work: accepted closes it, refused
    sends it back to the post (with the reason)."""
    note = (note or "").strip()
    if not has_perm_at(by, "quality.change_evaluation", rectification.site_id):
        raise ValidationError(_("Only a supervisor checks a rectification."))
    if rectified_by_id(rectification) == by.pk:
        raise ValidationError(_("Someone other than who did the work checks it."))
    if not accepted and not note:
        raise ValidationError({"note": _("Say what is still wrong.")})
    with transaction.atomic():
        _relock(rectification)
        if rectification.status != RectificationStatus.DONE:
            raise ValidationError(_("This item has not been reported as rectified."))
        if accepted:
            _close(rectification, by)
        else:
            rectification.status = RectificationStatus.OPEN
            rectification.save(update_fields=["status"])
        verb = "rectification_accepted" if accepted else "rectification_refused"
        core.event_record(
            site=rectification.site, verb=verb, actor=by, target=rectification, detail=note
        )
    return rectification


def _close(rectification: Rectification, by) -> None:
    rectification.status = RectificationStatus.VERIFIED
    rectification.verified_at = timezone.now()
    rectification.verified_by = by
    rectification.save(update_fields=["status", "verified_at", "verified_by"])
