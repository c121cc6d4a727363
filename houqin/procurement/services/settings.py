"""Writes of the procurement settings: the centre of a site, the thresholds and time limits (the
law as rows, DOMAIN §5) and the departments' yearly procurement budgets.

Thresholds and time limits belong to no site; their changes are recorded as events of the site
where the officer made them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import same_site
from houqin.procurement.choices import STAGE_ORDER, Method
from houqin.procurement.models import DepartmentBudget, ProcurementOffice, Threshold, TimeLimit


def _save(obj, *, creating: bool, fields: list[str] | None) -> None:
    """Insert, or update only ``fields`` (nothing when no field changed)."""
    if creating:
        obj.save()
    elif fields:
        obj.save(update_fields=fields)


def _record(obj, *, site, by, noun: str, creating: bool, detail: str) -> None:
    verb = f"{noun}_add" if creating else f"{noun}_change"
    core.event_record(site=site, verb=verb, actor=by, target=obj, detail=detail)


def _check_period(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from is None:
        raise ValidationError({"valid_from": _("Give the date the rule is in force from.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end of the period is before its start.")})


def _overlapping(qs, valid_from: date, valid_to: date | None):
    """Rows of ``qs`` whose period shares a day with ``valid_from``–``valid_to`` (open end:
    without end)."""
    qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    return qs if valid_to is None else qs.filter(valid_from__lte=valid_to)


# The procurement centre ----------------------------------------------------------------------


def office_save(
    *, office: ProcurementOffice, by, fields: list[str] | None = None
) -> ProcurementOffice:
    """Create or update a site's procurement centre (name, jurisdiction, portal)."""
    office.name = (office.name or "").strip()
    if not office.name:
        raise ValidationError({"name": _("Give the centre's name.")})
    if office.jurisdiction_id is None:
        raise ValidationError({"jurisdiction": _("Choose the jurisdiction.")})
    creating = office.pk is None
    if creating and ProcurementOffice.objects.filter(site_id=office.site_id).exists():
        raise ValidationError(_("This site already has a procurement centre."))
    try:
        with transaction.atomic():
            _save(office, creating=creating, fields=fields)
            _record(
                office,
                site=office.site,
                by=by,
                noun="office",
                creating=creating,
                detail=office.name,
            )
    except IntegrityError as exc:  # created at the same moment by someone else
        raise ValidationError(_("This site already has a procurement centre.")) from exc
    return office


# Thresholds ----------------------------------------------------------------------------------


def _check_threshold(threshold: Threshold) -> None:
    threshold.basis = (threshold.basis or "").strip()
    if not threshold.basis:
        raise ValidationError({"basis": _("Give the legal source of the figure.")})
    if threshold.amount_yuan is None or threshold.amount_yuan <= 0:
        raise ValidationError({"amount_yuan": _("The amount must be more than 0 yuan.")})
    _check_period(threshold.valid_from, threshold.valid_to)
    same = Threshold.objects.filter(
        jurisdiction_id=threshold.jurisdiction_id,
        kind=threshold.kind,
        object_type=threshold.object_type,
    ).exclude(pk=threshold.pk)
    clash = _overlapping(same, threshold.valid_from, threshold.valid_to).first()
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": _(
                    "The period overlaps the threshold of %(amount)s yuan in force from "
                    "%(start)s: end that one first."
                )
                % {"amount": clash.amount_yuan, "start": clash.valid_from.isoformat()}
            }
        )


def threshold_save(*, threshold: Threshold, site, by, fields: list[str] | None = None) -> Threshold:
    """Record or change a threshold; two thresholds of the same jurisdiction, kind and object
    may not be in force on the same day."""
    _check_threshold(threshold)
    creating = threshold.pk is None
    with transaction.atomic():
        _save(threshold, creating=creating, fields=fields)
        _record(
            threshold,
            site=site,
            by=by,
            noun="threshold",
            creating=creating,
            detail=f"{threshold} {threshold.basis}",
        )
    return threshold


# Time limits ---------------------------------------------------------------------------------


def _check_time_limit(limit: TimeLimit) -> None:
    limit.name = (limit.name or "").strip()
    limit.basis = (limit.basis or "").strip()
    if not limit.name:
        raise ValidationError({"name": _("Give the rule's wording.")})
    if not limit.basis:
        raise ValidationError({"basis": _("Give the legal source of the rule.")})
    unknown = set(limit.methods or []) - set(Method.values)
    if unknown:
        raise ValidationError({"methods": _("Choose methods from the list.")})
    if STAGE_ORDER.index(limit.from_stage) >= STAGE_ORDER.index(limit.to_stage):
        raise ValidationError({"to_stage": _("The later stage must come after the earlier.")})
    if not limit.days:
        raise ValidationError({"days": _("A time limit counts at least one day.")})
    _check_period(limit.valid_from, limit.valid_to)
    same = TimeLimit.objects.filter(code=limit.code).exclude(pk=limit.pk)
    clash = _overlapping(same, limit.valid_from, limit.valid_to).first()
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": _(
                    "The period overlaps the version of this rule in force from %(start)s."
                )
                % {"start": clash.valid_from.isoformat()}
            }
        )


def time_limit_save(*, limit: TimeLimit, site, by, fields: list[str] | None = None) -> TimeLimit:
    """Change a legal time limit (or record a new version of it) with its source."""
    if limit.methods and set(limit.methods) == set(Method.values):
        limit.methods = []  # every method: stored empty, so a new method is covered too
    _check_time_limit(limit)
    creating = limit.pk is None
    with transaction.atomic():
        _save(limit, creating=creating, fields=fields)
        _record(
            limit,
            site=site,
            by=by,
            noun="timelimit",
            creating=creating,
            detail=f"{limit.code} {limit.days} {limit.get_day_kind_display()}",
        )
    return limit


# Department budgets --------------------------------------------------------------------------


def department_budget_save(
    *, budget: DepartmentBudget, by, fields: list[str] | None = None
) -> DepartmentBudget:
    """Record or change a department's procurement budget for a year (one per year)."""
    same_site(budget.site, budget.department, field="department")
    if budget.amount_yuan is None or budget.amount_yuan < 0:
        raise ValidationError({"amount_yuan": _("The budget cannot be negative.")})
    if not budget.year or not 2000 <= budget.year <= 2100:
        raise ValidationError({"year": _("Choose a year between 2000 and 2100.")})
    taken = DepartmentBudget.objects.filter(department=budget.department, year=budget.year)
    if taken.exclude(pk=budget.pk).exists():
        raise ValidationError({"year": _("This department already has a budget for the year.")})
    creating = budget.pk is None
    with transaction.atomic():
        _save(budget, creating=creating, fields=fields)
        _record(
            budget,
            site=budget.site,
            by=by,
            noun="budget",
            creating=creating,
            detail=f"{budget.department} {budget.year} {budget.amount_yuan}",
        )
    return budget
