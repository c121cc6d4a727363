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
    the user may not report on (``one_site_as_site``: see ``report_sites``)."""
    if not has_perm_at(request.user, REPORT_PERM):
        raise PermissionDenied
    code = request.GET.get("site") or (request.site.code if request.site else None)
    try:
        return report_sites(request.user, code, one_site_as_site=one_site_as_site)
    except Site.DoesNotExist as exc:
        raise Http404 from exc
