"""Work-order figures for the annual report (SPEC §4): orders opened and closed, the median
response and repair hours, and the reporters' satisfaction."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.facilities.queries.workorders import work_order_figures
from houqin.reports.registry import Metric, metric_source


def _hours(value: timedelta | None) -> float:
    return round(value.total_seconds() / 3600, 1) if value is not None else 0


@metric_source(
    Metric(
        "facilities.work_orders_opened",
        _("work orders opened"),
        _("orders"),
        definition=_(
            "Work orders reported in the period (by report time); voided orders are not counted."
        ),
    ),
    Metric(
        "facilities.work_orders_closed",
        _("work orders closed"),
        _("orders"),
        definition=_(
            "Work orders closed in the period (by closing time), whenever they were "
            "reported; voided orders are not counted."
        ),
    ),
    Metric(
        "facilities.work_order_response_hours_median",
        _("median response time of work orders"),
        pgettext_lazy("unit", "hours"),
        definition=_(
            "Median, over the work orders reported in the period whose work has "
            "started, of the time from report to start of work, in hours with one "
            "decimal; voided orders are left out; 0 when there is none."
        ),
    ),
    Metric(
        "facilities.work_order_repair_hours_median",
        _("median repair time of work orders"),
        pgettext_lazy("unit", "hours"),
        definition=_(
            "Median, over the work orders reported in the period whose work has started"
            " and been completed, of the time from start to completion, in hours with "
            "one decimal; voided orders are left out; 0 when there is none."
        ),
    ),
    Metric(
        "facilities.work_order_satisfaction",
        _("average repair rating"),
        _("points of 5"),
        definition=_(
            "Average of the reporters' ratings (1 to 5) of work orders rated in the "
            "period (by rating time), one decimal; voided orders are left out; 0 when "
            "none was rated."
        ),
    ),
    Metric(
        "facilities.work_order_satisfied_pct",
        _("share of rated repairs rated 4 or 5"),
        _("%"),
        definition=_(
            "Work orders rated 4 or 5 ÷ all work orders rated in the period (by rating "
            "time), × 100 with one decimal; voided orders are left out; 0 when none was"
            " rated."
        ),
    ),
)
def work_order_metrics(*, site_ids, start, end) -> dict:
    row = work_order_figures(site_ids=site_ids, start=start, end=end)
    rated = row["rated"]
    return {
        "facilities.work_orders_opened": row["opened"],
        "facilities.work_orders_closed": row["closed"],
        "facilities.work_order_response_hours_median": _hours(row["response"]),
        "facilities.work_order_repair_hours_median": _hours(row["repair"]),
        "facilities.work_order_satisfaction": round(float(row["rating"] or 0), 1),
        "facilities.work_order_satisfied_pct": (
            round(100 * row["satisfied"] / rated, 1) if rated else 0
        ),
    }
