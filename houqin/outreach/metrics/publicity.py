"""Metrics of the publicity subject (registered on import): issues put up, copies handed out,
money invested, volunteer hours and active volunteers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.outreach.queries.publicity import publicity_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "outreach.publicity_issues",
        _("publicity board issues"),
        _("issues"),
        definition=_(
            "Publicity board issues put up on days in the period; voided issues are not counted."
        ),
    ),
    Metric(
        "outreach.materials_distributed",
        _("publicity materials handed out"),
        pgettext_lazy("publicity", "copies"),
        definition=_(
            "Copies of publicity materials handed out: the sum of the quantities of the"
            " distributions made on days in the period; voided distributions are not "
            "counted."
        ),
    ),
    Metric(
        "outreach.investment_yuan",
        _("money invested in the centre"),
        _("yuan"),
        "yuan",
        display="wan",
        definition=_(
            "Money invested in the science centre: the sum of the investments made on "
            "days in the period, in whole yuan; voided investments are not counted."
        ),
    ),
    Metric(
        "outreach.volunteer_hours",
        _("volunteer hours"),
        pgettext_lazy("unit", "hours"),
        definition=_(
            "Sum of the volunteer hours recorded for activities held on days in the period."
        ),
    ),
    Metric(
        "outreach.volunteers",
        _("active volunteers"),
        pgettext_lazy("unit", "people"),
        definition=_(
            "Volunteers marked active (as of now) who joined on or before the period's last day."
        ),
    ),
)
def publicity_metrics(*, site_ids, start, end) -> dict:
    """Non-void issues put up and copies handed out in the period, the money invested (whole
    yuan), hours of activities held in it, and the volunteers active at its end."""
    figures = publicity_figures(site_ids, start, end)
    yuan = Decimal(figures["yuan"]).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    hours = Decimal(figures["hours"])
    return {
        "outreach.publicity_issues": figures["issues"],
        "outreach.materials_distributed": figures["copies"],
        "outreach.investment_yuan": int(yuan),
        "outreach.volunteer_hours": int(hours)
        if hours == hours.to_integral_value()
        else float(hours),
        "outreach.volunteers": figures["volunteers"],
    }
