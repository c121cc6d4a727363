"""Procurement projects from a department's request to payment: the budget and method checks
(with their recorded approvals), the stages in the order of the method with the legal time
limits enforced, the bids and their evaluation, cancellation and voiding."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.approvals.choices import ApprovalStatus
from houqin.approvals.models import ApprovalRequest
from houqin.approvals.services import approval_submit, approvals_cancel
from houqin.core import services as core
from houqin.core.models import Department, Site
from houqin.procurement.choices import (
    Bound,
    FundingSource,
    Method,
    NoticeKind,
    ObjectType,
    ProjectStatus,
    Stage,
    ThresholdKind,
)
from houqin.procurement.models import (
    Bid,
    ProcurementOffice,
    Project,
    ProjectLine,
    ProjectStage,
    Supplier,
)
from houqin.procurement.queries.budgets import remaining_budget
from houqin.procurement.queries.suppliers import debarment_on
from houqin.procurement.services.notices import notice_publish
from houqin.procurement.services.rules import (
    applicable_limits,
    day_after,
    stage_dates,
    stage_plan,
    threshold_in_force,
)
from houqin.utils.text import parse_id

APPROVAL_BUDGET = "procurement_budget"
APPROVAL_METHOD = "procurement_method"
CENT = Decimal("0.01")
MAX_YUAN = Decimal("999999999999.99")  # the largest amount the money fields hold
MAX_QUANTITY = Decimal("9999999999.99")
NO_THRESHOLD_NEEDED = {Method.PUBLIC_TENDER, Method.EMERGENCY}
CLOSED = {ProjectStatus.CANCELLED, ProjectStatus.FAILED, ProjectStatus.COMPLETED}
AWAITING = {ProjectStatus.AWAITING_BUDGET, ProjectStatus.AWAITING_METHOD}
NOTICE_OF_STAGE = {
    Stage.INTENTION: NoticeKind.INTENTION,
    Stage.SINGLE_SOURCE_PUBLICITY: NoticeKind.SINGLE_SOURCE,
    Stage.ANNOUNCED: NoticeKind.TENDER,
    Stage.OPENED: NoticeKind.OPENING,
    Stage.AWARDED: NoticeKind.RESULT,
    Stage.CONTRACT_PUBLISHED: NoticeKind.CONTRACT,
}
EDITABLE_BEFORE_NOTICE = ("title", "description")
LINE_TEXT = {"name": 150, "spec": 200, "unit": 10}


# Small helpers ------------------------------------------------------------------------------


def _yuan(value, field: str, limit: Decimal = MAX_YUAN) -> Decimal:
    """``value`` as yuan with 2 places, or a ValidationError on ``field`` (also beyond
    ``limit``, checked before rounding: 1e30 cannot be rounded to cents)."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({field: _("Enter an amount in yuan.")}) from exc
    if not amount.is_finite():
        raise ValidationError({field: _("Enter an amount in yuan.")})
    if abs(amount) > limit:
        raise ValidationError(
            {field: _("The figure cannot exceed %(limit)s.") % {"limit": f"{limit:,}"}}
        )
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _when(at: datetime | None) -> datetime:
    """An aware moment, not in the future (a naive one is read as local time)."""
    at = at or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > timezone.now():
        raise ValidationError({"at": _("The date cannot be in the future.")})
    return at


def _day(value) -> str:
    return date_format(value, "Y-m-d")


def _locked(project: Project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("site", "jurisdiction", "department", "supplier")
        .get(pk=project.pk)
    )


def _refresh(project: Project, locked: Project, fields) -> None:
    for name in fields:
        setattr(project, name, getattr(locked, name))


# The request -------------------------------------------------------------------------------


