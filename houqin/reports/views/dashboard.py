"""The leadership dashboard (驾驶舱): the year's key figures with their change on last year, the
monthly trends and the open items that need a leader, for one site or all the user's sites."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.inputs import chosen_year
from houqin.reports.dashboard import key_figures, monthly_trends, open_items
from houqin.reports.views.scope import report_scope

MIN_YEAR = 1990


def _link_scope(request, site) -> tuple[bool, str | None]:
    """Whether the figures can link to their lists, and the site code the links add.

    A list shows the site chosen in the switcher (all the user's sites when none): a dashboard
    of that scope links as it is; a dashboard of one site named with ``?site=`` while the
    switcher shows all sites narrows each list with its own site filter; a dashboard of a
    site other than the switcher's cannot be followed to rows (the list would show the
    switcher's site), so it shows no links and says why."""
    switcher = request.site
    if site is None or (switcher is not None and switcher.pk == site.pk):
        return True, None
    if switcher is None:
        return True, site.code
    return False, None


@login_required
def cockpit(request):
    """The dashboard page; ``?site=CODE`` and ``?year=Y`` choose what it shows."""
    site_ids, site = report_scope(request)
    year = chosen_year(request, earliest=MIN_YEAR)
    links, link_site = _link_scope(request, site)
    cards = key_figures(
        site_ids=site_ids, year=year, user=request.user, link_site=link_site, links=links
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "title": _("Leadership dashboard"),
            "year": year,
            "site": site,
            "site_code": site.code if site else "",
            "cards": cards,
            "links": links,
            "trends": monthly_trends(site_ids=site_ids, year=year),
            "items": open_items(request, site_ids=site_ids, site_code=link_site),
            "years": range(timezone.localdate().year + 1, MIN_YEAR - 1, -1)[:25],
        },
    )
