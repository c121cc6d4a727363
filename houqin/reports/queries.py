"""Reads of the reports module: the annual report in the JSON contract of SPEC §3."""

from __future__ import annotations

from django.db.models import Case, QuerySet, Value, When

from houqin.core.inputs import is_site_code
from houqin.core.models import Site
from houqin.core.permissions import sites_with_perm
from houqin.reports.choices import SummaryPart
from houqin.reports.models import SummaryText
from houqin.reports.registry import all_metrics, compute, year_bounds

REPORT_PERM = "reports.view_report"


def report_sites(
    user, site_code: str | None, *, one_site_as_site: bool = False
) -> tuple[list[int] | None, Site | None]:
    """The site ids a report covers for ``user`` (None: every site), and the one site named.
    With ``one_site_as_site``, all the sites of a user who has one site are that site (the
    summary then uses that site's own wording, not the installation's).

    Raises Site.DoesNotExist when the code is unknown or not visible to the user."""
    allowed = sites_with_perm(user, REPORT_PERM) if user is not None else None
    sites = Site.objects.all() if allowed is None else Site.objects.filter(pk__in=allowed)
    if site_code:
        if not is_site_code(site_code):
            raise Site.DoesNotExist
        site = sites.get(code=site_code)
        return [site.pk], site
    if one_site_as_site and allowed is not None and len(allowed) == 1:
        site = sites.get()
        return [site.pk], site
    return (None if allowed is None else sorted(allowed)), None


def annual_report(*, year: int, site_ids: list[int] | None, site: Site | None) -> dict:
    """``{"year": Y, "site": CODE|None, "metrics": {KEY: {"value", "unit", "label"}}}``.

    A figure a module cannot give for lack of records (a pest level without a survey, an
    average of nothing) is left out rather than reported as zero."""
    start, end = year_bounds(year)
    values = compute(site_ids=site_ids, start=start, end=end)
    return {
        "year": year,
        "site": site.code if site else None,
        "metrics": {
            m.key: {"value": values.get(m.key), "unit": str(m.unit), "label": str(m.label)}
            for m in all_metrics()
            if values.get(m.key) is not None
        },
    }


def summary_texts(site: Site | None) -> QuerySet[SummaryText]:
    """The summary wording of ``site`` (None: of the all-sites summary), in the seed's order of
    parts (opening, environment, services, team), then by position."""
    order = Case(
        *[When(part=value, then=Value(index)) for index, value in enumerate(SummaryPart.values)],
        default=Value(len(SummaryPart.values)),
    )
    rows = (
        SummaryText.objects.filter(site__isnull=True)
        if site is None
        else (SummaryText.objects.filter(site=site))
    )
    return rows.alias(part_order=order).order_by("part_order", "position", "id")