def _clean_line(raw: dict, position: int) -> dict:
    """One request line, checked: name, unit, quantity > 0, unit price ≥ 0."""
    line = {key: str(raw.get(key) or "").strip()[:size] for key, size in LINE_TEXT.items()}
    if not line["name"] or not line["unit"]:
        raise ValidationError({"lines": _("Line %(n)d needs a name and a unit.") % {"n": position}})
    line["quantity"] = _yuan(raw.get("quantity"), "lines", MAX_QUANTITY)
    line["unit_price_yuan"] = _yuan(raw.get("unit_price_yuan"), "lines")
    if line["quantity"] <= 0 or line["unit_price_yuan"] < 0:
        raise ValidationError(
            {
                "lines": _("Line %(n)d needs a quantity above zero and a price of zero or more.")
                % {"n": position}
            }
        )
    return line


def _clean_lines(lines) -> tuple[list[dict], Decimal]:
    if not lines:
        raise ValidationError({"lines": _("A request needs at least one line.")})
    cleaned = [_clean_line(raw, n) for n, raw in enumerate(lines, start=1)]
    total = sum((ln["quantity"] * ln["unit_price_yuan"] for ln in cleaned), Decimal("0"))
    total = total.quantize(CENT, rounding=ROUND_HALF_UP)
    if total <= 0:
        raise ValidationError({"lines": _("The budget of the request must be above zero.")})
    if total > MAX_YUAN:
        raise ValidationError(
            {
                "lines": _("The total of the lines cannot exceed %(limit)s yuan.")
                % {"limit": f"{MAX_YUAN:,}"}
            }
        )
    return cleaned, total


def _check_choices(*, object_type: str, funding_source: str, method: str) -> None:
    for field, value, allowed in (
        ("object_type", object_type, ObjectType.values),
        ("funding_source", funding_source, FundingSource.values),
        ("method", method, Method.values),
    ):
        if value not in allowed:
            raise ValidationError({field: _("Choose one of the listed values.")})


def _office(site: Site) -> ProcurementOffice:
    office = ProcurementOffice.objects.filter(site=site).select_related("jurisdiction").first()
    if office is None:
        raise ValidationError(
            _(
                "This site has no procurement centre yet: record the centre and its "
                "jurisdiction before requesting a procurement."
            )
        )
    return office


def _method_needs_approval(*, project: Project, method_reason: str) -> bool:
    """Whether the method must be approved (not public tender, budget at or above the
    threshold); refuses when no threshold is in force or a needed reason is missing."""
    if project.method in NO_THRESHOLD_NEEDED:
        return False
    on = timezone.localdate(project.created_at)
    row = threshold_in_force(
        jurisdiction=project.jurisdiction,
        kind=ThresholdKind.PUBLIC_TENDER,
        object_type=project.object_type,
        on=on,
    )
    if row is None:
        raise ValidationError(
            {
                "method": _(
                    "No public-tender threshold for %(object)s is in force for %(jurisdiction)s "
                    "on %(date)s: only public tender or emergency procurement can be chosen "
                    "until the threshold is recorded."
                )
                % {
                    "object": project.get_object_type_display(),
                    "jurisdiction": project.jurisdiction,
                    "date": _day(on),
                }
            }
        )
    if project.budget_yuan < row.amount_yuan:
        return False
    if not method_reason:
        raise ValidationError(
            {
                "method_reason": _(
                    "The budget of %(budget)s yuan reaches the public-tender threshold of "
                    "%(threshold)s yuan (%(basis)s): give the reason for another method."
                )
                % {"budget": project.budget_yuan, "threshold": row.amount_yuan, "basis": row.basis}
            }
        )
    return True


def _budget_excess(*, department: Department, year: int, budget: Decimal) -> Decimal:
    """How far ``budget`` exceeds what is left of the department's budget (0: it fits). The
    budget row is locked so two requests at once cannot both fit in the same remainder."""
    from houqin.procurement.models import DepartmentBudget

    list(DepartmentBudget.objects.select_for_update().filter(department=department, year=year))
    return max(budget - remaining_budget(department=department, year=year), Decimal("0.00"))


