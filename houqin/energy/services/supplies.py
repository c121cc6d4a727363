"""Writes of office-supplies requisitions (办公用品领用): a department asks, the request goes
through the approvals engine, the storekeeper issues it through the stock ledger in one
transaction, and goods may come back (退库). The quantities on hand are never kept here: every
movement goes through ``stock.services``, which locks the (store, item) slot and refuses to go
below zero, so two issues of the last items cannot both succeed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from houqin.approvals.services import approval_submit, approvals_cancel
from houqin.core.inputs import past_moment
from houqin.core.models import Department, Person
from houqin.core.permissions import has_perm_at
from houqin.core.services import event_record, record_number, record_void
from houqin.energy.choices import RequisitionStatus
from houqin.energy.models import Requisition, RequisitionLine
from houqin.stock.choices import MovementKind
from houqin.stock.models import Item, Movement, Store
from houqin.stock.services import MAX_QUANTITY, number_clean, stock_issue, stock_return

APPROVAL_KIND = "supplies_requisition"
OFFICE_LEDGER = "office"
MAX_LINES = 50


def _plain(number: Decimal) -> str:
    return format(Decimal(number).normalize(), "f")


# Submit ----------------------------------------------------------------------------------------


def _check_requester(*, department: Department, requested_by: Person, store: Store, by) -> None:
    """Staff ask for their own department; holders of the issue permission for anyone's."""
    site_id = store.site_id
    if not has_perm_at(by, "energy.add_requisition", site_id):
        raise ValidationError(_("You may not ask for supplies at this site."))
    if department.site_id != site_id or requested_by.site_id != site_id:
        raise ValidationError({"department": _("This choice is not at the chosen site.")})
    if not department.is_active or not store.is_active:
        raise ValidationError(_("This department or store is no longer in use."))
    if has_perm_at(by, "energy.issue_requisition", site_id):
        return
    own = Person.objects.filter(user=by, site_id=site_id).first()
    if own is None or own.pk != requested_by.pk or own.department_id != department.pk:
        raise ValidationError(
            {"department": _("You may ask for supplies for your own department only.")}
        )


def _clean_lines(lines, store: Store) -> dict[int, tuple[Item, Decimal]]:
    """Item id → (item, quantity): office items of the store's site, duplicates merged."""
    if not lines:
        raise ValidationError({"lines": _("Ask for at least one item.")})
    if len(lines) > MAX_LINES:
        raise ValidationError({"lines": _("Ask for at most %(max)d items.") % {"max": MAX_LINES}})
    merged: dict[int, tuple[Item, Decimal]] = {}
    for row in lines:
        item = row.get("item")
        if not isinstance(item, Item):
            item = Item.objects.filter(pk=_int(item)).first()
        _check_item(item, store)
        quantity = number_clean(row.get("quantity"), field="lines", maximum=MAX_QUANTITY)
        before = merged.get(item.pk, (item, Decimal(0)))[1]
        merged[item.pk] = (item, before + quantity)
    return merged


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_item(item: Item | None, store: Store) -> None:
    if item is None or item.site_id != store.site_id:
        raise ValidationError({"lines": _("An item asked for is not of this site.")})
    if item.ledger != OFFICE_LEDGER or not item.is_active:
        raise ValidationError(
            {"lines": _("%(item)s is not an office supply in use.") % {"item": item}}
        )


def requisition_submit(
    *,
    department: Department,
    requested_by: Person,
    store: Store,
    lines: list[dict],
    purpose,
    by,
    at: datetime | None = None,
) -> Requisition:
    """Record a department's requisition and submit it for approval (``lines``: dicts of
    ``item`` and ``quantity``; the same item twice is asked for once, quantities added).
    ``at``: when it was asked (now by default; the demo records past years)."""
    _check_requester(department=department, requested_by=requested_by, store=store, by=by)
    cleaned = _clean_lines(lines, store)
    purpose = (purpose or "").strip()[:200]
    with transaction.atomic():
        req = Requisition(site_id=store.site_id, department=department, store=store)
        req.requested_by, req.purpose, req.created_by = requested_by, purpose, by
        req.created_at = past_moment(at, field="created_at")
        req.number = record_number(record=req, when=req.created_at)
        req.save()
        RequisitionLine.objects.bulk_create(
            RequisitionLine(site_id=req.site_id, requisition=req, item=item, quantity=quantity)
            for item, quantity in cleaned.values()
        )
        event_record(site=req.site, verb="requisition_submit", actor=by, target=req)
        title = _requisition_title(req, list(cleaned.values()))
        approval_submit(kind=APPROVAL_KIND, target=req, site=req.site, by=by, title=title)
    return req


