"""Writes of the approvals engine: submit a request, decide its current step, withdraw it, and
configure a site's flow.

Every decision locks the request row first (``select_for_update``), so two approvers deciding at
once cannot both advance it; the kind's callbacks run inside the same transaction, so a failing
callback undoes the decision too."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.approvals.choices import ApprovalStatus
from houqin.approvals.models import ApprovalDecision, ApprovalFlow, ApprovalRequest, ApprovalStep
from houqin.approvals.queries import role_holders
from houqin.approvals.registry import get_kind
from houqin.core.models import Site
from houqin.core.permissions import has_perm_at
from houqin.core.roles import ROLES, role_label
from houqin.core.services import event_record, notify

COMMENT_MAX = 500


def steps_for(*, kind: str, site: Site) -> list[str]:
    """The role codes of each level for ``kind`` at ``site``: the site's active flow if it has
    one with steps, else the kind's default steps."""
    default = list(get_kind(kind).default_steps)
    flow = ApprovalFlow.objects.filter(site=site, kind=kind, is_active=True).first()
    if flow is None:
        return default
    codes = list(flow.steps.order_by("position").values_list("role__name", flat=True))
    return codes or default


def approval_submit(
    *, kind: str, target: models.Model, site: Site, by, title: str
) -> ApprovalRequest:
    """Open a request for approval of ``target`` and tell the first step's approvers."""
    get_kind(kind)
    title = (title or "").strip()
    _check_submission(target=target, site=site, by=by, title=title)
    with transaction.atomic():
        steps = steps_for(kind=kind, site=site)
        _check_someone_decides(site=site, role=steps[0], by=by)
        request = ApprovalRequest.objects.create(
            site=site,
            kind=kind,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            target_url=_url_of(target),
            title=title[:200],
            submitted_by=by,
            steps=steps,
            current_step=1,
            current_role=steps[0],
        )
        event_record(site=site, verb="approval_submit", actor=by, target=target, detail=title)
        _notify_approvers(request)
    return request


def _check_submission(*, target, site, by, title: str) -> None:
    if target is None or target.pk is None:
        raise ValidationError(_("Save the record before submitting it for approval."))
    if getattr(target, "site_id", site.pk) != site.pk:
        raise ValidationError(_("The record belongs to another site."))
    if not title:
        raise ValidationError({"title": _("Give the request a title.")})
    if not has_perm_at(by, "", site.pk):
        raise ValidationError(_("You hold no role at this site."))
    ct = ContentType.objects.get_for_model(target)
    if ApprovalRequest.objects.filter(
        content_type=ct, object_id=target.pk, status=ApprovalStatus.PENDING
    ).exists():
        raise ValidationError(_("This record is already awaiting approval."))


def _check_someone_decides(*, site: Site, role: str, by) -> None:
    """A request nobody could decide would wait for ever: refuse it and say whom to ask."""
    if not role_holders(site_id=site.pk, role=role).exclude(pk=by.pk).exists():
        raise ValidationError(
            _(
                "Nobody at this site can approve this yet: no one else holds the role "
                "“%(role)s”. Ask the system administrator to appoint someone."
            )
            % {"role": role_label(role)}
        )


def _url_of(target) -> str:
    getter = getattr(target, "get_absolute_url", None)
    try:
        return (getter() or "")[:300] if getter else ""
    except Exception:  # a target without a page of its own is still approvable
        return ""


def approval_decide(
    *, request: ApprovalRequest, by, approve: bool, comment: str = ""
) -> ApprovalRequest:
    """Approve or reject the request's current step. The last approval calls the kind's
    ``on_approved``, a rejection its ``on_rejected``; both inside this transaction."""
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX}}
        )
    with transaction.atomic():
        locked = _locked(request)
        _check_decider(locked, by)
        ApprovalDecision.objects.create(
            site_id=locked.site_id,
            request=locked,
            step=locked.current_step,
            role=locked.current_role,
            decided_by=by,
            approved=bool(approve),
            comment=comment,
        )
        if approve:
            _advance(locked, by, comment)
        else:
            _finish(locked, by, ApprovalStatus.REJECTED, comment)
    _refresh_from(request, locked)
    return locked


def _locked(request: ApprovalRequest) -> ApprovalRequest:
    """The request row, locked until the transaction ends."""
    return ApprovalRequest.objects.select_for_update().select_related("site").get(pk=request.pk)


def _check_decider(request: ApprovalRequest, by) -> None:
    if request.status != ApprovalStatus.PENDING:
        raise ValidationError(
            _("This request is no longer awaiting approval (it is %(status)s).")
            % {"status": request.get_status_display()}
        )
    if by.pk == request.submitted_by_id:
        raise ValidationError(_("You cannot decide on a request you submitted yourself."))
    if (
        not role_holders(site_id=request.site_id, role=request.current_role)
        .filter(pk=by.pk)
        .exists()
    ):
        raise ValidationError(
            _("Only a %(role)s of %(site)s may decide this step.")
            % {"role": _role_name(request.current_role), "site": request.site}
        )