def _submit_budget_approval(project: Project, excess: Decimal, by) -> None:
    title = _(
        "Procurement %(number)s “%(title)s” exceeds the remaining budget of %(department)s "
        "by %(excess)s yuan"
    ) % {
        "number": project.number,
        "title": project.title,
        "department": project.department.name,
        "excess": excess,
    }
    approval_submit(kind=APPROVAL_BUDGET, target=project, site=project.site, by=by, title=title)


def _submit_method_approval(project: Project, by) -> None:
    title = _("Procurement %(number)s “%(title)s”: %(method)s above the tender threshold") % {
        "number": project.number,
        "title": project.title,
        "method": project.get_method_display(),
    }
    approval_submit(kind=APPROVAL_METHOD, target=project, site=project.site, by=by, title=title)


def project_request(
    *,
    site: Site,
    department: Department,
    title: str,
    object_type: str,
    funding_source: str,
    method: str,
    lines: list[dict],
    by,
    requester=None,
    method_reason: str = "",
    description: str = "",
    at: datetime | None = None,
) -> Project:
    """Record a department's procurement request, check it against the remaining budget and
    the public-tender threshold, and submit the approvals it needs."""
    title, method_reason = (title or "").strip(), (method_reason or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the project a title.")})
    if department.site_id != site.pk:
        raise ValidationError({"department": _("The department belongs to another site.")})
    _check_choices(object_type=object_type, funding_source=funding_source, method=method)
    cleaned, budget = _clean_lines(lines)
    at = _when(at)
    office = _office(site)
    with transaction.atomic():
        project = Project(
            site=site,
            department=department,
            requester=requester,
            title=title[:200],
            object_type=object_type,
            funding_source=funding_source,
            method=method,
            method_reason=method_reason,
            description=(description or "").strip(),
            budget_yuan=budget,
            jurisdiction=office.jurisdiction,
            created_at=at,
            created_by=by,
        )
        needs_method = _method_needs_approval(project=project, method_reason=method_reason)
        excess = _budget_excess(
            department=department, year=timezone.localdate(at).year, budget=budget
        )
        project.status = _initial_status(excess, needs_method)
        project.number = core.record_number(record=project, when=at)
        project.save()
        _save_lines(project, cleaned)
        ProjectStage.objects.create(site=site, project=project, stage=Stage.REQUESTED, at=at, by=by)
        core.event_record(site=site, verb="project_request", actor=by, target=project, detail=title)
        if excess > 0:
            _submit_budget_approval(project, excess, by)
        elif needs_method:
            _submit_method_approval(project, by)
    return project


def _initial_status(excess: Decimal, needs_method: bool) -> str:
    if excess > 0:
        return ProjectStatus.AWAITING_BUDGET
    return ProjectStatus.AWAITING_METHOD if needs_method else ProjectStatus.ACTIVE


def _save_lines(project: Project, cleaned: list[dict]) -> None:
    ProjectLine.objects.bulk_create(
        ProjectLine(site_id=project.site_id, project=project, **line) for line in cleaned
    )


# Approval callbacks (registered in houqin.procurement.approvals) ----------------------------


def _set_status(project: Project, status: str, by, verb: str, detail: str = "") -> None:
    project.status = status
    project.save(update_fields=["status"])
    core.event_record(site=project.site, verb=verb, actor=by, target=project, detail=detail)


def budget_approved(request: ApprovalRequest, by) -> None:
    """The excess was approved: the method check comes next when it applies."""
    project = _locked(request.target)
    if project.status != ProjectStatus.AWAITING_BUDGET:
        return
    if _method_needs_approval(project=project, method_reason=project.method_reason or "-"):
        _set_status(project, ProjectStatus.AWAITING_METHOD, by, "project_budget_approved")
        _submit_method_approval(project, request.submitted_by)
        return
    _set_status(project, ProjectStatus.ACTIVE, by, "project_budget_approved")


def method_approved(request: ApprovalRequest, by) -> None:
    """The method was approved: the project goes ahead."""
    project = _locked(request.target)
    if project.status == ProjectStatus.AWAITING_METHOD:
        _set_status(project, ProjectStatus.ACTIVE, by, "project_method_approved")


def approval_refused(request: ApprovalRequest, by) -> None:
    """A rejected (or withdrawn) budget or method approval cancels the project."""
    project = _locked(request.target)
    if project.status in AWAITING:
        _set_status(project, ProjectStatus.CANCELLED, by, "project_cancel", request.title)


# Stages -------------------------------------------------------------------------------------


def _check_open(project: Project) -> None:
    if project.voided_at is not None:
        raise ValidationError(_("This project is void."))
    if project.status in CLOSED:
        raise ValidationError(
            _("This project is %(status)s: no further stage can be recorded.")
            % {"status": project.get_status_display()}
        )


def _check_order(project: Project, stage: str, reached: dict) -> None:
    plan = stage_plan(project)
    if stage not in plan:
        raise ValidationError(
            {
                "stage": _("“%(stage)s” is not a stage of a %(method)s project.")
                % {"stage": Stage(stage).label, "method": project.get_method_display()}
            }
        )
    pending = [s for s in plan if s not in reached]
    if not pending or pending[0] != stage:
        raise ValidationError(
            {
                "stage": _("The next stage of this project is “%(next)s”, not “%(stage)s”.")
                % {"next": Stage(pending[0]).label if pending else "-", "stage": Stage(stage).label}
            }
        )


def _check_after_previous(project: Project, at: datetime) -> None:
    last = project.stages.order_by("-at").values_list("at", flat=True).first()
    if last is not None and at < last:
        raise ValidationError(
            {
                "at": _("The date cannot be before the previous stage (%(date)s).")
                % {"date": _day(timezone.localtime(last))}
            }
        )


def _check_approvals(project: Project) -> None:
    """No silent way around the budget and method checks."""
    blocked = ApprovalRequest.objects.filter(
        kind__in=[APPROVAL_BUDGET, APPROVAL_METHOD],
        object_id=project.pk,
        content_type__model="project",
        content_type__app_label="procurement",
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.REJECTED],
    ).exists()
    if blocked or project.status in AWAITING:
        raise ValidationError(
            _(
                "The request cannot be approved while its budget or method approval is pending "
                "or was rejected."
            )
        )


