"""Maintenance figures for the annual report (SPEC §4)."""

from django.utils.translation import gettext_lazy as _

from houqin.facilities.queries.maintenance import maintenance_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "facilities.maintenance_on_time_pct",
        _("maintenance tasks done on time"),
        _("%"),  # a percentage with one decimal, not a 0–1 rate
        definition=_(
            "Of the maintenance tasks due in the period (by due date; voided tasks left"
            " out), the share done on or before the due date: on time ÷ due × 100, one "
            "decimal; 0 when no task was due."
        ),
    ),
    Metric(
        "facilities.maintenance_tasks_done",
        _("maintenance tasks done"),
        _("tasks"),
        definition=_(
            "Maintenance tasks marked done in the period (by the time done), whenever "
            "they were due; voided tasks are not counted."
        ),
    ),
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