def _role_name(code: str) -> str:
    return str(ROLES[code][0]) if code in ROLES else code


def _advance(request: ApprovalRequest, by, comment: str) -> None:
    """Move on to the next level, or finish the request when this was the last one."""
    if request.current_step >= len(request.steps):
        _finish(request, by, ApprovalStatus.APPROVED, comment)
        return
    request.current_step += 1
    request.current_role = request.steps[request.current_step - 1]
    request.save(update_fields=["current_step", "current_role"])
    event_record(
        site=request.site, verb="approval_step", actor=by, target=request.target, detail=comment
    )
    _notify_approvers(request)


def _finish(request: ApprovalRequest, by, status: str, comment: str) -> None:
    """Close the request as approved or rejected, run the kind's callback and tell the
    submitter."""
    request.status = status
    request.decided_at = timezone.now()
    request.current_role = ""
    request.save(update_fields=["status", "decided_at", "current_role"])
    verb = "approve" if status == ApprovalStatus.APPROVED else "reject"
    event_record(site=request.site, verb=verb, actor=by, target=request.target, detail=comment)
    kind = get_kind(request.kind)
    callback = kind.on_approved if status == ApprovalStatus.APPROVED else kind.on_rejected
    if callback is not None:
        callback(request, by)
    notify(
        site=request.site,
        recipients=[request.submitted_by],
        title=_("%(title)s: %(status)s") % {"title": request.title, "status": _status(request)},
        body=comment,
        url=request.get_absolute_url(),
        level="success" if status == ApprovalStatus.APPROVED else "warning",
    )


def _status(request: ApprovalRequest) -> str:
    return str(request.get_status_display())


def approval_withdraw(*, request: ApprovalRequest, by) -> ApprovalRequest:
    """The submitter takes a pending request back; it stops waiting in anyone's queue."""
    with transaction.atomic():
        locked = _locked(request)
        if locked.status != ApprovalStatus.PENDING:
            raise ValidationError(_("Only a request awaiting approval can be withdrawn."))
        if by.pk != locked.submitted_by_id:
            raise ValidationError(_("Only the person who submitted a request can withdraw it."))
        locked.status = ApprovalStatus.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.current_role = ""
        locked.save(update_fields=["status", "decided_at", "current_role"])
        event_record(site=locked.site, verb="approval_withdraw", actor=by, target=locked.target)
        callback = get_kind(locked.kind).on_withdrawn
        if callback is not None:
            callback(locked, by)
    _refresh_from(request, locked)
    return locked


def approvals_cancel(*, target, by) -> int:
    """Close the pending requests about ``target`` because the record itself was voided; they
    leave every queue. Returns how many were closed."""
    pending = ApprovalRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        status=ApprovalStatus.PENDING,
    )
    with transaction.atomic():
        count = pending.update(
            status=ApprovalStatus.WITHDRAWN, decided_at=timezone.now(), current_role=""
        )
        if count:
            event_record(site=target.site, verb="approval_withdraw", actor=by, target=target)
    return count


def _refresh_from(request: ApprovalRequest, locked: ApprovalRequest) -> None:
    """Give the caller's instance the state written, so it does not read stale fields."""
    for name in ("status", "current_step", "current_role", "decided_at"):
        setattr(request, name, getattr(locked, name))


def _notify_approvers(request: ApprovalRequest) -> int:
    """Tell every holder of the current step's role at the site (but the submitter)."""
    holders = role_holders(site_id=request.site_id, role=request.current_role).exclude(
        pk=request.submitted_by_id
    )
    return notify(
        site=request.site,
        recipients=list(holders),
        title=_("Awaiting your approval: %(title)s") % {"title": request.title},
        url=request.get_absolute_url(),
    )


def approval_flow_save(*, flow: ApprovalFlow, roles: list[tuple[Group, str]], by) -> ApprovalFlow:
    """Save a site's flow with its steps, in order: (role, label) for each level. Requests
    already submitted keep the steps they were submitted with."""
    if not roles:
        raise ValidationError(_("A flow needs at least one step."))
    unknown = [role.name for role, _label in roles if role.name not in ROLES]
    if unknown:
        raise ValidationError(_("Unknown role: %(role)s.") % {"role": ", ".join(unknown)})
    get_kind(flow.kind)
    with transaction.atomic():
        created = flow.pk is None
        flow.full_clean()
        flow.save(update_fields=None if created else ["name", "is_active"])
        flow.steps.all().delete()
        ApprovalStep.objects.bulk_create(
            ApprovalStep(flow=flow, position=i, role=role, label=label[:100])
            for i, (role, label) in enumerate(roles, start=1)
        )
        verb = "approval_flow_create" if created else "approval_flow_change"
        event_record(site=flow.site, verb=verb, actor=by, target=flow)
    return flow