def _breaches(project: Project, stage: str, on, reached: dict) -> list[tuple]:
    """(rule, its date) of every limit into ``stage`` that ``on`` breaks."""
    found = []
    for rule in applicable_limits(project, stage, on):
        start = reached.get(rule.from_stage)
        if start is None:
            continue
        limit = day_after(start, rule.days, rule.day_kind)
        early = rule.bound == Bound.AT_LEAST and on < limit
        if early or (rule.bound == Bound.WITHIN and on > limit):
            found.append((rule, limit))
    return found


def _check_limits(project: Project, stage: str, on, reached: dict, late_reason: str) -> list[str]:
    """Refuse a stage that breaks a legal time limit, naming every rule broken; returns the
    missed "within" limits that ``late_reason`` explains."""
    breaches = _breaches(project, stage, on, reached)
    early = [(r, d) for r, d in breaches if r.bound == Bound.AT_LEAST]
    late = [(r, d) for r, d in breaches if r.bound == Bound.WITHIN]
    if early:
        raise ValidationError({"at": [_rule_message(EARLY, r, d) for r, d in early]})
    if late and not late_reason:
        raise ValidationError({"late_reason": [_rule_message(LATE, r, d) for r, d in late]})
    return [rule.name for rule, _date in late]


EARLY = gettext_lazy("Refused by the rule “%(rule)s” (%(basis)s): not before %(date)s.")
LATE = gettext_lazy(
    "Late under the rule “%(rule)s” (%(basis)s): due by %(date)s. Give the reason for the "
    "delay to record the stage anyway."
)


