"""Security patrols (巡逻) as rounds of the inspection engine: the "patrol" kind, walked by
guards and duty officers, whose findings become hazards."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from houqin.inspections import registry
from houqin.inspections.choices import RouteKind
from houqin.security.choices import HazardCategory, HazardSource


def patrol_finding(finding, photo, by):
    """Open a hazard for an anomaly found on patrol, with the photo attached."""
    from houqin.security.services.hazards import hazard_report

    checkpoint = finding.checkpoint
    return hazard_report(
        site=finding.site,
        description=finding.description,
        category=getattr(finding, "category", "") or HazardCategory.SECURITY,
        by=by,
        location=checkpoint.location if checkpoint is not None else None,
        place=checkpoint.name if checkpoint is not None else "",
        found_at=finding.reported_at,
        source=HazardSource.PATROL,
        photo=photo,
    )


registry.register(
    RouteKind.PATROL,
    label=_("security patrol"),
    scan_perm="inspections.scan_round",
    finding_handler=patrol_finding,
    finding_categories=HazardCategory.choices,
)
