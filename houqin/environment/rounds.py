"""Cleaning-zone inspections as rounds of the inspection engine (registered on import): the
"cleaning" kind, walked by supervisors; a failed item opens a zone rectification, and a scanned
zone label opens the zone's inspection page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.permissions import has_perm_at
from houqin.inspections import registry
from houqin.inspections.choices import RouteKind

INSPECT_PERM = "environment.inspect_cleaningzone"


def cleaning_results(scan, results, by, photos):
    """Open a rectification for each failed item of the zone scanned."""
    from houqin.environment.services.cleaning import cleaning_results as handler

    handler(scan, results, by, photos)


def zone_page(checkpoint, user) -> str | None:
    """The inspection page of the zone behind ``checkpoint``, for a supervisor of its site."""
    from houqin.environment.models import CleaningZone

    zone = CleaningZone.objects.filter(checkpoint=checkpoint, is_active=True).first()
    if zone is None or not has_perm_at(user, INSPECT_PERM, zone.site_id):
        return None
    return reverse("environment:zone_inspect", kwargs={"pk": zone.pk})


registry.register(
    RouteKind.CLEANING,
    label=_("cleaning-zone inspection"),
    scan_perm=INSPECT_PERM,
    result_handler=cleaning_results,
    scan_url=zone_page,
)
