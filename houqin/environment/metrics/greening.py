"""Metrics of the greening subject (registered on import): the average acceptance score and the
yuan deducted for failed contract terms, over the checks whose month lies in the period."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.environment.queries.greening import greening_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "environment.greening_score",
        _("average greening acceptance score"),
        _("points of 100"),
        definition=_(
            "Average score (of 100, one decimal) of the greening acceptance checks of "
            "the months that begin in the period; voided checks are left out; no value "
            "when there is none."
        ),
    ),
    Metric(
        "environment.greening_deductions_yuan",
        _("greening contract deductions"),
        _("yuan"),
        kind="yuan",
        definition=_(
            "Sum of the deductions, in whole yuan, of the contract terms failed in the "
            "greening acceptance checks of the months that begin in the period; voided "
            "checks are not counted."
        ),
    ),
)
def greening_metrics(*, site_ids, start, end) -> dict:
    """Live acceptance checks whose month begins inside [start, end) (Asia/Shanghai)."""
    row = greening_figures(
        site_ids=site_ids,
        start=timezone.localtime(start).date(),
        end=timezone.localtime(end).date(),
    )
    score = row["score"]
    return {
        "environment.greening_score": float(score) if score is not None else None,
        "environment.greening_deductions_yuan": round(row["yuan"] or 0),
    }