def _rule_message(template, rule, limit) -> str:
    return str(template) % {"rule": rule.name, "basis": rule.basis, "date": _day(limit)}


def _supplier_of(project: Project, value) -> Supplier:
    pk = parse_id(getattr(value, "pk", value))
    supplier = Supplier.objects.filter(site_id=project.site_id, pk=pk).first() if pk else None
    if supplier is None:
        raise ValidationError({"supplier": _("Choose a supplier of this site.")})
    return supplier


DEBARRED_AWARD = gettext_lazy(
    "%(supplier)s is barred from government procurement (%(number)s, decided by "
    "%(authority)s): it cannot be awarded."
)
DEBARRED_BID = gettext_lazy(
    "%(supplier)s is barred from government procurement on the submission date (%(number)s, "
    "decided by %(authority)s): its bid cannot be recorded."
)


def _check_not_debarred(supplier: Supplier, on, message=DEBARRED_AWARD) -> None:
    debarment = debarment_on(supplier, on)
    if debarment is not None:
        raise ValidationError(
            {
                "supplier": str(message)
                % {
                    "supplier": supplier.name,
                    "number": debarment.number,
                    "authority": debarment.authority,
                }
            }
        )


def _confirm(project: Project, data: dict, at: datetime, by) -> list[str]:
    supplier = _supplier_of(project, data.get("supplier"))
    _check_not_debarred(supplier, timezone.localdate(at))
    bid = Bid.objects.filter(project=project, supplier=supplier).first()
    if bid is None and project.method in {Method.EMERGENCY, Method.SINGLE_SOURCE}:
        if data.get("price_yuan") in (None, ""):
            raise ValidationError({"price_yuan": _("Enter the price agreed with the supplier.")})
        bid = _bid_create(project=project, supplier=supplier, price=data["price_yuan"], at=at)
    if bid is None or not bid.is_valid:
        raise ValidationError(
            {
                "supplier": _("%(supplier)s has no valid bid for this project.")
                % {"supplier": supplier.name}
            }
        )
    project.supplier = supplier
    return ["supplier"]


def _contract(project: Project, data: dict, at: datetime, by) -> list[str]:
    number = str(data.get("contract_number") or "").strip()
    if not number:
        raise ValidationError({"contract_number": _("Enter the contract number.")})
    amount = _yuan(data.get("contract_yuan"), "contract_yuan")
    if amount <= 0 or amount > project.budget_yuan:
        raise ValidationError(
            {
                "contract_yuan": _(
                    "The contract amount must be above zero and not above the budget of "
                    "%(budget)s yuan."
                )
                % {"budget": project.budget_yuan}
            }
        )
    if project.supplier is None:
        raise ValidationError(_("Confirm the winning supplier before the contract."))
    _check_not_debarred(project.supplier, timezone.localdate(at))
    project.contract_number, project.contract_yuan = number[:50], amount
    project.contract_signed_on = timezone.localdate(at)
    project.status = ProjectStatus.CONTRACTED
    return ["contract_number", "contract_yuan", "contract_signed_on", "status"]


def _paid(project: Project, data: dict, at: datetime, by) -> list[str]:
    project.status = ProjectStatus.COMPLETED
    return ["status"]


STAGE_DATA = {Stage.CONFIRMED: _confirm, Stage.CONTRACTED: _contract, Stage.PAID: _paid}


def _check_stage(project: Project, stage: str, at: datetime, late_reason: str) -> list[str]:
    """Every check before ``stage`` is recorded at ``at``; returns the missed "within" rules."""
    _check_open(project)
    reached = stage_dates(project)
    _check_order(project, stage, reached)
    _check_after_previous(project, at)
    if stage == Stage.APPROVED or project.status in AWAITING:
        _check_approvals(project)
    return _check_limits(project, stage, timezone.localdate(at), reached, late_reason)


