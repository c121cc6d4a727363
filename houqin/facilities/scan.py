"""Scan-link purposes owned by the facilities module: a room's "report a fault here" label
("fault") and a unit's label ("equipment").

Anyone may report a fault by scanning either, without an account; staff who may see the
registry are taken to the unit's page instead, and a logged-in user on a room's label gets the
staff report form with the room filled in."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from houqin.core.permissions import has_perm_at
from houqin.core.scan import register, scan_error


def _target_or_error(request, link):
    target = link.target
    if target is None:
        return None, scan_error(request, _("This code is not known to the system."))
    return target, None


@register("fault")
def open_fault_label(request, link, signed):
    """A room's label: the staff report form for a logged-in reporter, else the public form."""
    from houqin.facilities.views.workorders import public_fault

    location, error = _target_or_error(request, link)
    if error is not None:
        return error
    if has_perm_at(request.user, "facilities.add_workorder", location.site_id):
        query = urlencode({"location": location.pk})
        return redirect(f"{reverse('facilities:workorder_report')}?{query}")
    return public_fault(request, link, signed)


@register("equipment")
def open_equipment_label(request, link, signed):
    """A unit's label: its registry page for who may see it, else the public fault form."""
    from houqin.facilities.views.workorders import public_fault

    unit, error = _target_or_error(request, link)
    if error is not None:
        return error
    if has_perm_at(request.user, "facilities.view_equipment", unit.site_id):
        return redirect("facilities:equipment_detail", pk=unit.pk)
    return public_fault(request, link, signed)
