"""The annual report page: every metric, grouped by module, for a year and a site."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.reports.queries import annual_report
from houqin.reports.render import grouped
from houqin.reports.views.scope import MIN_YEAR, parse_year, report_scope


@login_required
def annual(request):
    """The annual figures, as a web page."""
    site_ids, site = report_scope(request)
    year = parse_year(request.GET.get("year"))
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
