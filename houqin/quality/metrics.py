"""Service-evaluation figures for the annual report (SPEC §4): the average service score and the
number of evaluations in the period (void ones excluded)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.quality.queries.evaluations import score_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "services.service_score",
        _("average service evaluation score"),
        _("points of 100"),
        definition=_(
            "Average score (of 100, one decimal) of the service evaluations of the "
            "months that begin in the period; voided evaluations are left out; 0 when "
            "there is none."
        ),
    ),
    Metric(
        "services.evaluations",
        _("service evaluations"),
        _("evaluations"),
        definition=_(
            "Service evaluations of the months that begin in the period; voided "
            "evaluations are not counted."
        ),
    ),
)
def evaluation_metrics(*, site_ids, start, end) -> dict:
    """Evaluations whose month begins inside [start, end), in the compound's time zone."""
    row = score_figures(
        site_ids=site_ids,
        start=timezone.localtime(start).date(),
        end=timezone.localtime(end).date(),
    )
    return {"services.service_score": row["average"], "services.evaluations": row["count"]}
