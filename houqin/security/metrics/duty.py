"""The duty figures for the annual report (SPEC §4)."""

from django.utils.translation import gettext_lazy as _

from houqin.reports.registry import Metric, metric_source
from houqin.security.queries.duty import duty_figures


@metric_source(
    Metric(
        "security.duty_shifts_covered",
        _("duty shifts fully covered"),
        _("shifts"),
        definition=_(
            "Shifts fully staffed: the (site, day, shift) combinations dated in the "
            "period, in published duty rosters that are not voided, in which every "
            "active duty post of the site has at least the number of people it needs "
            "per shift."
        ),
    ),
    Metric(
        "security.duty_assignments",
        _("duty assignments"),
        _("person-shifts"),
        definition=_(
            "Person-shifts: the assignments of people to duty posts in published duty "
            "rosters that are not voided, counted by the assignment's date in the "
            "period."
        ),
    ),
)
def duty_metrics(*, site_ids, start, end) -> dict:
    row = duty_figures(site_ids=site_ids, start=start, end=end)
    return {
        "security.duty_shifts_covered": row["covered"],
        "security.duty_assignments": row["assignments"],
    }
