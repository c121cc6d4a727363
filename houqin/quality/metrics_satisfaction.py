"""Satisfaction figures of the annual report: the rate the leadership quotes and its sample."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from houqin.quality.satisfaction import satisfaction_totals
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "services.satisfaction_rate",
        _("satisfaction with the services (rated 4 or 5 of 5)"),
        _("%"),
        kind="rate",
        definition=_(
            "Satisfied answers ÷ all answers given in the period (by the time given) "
            "over every source: organisers' ratings of meetings, reporters' ratings of "
            "repairs (voided bookings and orders left out) and staff survey answers; 4 "
            "or 5 of 5 counts as satisfied; 0 when nobody answered."
        ),
    ),
    Metric(
        "services.satisfaction_answers",
        _("satisfaction answers"),
        _("answers"),
        definition=_(
            "Answers given in the period (by the time given) over every source of the "
            "satisfaction rate: organisers' ratings of meetings, reporters' ratings of "
            "repairs (voided bookings and orders left out) and staff survey answers; "
            "the rate's sample size."
        ),
    ),
)
def satisfaction_metrics(*, site_ids, start, end) -> dict:
    """Satisfied ÷ answered over every source, and the answers (the sample size). The report's
    contract wants a number, so the rate is 0 when nobody answered; a reader tells "no data"
    from "nobody satisfied" by ``services.satisfaction_answers`` being 0."""
    overall = satisfaction_totals(site_ids=site_ids, start=start, end=end)["overall"]
    return {
        "services.satisfaction_rate": overall["rate"] or 0,
        "services.satisfaction_answers": overall["answered"],
    }