def project_advance(
    *,
    project: Project,
    stage: str,
    at: datetime,
    by,
    note: str = "",
    late_reason: str = "",
    data: dict | None = None,
    files=(),
) -> ProjectStage:
    """Record the next stage of ``project`` (in the order of its method) after checking the
    legal time limits; the stage's data, documents and notice go with it."""
    at, late_reason = _when(at), (late_reason or "").strip()
    with transaction.atomic():
        locked = _locked(project)
        missed = _check_stage(locked, stage, at, late_reason)
        handler = STAGE_DATA.get(stage)
        fields = handler(locked, data or {}, at, by) if handler else []
        locked.stage = stage
        locked.save(update_fields=["stage", *fields])
        row = ProjectStage.objects.create(
            site_id=locked.site_id,
            project=locked,
            stage=stage,
            at=at,
            by=by,
            note=(note or "").strip(),
            late_reason=late_reason if missed else "",
        )
        for upload in files:
            core.attachment_add(target=row, upload=upload, by=by)
        detail = str(Stage(stage).label) + (
            f" — {'; '.join(missed)}: {late_reason}" if missed else ""
        )
        core.event_record(
            site=locked.site, verb="project_advance", actor=by, target=locked, detail=detail
        )
        if stage in NOTICE_OF_STAGE:
            notice_publish(project=locked, kind=NOTICE_OF_STAGE[stage], at=at, by=by)
    _refresh(project, locked, ["stage", "status", "supplier", *fields])
    return row


# Bids ---------------------------------------------------------------------------------------


def _bid_create(*, project: Project, supplier: Supplier, price, at: datetime) -> Bid:
    price = _yuan(price, "price_yuan")
    if price <= 0:
        raise ValidationError({"price_yuan": _("The price must be above zero.")})
    if not supplier.is_active:
        raise ValidationError({"supplier": _("This supplier is not active.")})
    if Bid.objects.filter(project=project, supplier=supplier).exists():
        raise ValidationError({"supplier": _("This supplier has already bid for this project.")})
    return Bid.objects.create(
        site_id=project.site_id,
        project=project,
        supplier=supplier,
        price_yuan=price,
        submitted_at=at,
    )


def bid_record(
    *, project: Project, supplier: Supplier, price_yuan, submitted_at: datetime, by
) -> Bid:
    """Record a supplier's bid or quotation, before the bids are opened."""
    submitted_at = _when(submitted_at)
    with transaction.atomic():
        locked = _locked(project)
        _check_open(locked)
        if locked.status != ProjectStatus.ACTIVE:
            raise ValidationError(_("Bids can only be recorded for a project in progress."))
        if locked.stages.filter(stage__in=[Stage.OPENED, Stage.CONFIRMED]).exists():
            raise ValidationError(_("The bids have been opened: no further bid can be recorded."))
        supplier = _supplier_of(locked, supplier)
        _check_not_debarred(supplier, timezone.localdate(submitted_at), DEBARRED_BID)
        bid = _bid_create(project=locked, supplier=supplier, price=price_yuan, at=submitted_at)
        # No bidder's name in the history: the requester reads it before the opening.
        core.event_record(site=locked.site, verb="bid_record", actor=by, target=locked)
    return bid


def _clean_evaluation(score, rank, is_valid: bool, invalid_reason: str) -> tuple:
    score = _yuan(score, "score") if score not in (None, "") else None
    if score is not None and not Decimal("0") <= score <= Decimal("100"):
        raise ValidationError({"score": _("The score is between 0 and 100.")})
    if rank not in (None, "") and (not str(rank).isdigit() or int(rank) < 1):
        raise ValidationError({"rank": _("The rank is a whole number from 1.")})
    if not is_valid and not invalid_reason:
        raise ValidationError({"invalid_reason": _("Say why the bid is invalid.")})
    return score, int(rank) if rank not in (None, "") else None


