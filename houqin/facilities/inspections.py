"""Equipment patrol inspection (巡检) and the daily fire-facility patrol as rounds of the
inspection engine, walked by technicians; what they find becomes a work order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from houqin.inspections import registry
from houqin.inspections.choices import RouteKind


def inspection_finding(finding, photo, by):
    """Open a work order for a fault found on a round, at the checkpoint's location, with the
    photo attached."""
    from houqin.facilities.choices import WorkOrderSource
    from houqin.facilities.services.workorders import work_order_open

    checkpoint = finding.checkpoint
    description = finding.description
    if checkpoint is not None and checkpoint.location_id is None:
        description = f"{checkpoint.name}: {description}"[:500]
    return work_order_open(
        site=finding.site,
        description=description,
        by=by,
        source=WorkOrderSource.INSPECTION,
        location=checkpoint.location if checkpoint is not None else None,
        reported_at=finding.reported_at,
        photo=photo,
    )


for _kind, _label in (
    (RouteKind.EQUIPMENT, _("equipment patrol inspection")),
    (RouteKind.FIRE, _("fire-facility patrol")),
):
    registry.register(
        _kind,
        label=_label,
        scan_perm="facilities.add_runlog",
        finding_handler=inspection_finding,
    )
