"""Maintenance figures for the annual report (SPEC §4)."""

from django.utils.translation import gettext_lazy as _

from houqin.facilities.queries.maintenance import maintenance_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "facilities.maintenance_on_time_pct",
        _("maintenance tasks done on time"),
        _("%"),  # a percentage with one decimal, not a 0–1 rate
    ),
    Metric("facilities.maintenance_tasks_done", _("maintenance tasks done"), _("tasks")),
)
def maintenance_metrics(*, site_ids, start, end) -> dict:
    """Of the non-void tasks due in the period, the share done on or before their due date (a
    percentage, one decimal); and the tasks done in the period."""
    row = maintenance_figures(site_ids=site_ids, start=start, end=end)
    return {
        "facilities.maintenance_on_time_pct": (
            round(100 * row["on_time"] / row["due"], 1) if row["due"] else 0
        ),
        "facilities.maintenance_tasks_done": row["done"],
    }
