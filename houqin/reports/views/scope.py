"""What every reports page starts with: the permission to read reports, and the sites it covers
(``?site=CODE``, else the site chosen in the switcher, else all the user's sites)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.models import Site
from houqin.core.permissions import has_perm_at
from houqin.reports.queries import REPORT_PERM, report_sites
from houqin.utils.text import parse_id

MIN_YEAR = 1990


def parse_year(raw) -> int:
    """A report year from a query string; this year when absent; 404 when nonsense."""
    if raw in (None, ""):
        return timezone.localdate().year
    year = parse_id(raw)
    if year is None or not MIN_YEAR <= year <= 2100:
        raise Http404(_("Unknown year."))
    return year


def summary_year(request) -> int:
    """``?year=`` (POST or GET), or last year: the summary is written after the year ends."""
    raw = request.POST.get("year") or request.GET.get("year")
    return parse_year(raw) if raw else timezone.localdate().year - 1


def report_scope(request, *, one_site_as_site: bool = False):
    """``(site_ids, site)`` for the request: 403 without ``reports.view_report``, 404 for a site
    the user may not report on. With ``one_site_as_site``, all the sites of a user who has one
    site are that site (the summary then uses that site's own wording, not the installation's)."""
    if not has_perm_at(request.user, REPORT_PERM):
        raise PermissionDenied
    code = request.GET.get("site") or (request.site.code if request.site else None)
    try:
        site_ids, site = report_sites(request.user, code)
    except Site.DoesNotExist as exc:
        raise Http404 from exc
    if one_site_as_site and site is None and site_ids is not None and len(site_ids) == 1:
        site = Site.objects.get(pk=site_ids[0])
    return site_ids, site
