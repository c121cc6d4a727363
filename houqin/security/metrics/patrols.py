"""The security patrol figures for the annual report (SPEC §4), from the rounds themselves."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.inspections.choices import RouteKind
from houqin.inspections.queries import round_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "security.patrol_rounds",
        _("patrol rounds completed"),
        pgettext_lazy("unit", "rounds"),
        definition=_(
            "Security patrol rounds due to start in the period (by scheduled start) and"
            " completed, on time, late or out of order; missed, open and voided rounds "
            "are not counted."
        ),
    ),
    Metric(
        "security.patrol_completion_rate",
        _("share of scheduled patrol rounds completed"),
        _("%"),
        kind="rate",
        definition=_(
            "Completed security patrol rounds ÷ all patrol rounds due to start in the "
            "period (by scheduled start); completed means on time, late or out of "
            "order; voided rounds are left out; 0 when none was scheduled."
        ),
    ),
    Metric(
        "security.patrol_scans",
        _("patrol checkpoint scans"),
        _("scans"),
        definition=_(
            "Checkpoint scans made on the security patrol rounds due to start in the "
            "period (the sum of each round's scans); voided rounds are not counted."
        ),
    ),
)
def patrol_metrics(*, site_ids, start, end) -> dict:
    row = round_figures(kind=RouteKind.PATROL, site_ids=site_ids, start=start, end=end)
    return {
        "security.patrol_rounds": row["completed"],
        "security.patrol_completion_rate": row["completion_rate"],
        "security.patrol_scans": row["scans"],
    }
