"""Writes of the supplier registry: suppliers with their credit code checked, qualifications,
and the debarment list (a debarment is lifted by voiding it with the reason)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.procurement.models import Debarment, Qualification, Supplier
from houqin.utils.creditcode import normalise_credit_code


def _save(obj, *, creating: bool, fields: list[str] | None) -> None:
    """Insert, or update only ``fields`` (nothing when no field changed)."""
    if creating:
        obj.save()
    elif fields:
        obj.save(update_fields=fields)


def _check_supplier(supplier: Supplier) -> None:
    supplier.name = (supplier.name or "").strip()
    if not supplier.name:
        raise ValidationError({"name": _("Give the supplier's name.")})
    try:
        supplier.credit_code = normalise_credit_code(supplier.credit_code)
    except ValidationError as exc:
        raise ValidationError({"credit_code": exc.messages}) from exc
    taken = Supplier.objects.filter(site_id=supplier.site_id, credit_code=supplier.credit_code)
    if taken.exclude(pk=supplier.pk).exists():
        raise ValidationError(
            {"credit_code": _("A supplier with this credit code is already registered here.")}
        )


def supplier_save(*, supplier: Supplier, by, fields: list[str] | None = None) -> Supplier:
    """Register or update a supplier (only ``fields`` when updating). The credit code is
    normalised and its check character verified; one supplier per code and site."""
    _check_supplier(supplier)
    creating = supplier.pk is None
    try:
        with transaction.atomic():
            _save(supplier, creating=creating, fields=fields)
            core.event_record(
                site=supplier.site,
                verb="supplier_add" if creating else "supplier_change",
                actor=by,
                target=supplier,
                detail=f"{supplier.name} {supplier.credit_code}",
            )
    except IntegrityError as exc:  # registered at the same moment by someone else
        raise ValidationError(
            {"credit_code": _("A supplier with this credit code is already registered here.")}
        ) from exc
    return supplier


def qualification_save(
    *, qualification: Qualification, by, fields: list[str] | None = None
) -> Qualification:
    """Record or update a supplier's qualification; it belongs to the supplier's site."""
    qualification.name = (qualification.name or "").strip()
    if not qualification.name:
        raise ValidationError({"name": _("Name the qualification.")})
    supplier = qualification.supplier
    creating = qualification.pk is None
    if creating:
        qualification.site_id = supplier.site_id
    elif qualification.site_id != supplier.site_id:
        raise ValidationError({"supplier": _("This choice is not at the chosen site.")})
    with transaction.atomic():
        _save(qualification, creating=creating, fields=fields)
        core.event_record(
            site=supplier.site,
            verb="qualification_add" if creating else "qualification_change",
            actor=by,
            target=supplier,
            detail=f"{qualification.name} {qualification.valid_until or ''}".strip(),
        )
    return qualification


def _check_debarment(debarment: Debarment) -> None:
    debarment.authority = (debarment.authority or "").strip()
    debarment.reason = (debarment.reason or "").strip()
    errors = {}
    if not debarment.authority:
        errors["authority"] = _("Name who decided the debarment.")
    if not debarment.reason:
        errors["reason"] = _("Give the reason for the debarment.")
    if debarment.starts_on is None:
        errors["starts_on"] = _("Give the date the debarment starts.")
    elif debarment.ends_on is not None and debarment.ends_on < debarment.starts_on:
        errors["ends_on"] = _("The debarment cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def debarment_add(*, debarment: Debarment, by) -> Debarment:
    """Put a supplier on the debarment list from ``starts_on`` (until ``ends_on``, or until
    lifted); while it is in force the supplier cannot be awarded."""
    _check_debarment(debarment)
    debarment.site_id = debarment.supplier.site_id
    with transaction.atomic():
        debarment.number = core.record_number(record=debarment)
        debarment.created_by = by
        debarment.save()
        core.event_record(
            site=debarment.site,
            verb="debarment_add",
            actor=by,
            target=debarment.supplier,
            detail=f"{debarment.number} {debarment.reason}",
        )
    return debarment


def debarment_lift(*, debarment: Debarment, by, reason: str) -> None:
    """Lift a debarment: it is voided with the reason and stays on record."""
    with transaction.atomic():
        core.record_void(record=debarment, by=by, reason=reason)
        core.event_record(
            site=debarment.site,
            verb="debarment_lift",
            actor=by,
            target=debarment.supplier,
            detail=f"{debarment.number} {reason.strip()}",
        )
