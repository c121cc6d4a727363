"""Metrics of the regulations library (registered on import): revisions and new regulations
adopted in the period, and the regulations in force at its end."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.reports.registry import Metric, metric_source
from houqin.team.queries.regulations import adoption_counts, in_force_count


@metric_source(
    Metric(
        "team.regulations_revised",
        _("regulations revised"),
        _("revisions"),
        definition=_(
            "Revisions (versions after the first) of regulations adopted on days in the"
            " period; voided regulations are not counted."
        ),
    ),
    Metric(
        "team.regulations_new",
        _("new regulations adopted"),
        pgettext_lazy("unit", "regulations"),
        definition=_(
            "New regulations: first versions adopted on days in the period; voided "
            "regulations are not counted."
        ),
    ),
    Metric(
        "team.regulations_in_force",
        _("regulations in force"),
        pgettext_lazy("unit", "regulations"),
        definition=_(
            "Regulations, not voided and not repealed, with a version in effect on the "
            "period's last day (a count at a date)."
        ),
    ),
)
def regulation_metrics(*, site_ids, start, end) -> dict:
    """Versions adopted on local days in [start, end): after the first (revisions) and first
    ones; and the live regulations in force on the period's last day."""
    first, stop = timezone.localtime(start).date(), timezone.localtime(end).date()
    counts = adoption_counts(site_ids=site_ids, start=first, end=stop)
    return {
        "team.regulations_revised": counts["revised"],
        "team.regulations_new": counts["new"],
        "team.regulations_in_force": in_force_count(site_ids=site_ids, on=stop - timedelta(days=1)),
    }