def _requisition_title(req: Requisition, lines: list) -> str:
    """What the approvals queue shows of a request: "办公室 · 3 items · ≈ 245.00 yuan"."""
    value = sum((qty * (item.unit_cost or 0) for item, qty in lines), Decimal(0))
    count = len(lines)
    text = ngettext(
        "%(department)s · %(count)d item · ≈ %(value)s yuan (%(number)s)",
        "%(department)s · %(count)d items · ≈ %(value)s yuan (%(number)s)",
        count,
    ) % {
        "department": req.department,
        "count": count,
        "value": f"{Decimal(value).quantize(Decimal('0.01')):,.2f}",
        "number": req.number,
    }
    return text[:200]


# Approval callbacks ----------------------------------------------------------------------------


def _decided(request, by, status: str) -> None:
    req = Requisition.objects.select_for_update().filter(pk=request.object_id).first()
    if req is None or req.status != RequisitionStatus.PENDING:
        return
    req.status = status
    req.save(update_fields=["status"])
    event_record(site=req.site, verb=f"requisition_{status}", actor=by, target=req)


def requisition_approved(request, by) -> None:
    """The approvals engine approved the requisition: it now waits for the storekeeper."""
    _decided(request, by, RequisitionStatus.APPROVED)


def requisition_rejected(request, by) -> None:
    _decided(request, by, RequisitionStatus.REJECTED)


def requisition_withdrawn(request, by) -> None:
    _decided(request, by, RequisitionStatus.WITHDRAWN)


# Issue -----------------------------------------------------------------------------------------


def _locked(requisition: Requisition) -> Requisition:
    return (
        Requisition.objects.select_for_update()
        .select_related("site", "store", "department")
        .get(pk=requisition.pk)
    )


def _issue_quantities(lines, quantities) -> dict[int, Decimal]:
    """Line id → quantity to issue: what was asked unless ``quantities`` says less (or 0)."""
    quantities = {_int(k): v for k, v in (quantities or {}).items()}
    result = {}
    for line in lines:
        field = f"line_{line.pk}"
        wanted = quantities.get(line.pk, line.quantity)
        wanted = number_clean(wanted, field=field, maximum=MAX_QUANTITY, allow_zero=True)
        if wanted > line.quantity:
            raise ValidationError(
                {
                    field: _("%(item)s: at most %(asked)s %(unit)s were asked for.")
                    % {"item": line.item, "asked": _plain(line.quantity), "unit": line.item.unit}
                }
            )
        result[line.pk] = wanted
    if not any(result.values()):
        raise ValidationError(_("Issue at least one item."))
    return result


def requisition_issue(
    *,
    requisition: Requisition,
    by,
    quantities: dict | None = None,
    received_by: str = "",
    at: datetime | None = None,
) -> Requisition:
    """Issue an approved requisition: every line through ``stock_issue`` in one transaction,
    so when one item lacks stock nothing at all is issued. A line may be issued short or not
    at all (``quantities``: line id → quantity). ``at``: when (now by default)."""
    if not has_perm_at(by, "energy.issue_requisition", requisition.site_id):
        raise ValidationError(_("You may not issue supplies at this site."))
    with transaction.atomic():
        req = _locked(requisition)
        if req.voided_at is not None or req.status != RequisitionStatus.APPROVED:
            raise ValidationError(_("Only an approved requisition can be issued."))
        lines = list(req.lines.select_related("item").order_by("item_id"))  # fixed lock order
        wanted = _issue_quantities(lines, quantities)
        now = past_moment(at, field="issued_at")
        for line in lines:
            _issue_line(req, line, wanted[line.pk], by, now)
        req.status, req.issued_at, req.issued_by = RequisitionStatus.ISSUED, now, by
        req.received_by = (received_by or "").strip()[:50]
        req.save(update_fields=["status", "issued_at", "issued_by", "received_by"])
        event_record(site=req.site, verb="requisition_issue", actor=by, target=req)
    requisition.refresh_from_db()
    return requisition