def bid_evaluate(
    *, bid: Bid, score, rank, is_valid: bool, invalid_reason: str = "", note: str = "", by
) -> Bid:
    """Record the evaluation of a bid (after the opening, before the winner is confirmed)."""
    invalid_reason = (invalid_reason or "").strip()
    score, rank = _clean_evaluation(score, rank, is_valid, invalid_reason)
    with transaction.atomic():
        project = _locked(bid.project)
        _check_open(project)
        reached = stage_dates(project)
        if Stage.OPENED not in reached or Stage.CONFIRMED in reached:
            raise ValidationError(
                _("Bids are evaluated after the opening and before the winner is confirmed.")
            )
        bid.score, bid.rank, bid.is_valid = score, rank, bool(is_valid)
        bid.invalid_reason = "" if is_valid else invalid_reason[:200]
        bid.evaluation_note = (note or "").strip()
        bid.save(update_fields=["score", "rank", "is_valid", "invalid_reason", "evaluation_note"])
        core.event_record(site=project.site, verb="bid_evaluate", actor=by, target=project)
    return bid


# Cancel, update, void -----------------------------------------------------------------------


def project_cancel(*, project: Project, reason: str, by, failed: bool = False) -> Project:
    """Cancel the project, or declare it failed (废标); a failure notice follows when anything
    was published. Not once the contract is signed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        locked = _locked(project)
        _check_open(locked)
        if locked.status == ProjectStatus.CONTRACTED or locked.contract_signed_on:
            raise ValidationError(
                _("The contract is signed: the project can no longer be cancelled.")
            )
        status = ProjectStatus.FAILED if failed else ProjectStatus.CANCELLED
        approvals_cancel(target=locked, by=by)
        _set_status(locked, status, by, "project_fail" if failed else "project_cancel", reason)
        if locked.notices.filter(voided_at__isnull=True).exists():
            notice_publish(
                project=locked, kind=NoticeKind.FAILURE, at=timezone.now(), by=by, reason=reason
            )
    _refresh(project, locked, ["status"])
    return project


def project_update(*, project: Project, by, **fields) -> Project:
    """Change the title or requirements (until a notice is out) or the evaluation notes
    (until the contract)."""
    allowed = {*EDITABLE_BEFORE_NOTICE, "evaluation_note"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = _locked(project)
        _check_open(locked)
        _check_editable(locked, fields)
        changed = [
            name for name, value in fields.items() if getattr(locked, name) != (value or "").strip()
        ]
        for name in changed:
            setattr(locked, name, fields[name].strip())
        if changed:
            locked.save(update_fields=changed)
            core.event_record(
                site=locked.site,
                verb="project_update",
                actor=by,
                target=locked,
                detail=", ".join(changed),
            )
    _refresh(project, locked, changed)
    return project


def _check_editable(project: Project, fields: dict) -> None:
    if "title" in fields and not (fields["title"] or "").strip():
        raise ValidationError({"title": _("Give the project a title.")})
    reached = stage_dates(project)
    public = {
        Stage.ANNOUNCED,
        Stage.SINGLE_SOURCE_PUBLICITY,
        Stage.DOCUMENTS_ISSUED,
        Stage.OPENED,
        Stage.EVALUATED,
        Stage.CONFIRMED,
    }
    if set(fields) & set(EDITABLE_BEFORE_NOTICE) and public & set(reached):
        raise ValidationError(
            _("The procurement is published: its title and requirements can no longer change.")
        )
    if "evaluation_note" in fields and Stage.CONTRACTED in reached:
        raise ValidationError(
            _("The contract is signed: the evaluation notes can no longer change.")
        )


def project_void(*, project: Project, by, reason: str) -> Project:
    """Void a project entered in error: it stays in the ledger, no longer counts, its pending
    approvals close and its notices leave the portal."""
    with transaction.atomic():
        locked = _locked(project)
        core.record_void(record=locked, by=by, reason=reason)
        approvals_cancel(target=locked, by=by)
        for notice in locked.notices.filter(voided_at__isnull=True):
            core.record_void(record=notice, by=by, reason=reason)
    _refresh(project, locked, ["voided_at", "voided_by", "void_reason"])
    return project
