"""Work orders (报修 → 派工 → 维修 → 完工 → 评价): opening one from any source. The dispatch,
work, completion and rating steps are added beside ``work_order_open``."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import check_photo, past_moment, same_site
from houqin.core.models import Location, Site
from houqin.core.permissions import role_holders
from houqin.core.roles import FACILITIES_MANAGER
from houqin.facilities.choices import WorkOrderPriority, WorkOrderSource
from houqin.facilities.models import Equipment, WorkOrder


def work_order_open(
    *,
    site: Site,
    description: str,
    by=None,
    source: str = WorkOrderSource.STAFF,
    location: Location | None = None,
    equipment: Equipment | None = None,
    priority: str = WorkOrderPriority.NORMAL,
    reported_at: datetime | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    client_hash: str = "",
    photo=None,
    **links,
) -> WorkOrder:
    """Open a work order and tell the site's dispatchers (the facilities managers).

    ``links`` names the record it came from: ``hazard``, ``camera`` or ``maintenance_task``.
    The location defaults to the unit's. ``by`` is None for a report made without an account.
    """
    order = WorkOrder(
        site=site,
        source=source,
        description=(description or "").strip(),
        equipment=equipment,
        location=location or (equipment.location if equipment is not None else None),
        priority=priority,
        reporter=by if by is not None and by.is_authenticated else None,
        reporter_name=reporter_name.strip(),
        reporter_phone=reporter_phone.strip(),
        client_hash=client_hash,
        created_by=by if by is not None and by.is_authenticated else None,
        **links,
    )
    _check_new(order)
    order.reported_at = past_moment(reported_at, field="reported_at")
    check_photo(photo)
    with transaction.atomic():
        order.number = core.record_number(record=order, when=order.reported_at)
        order.save()
        if photo is not None:
            core.attachment_add(target=order, upload=photo, by=by)
        core.event_record(
            site=site, verb="report", actor=by, target=order, detail=order.description
        )
        _tell_dispatchers(order)
    return order


def _check_new(order: WorkOrder) -> None:
    if not order.description:
        raise ValidationError({"description": _("Describe the fault.")})
    if order.priority not in WorkOrderPriority.values:
        raise ValidationError({"priority": _("Choose a priority from the list.")})
    same_site(order.site, order.equipment, field="equipment")
    if order.location is not None and order.location.site_id != order.site_id:
        raise ValidationError({"location": _("This choice is not at the chosen site.")})


def _tell_dispatchers(order: WorkOrder) -> None:
    urgent = order.priority == WorkOrderPriority.URGENT
    core.notify(
        site=order.site,
        recipients=role_holders(site_id=order.site_id, roles=[FACILITIES_MANAGER]),
        level="danger" if urgent else "info",
        title=_("Fault reported (%(number)s)") % {"number": order.number},
        body=order.description,
        url=reverse("facilities:workorder_detail", kwargs={"pk": order.pk}),
    )
