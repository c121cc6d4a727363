"""The public donation lists (no login), /public/<site code>/relief/: the site's public
campaigns, and each one's donation list with its totals. Only the donor's name (or
“anonymous”), the donor type, the cash and the goods are shown; a campaign whose list is not
public, or of another site, is a 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from houqin.core.models import Site
from houqin.relief import queries


def _site(code: str) -> Site:
    return get_object_or_404(Site, code=code, is_active=True)


def index(request, site: str):
    """The public campaigns of a site."""
    place = _site(site)
    campaigns = list(queries.public_campaigns(place).order_by("-starts_on", "-pk"))
    context = {"site": place, "campaigns": campaigns}
    return render(request, "relief/public_index.html", context)


def campaign(request, site: str, pk: int):
    """A campaign's public donation list with the totals by donor type and goods category."""
    place = _site(site)
    record = queries.public_campaigns(place).filter(pk=pk).first()
    if record is None:
        raise Http404
    cash = queries.cash_by_kind(record)
    context = {
        "site": place,
        "campaign": record,
        "rows": queries.public_donations(record),
        "cash": cash,
        "cash_total": sum((r["yuan"] for r in cash), queries.ZERO),
        "goods": queries.public_goods(record),
    }
    return render(request, "relief/public_campaign.html", context)


urlpatterns = [
    path("", index, name="index"),
    path("<int:pk>/", campaign, name="campaign"),
]
