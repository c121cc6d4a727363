"""Meters, standard-coal factors, the yearly statistics base and budgets: validated and saved,
changes recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from houqin.core.models import Site
from houqin.core.services import event_record
from houqin.energy.models import ConversionFactor, EnergyBudget, EnergyYear, Meter


def _meter_problems(meter: Meter) -> dict:
    errors = {}
    if meter.building_id and meter.building.site_id != meter.site_id:
        errors["building"] = _("The building is not of this site.")
    if meter.floor_id and meter.floor.building_id != meter.building_id:
        errors["floor"] = _("The floor is not of the meter's building.")
    if meter.department_id and meter.department.site_id != meter.site_id:
        errors["department"] = _("The department is not of this site.")
    if meter.tariff_id and (
        meter.tariff.site_id != meter.site_id or meter.tariff.energy_type != meter.energy_type
    ):
        errors["tariff"] = _("The tariff must be of this site and of the meter's energy type.")
    if meter.parent_id:
        errors.update(_parent_problems(meter))
    return errors


def _parent_problems(meter: Meter) -> dict:
    parent = meter.parent
    if meter.pk and parent.pk == meter.pk:
        return {"parent": _("A meter cannot be its own main meter.")}
    if (parent.site_id, parent.building_id, parent.energy_type) != (
        meter.site_id,
        meter.building_id,
        meter.energy_type,
    ):
        return {"parent": _("A sub-meter is of the same site, building and energy type.")}
    if parent.parent_id is not None:
        return {"parent": _("The main meter is itself a sub-meter.")}
    return {}


def meter_save(*, meter: Meter, by) -> Meter:
    """Create or change a meter after checking it fits its site, building and energy type."""
    errors = _meter_problems(meter)
    if errors:
        raise ValidationError(errors)
    if meter.pk and meter.readings.exists():
        old = Meter.objects.get(pk=meter.pk)
        if old.energy_type != meter.energy_type:
            raise ValidationError({"energy_type": _("A meter with readings keeps its type.")})
    with transaction.atomic():
        meter.full_clean()
        meter.save()
    return meter


def factor_save(*, factor: ConversionFactor, by, site=None) -> ConversionFactor:
    """Create or change the standard-coal factor of an energy type from a year on. Factors are
    national; the change is recorded under ``site`` (the editor's) for its history."""
    with transaction.atomic():
        factor.full_clean()
        creating = factor.pk is None
        factor.save()
        if not creating:
            event_record(
                site=site or Site.objects.filter(is_active=True).order_by("pk").first(),
                verb="factor_change",
                actor=by,
                target=factor,
                detail=f"{factor.energy_type} {factor.year_from}: {factor.factor}",
            )
    return factor


def energy_year_save(*, energy_year: EnergyYear, by) -> EnergyYear:
    """Create or change a site's statistics base (people, floor area) for a year."""
    with transaction.atomic():
        energy_year.full_clean()
        energy_year.save()
    return energy_year


def budget_save(*, budget: EnergyBudget, by) -> EnergyBudget:
    """Create or change a yearly running-cost budget line."""
    with transaction.atomic():
        budget.full_clean()
        budget.save()
    return budget
