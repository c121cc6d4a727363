"""Metrics of the library subject (registered on import): copies held (藏书, 册) and loans
(借阅, 人次)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.outreach.models.library import BookCopy, Loan
from houqin.reports.registry import Metric, metric_source


def _sites(queryset, site_ids):
    return queryset if site_ids is None else queryset.filter(site_id__in=site_ids)


@metric_source(
    Metric(
        "outreach.library_books",
        _("books held by the library"),
        pgettext_lazy("library", "copies"),
        definition=_(
            "Copies held by the library at the end of the period: acquired on or before"
            " the period's last day and not withdrawn by then (a count at a date, not "
            "of the period's acquisitions)."
        ),
    )
)
def library_books(*, site_ids, start, end) -> dict:
    """Copies held at the end of the period: acquired before its end, not withdrawn before it."""
    last_day = timezone.localdate(end)  # ``end`` is exclusive: the day it starts is outside
    held = _sites(BookCopy.objects.all(), site_ids).aggregate(
        n=Count(
            "pk",
            filter=Q(acquired_on__lt=last_day)
            & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=last_day)),
        )
    )
    return {"outreach.library_books": held["n"]}


@metric_source(
    Metric(
        "outreach.library_loans",
        _("library loans"),
        _("person-times"),
        definition=_(
            "Library loans lent in the period (by lending time); voided loans are not counted."
        ),
    )
)
def library_loans(*, site_ids, start, end) -> dict:
    """Loans lent in the period (void ones do not count)."""
    loans = _sites(Loan.objects.filter(voided_at__isnull=True), site_ids)
    n = loans.filter(lent_at__gte=start, lent_at__lt=end).count()
    return {"outreach.library_loans": n}
