"""The annual report page: every metric, grouped by module, for a year and a site."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.models import Site
from houqin.core.permissions import has_perm_at
from houqin.reports.queries import REPORT_PERM, annual_report, report_sites
from houqin.reports.render import grouped
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


@login_required
def annual(request):
    """The annual figures, as a web page."""
    if not has_perm_at(request.user, REPORT_PERM):
        raise PermissionDenied
    year = parse_year(request.GET.get("year"))
    code = request.GET.get("site") or (request.site.code if request.site else None)
    try:
        site_ids, site = report_sites(request.user, code)
    except Site.DoesNotExist as exc:
        raise Http404 from exc
    report = annual_report(year=year, site_ids=site_ids, site=site)
    return render(
        request,
        "reports/annual.html",
        {
            "title": _("Annual figures %(year)d") % {"year": year},
            "report": report,
            "groups": grouped(report),
            "year": year,
            "site": site,
            "years": range(timezone.localdate().year, MIN_YEAR - 1, -1)[:25],
        },
    )
