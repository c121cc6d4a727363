"""Home-page cards of the energy and supplies module: what waits for someone's hand."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.dashboard import Card
from houqin.core.permissions import sites_with_perm
from houqin.energy.choices import FlagStatus, RequisitionStatus
from houqin.energy.models import Reading, Requisition


def _scope(request, perm: str) -> list[int] | bool | None:
    """The site ids the card counts (None: every site), or False when the user may not."""
    sites = sites_with_perm(request.user, perm)
    if sites is not None and not sites:
        return False
    site = getattr(request, "site", None)
    if site is not None:
        sites = [site.pk] if sites is None or site.pk in sites else []
    return sites


def _count(queryset, sites) -> int:
    return (queryset if sites is None else queryset.filter(site_id__in=sites)).count()


def home_cards(request) -> list[Card]:
    """The facilities manager's readings held for review; the storekeeper's approved
    requisitions waiting to be issued."""
    cards = []
    sites = _scope(request, "energy.review_reading")
    if sites is not False:
        pending = Reading.objects.filter(flag_status=FlagStatus.PENDING, voided_at__isnull=True)
        if count := _count(pending, sites):
            url = reverse("energy:reading_review_queue")
            cards.append(Card(_("Readings awaiting review"), count, url, "speedometer2", "warning"))
    sites = _scope(request, "energy.issue_requisition")
    if sites is not False:
        waiting = Requisition.objects.filter(
            status=RequisitionStatus.APPROVED, voided_at__isnull=True
        )
        if count := _count(waiting, sites):
            url = reverse("energy:requisition_queue")
            cards.append(Card(_("Requisitions to issue"), count, url, "bag-check", "primary"))
    return cards