def _issue_line(req: Requisition, line: RequisitionLine, quantity: Decimal, by, now) -> None:
    movement = None
    if quantity:
        try:
            movement = stock_issue(
                store=req.store,
                item=line.item,
                quantity=quantity,
                by=by,
                moved_at=now,
                party=req.department.name,
                reference=req,
                reference_text=req.number,
            )
        except ValidationError as exc:
            raise ValidationError({f"line_{line.pk}": exc.messages}) from exc
    line.issued_quantity, line.movement = quantity, movement
    line.save(update_fields=["issued_quantity", "movement"])


# Returns, withdrawal, void ---------------------------------------------------------------------


def returned_quantity(requisition: Requisition, item: Item) -> Decimal:
    """What came back of ``item`` from this requisition (live return movements)."""
    total = Movement.objects.filter(
        reference_type__model="requisition",
        reference_type__app_label="energy",
        reference_id=requisition.pk,
        item=item,
        kind=MovementKind.RETURN,
        voided_at__isnull=True,
    ).aggregate(total=Sum("quantity"))["total"]
    return total or Decimal(0)


def requisition_return(
    *,
    requisition: Requisition,
    item: Item,
    quantity,
    by,
    note: str = "",
    at: datetime | None = None,
) -> Movement:
    """Goods of an issued requisition given back to the store, at most what was issued less
    what already came back."""
    if not has_perm_at(by, "energy.issue_requisition", requisition.site_id):
        raise ValidationError(_("You may not take back supplies at this site."))
    quantity = number_clean(quantity, field="quantity", maximum=MAX_QUANTITY)
    with transaction.atomic():
        req = _locked(requisition)
        if req.voided_at is not None or req.status != RequisitionStatus.ISSUED:
            raise ValidationError(_("Only an issued requisition can take returns."))
        line = req.lines.filter(item=item).first()
        issued = (line.issued_quantity or Decimal(0)) if line else Decimal(0)
        left = issued - returned_quantity(req, item)
        if quantity > left:
            raise ValidationError(
                {
                    "quantity": _("At most %(left)s %(unit)s of %(item)s can come back.")
                    % {"left": _plain(left), "unit": item.unit, "item": item}
                }
            )
        return stock_return(
            store=req.store,
            item=item,
            quantity=quantity,
            by=by,
            party=req.department.name,
            note=note,
            moved_at=at,
            reference=req,
            reference_text=req.number,
        )


def requisition_withdraw(*, requisition: Requisition, by) -> Requisition:
    """The requester takes the requisition back before it is issued; a pending approval
    request leaves every queue."""
    with transaction.atomic():
        req = _locked(requisition)
        mine = by.pk == req.created_by_id or by.pk == req.requested_by.user_id
        if not mine:
            raise ValidationError(_("Only the requester can withdraw a requisition."))
        if req.voided_at is not None or req.status not in (
            RequisitionStatus.PENDING,
            RequisitionStatus.APPROVED,
        ):
            raise ValidationError(_("Only a requisition not yet issued can be withdrawn."))
        approvals_cancel(target=req, by=by)
        req.status = RequisitionStatus.WITHDRAWN
        req.save(update_fields=["status"])
        event_record(site=req.site, verb="requisition_withdraw", actor=by, target=req)
    requisition.refresh_from_db()
    return requisition


def requisition_void(*, requisition: Requisition, by, reason: str) -> Requisition:
    """Void a requisition that was not issued (an issued one stays: its goods left the store;
    take them back with returns instead)."""
    if not has_perm_at(by, "energy.void_requisition", requisition.site_id):
        raise ValidationError(_("You may not void requisitions at this site."))
    with transaction.atomic():
        req = _locked(requisition)
        if req.status == RequisitionStatus.ISSUED:
            raise ValidationError(
                _(
                    "An issued requisition cannot be voided: its goods have left the store. "
                    "Record what comes back as a return."
                )
            )
        record_void(record=req, by=by, reason=reason)
        approvals_cancel(target=req, by=by)
    requisition.refresh_from_db()
    return requisition
