"""The security module's figures for the annual report (SPEC §4)."""

from django.utils.translation import gettext_lazy as _

from houqin.reports.registry import Metric, metric_source
from houqin.security.queries.visitors import visit_figures


@metric_source(
    Metric("security.visitor_registrations", _("visitor registrations"), _("person-times")),
    Metric("security.visitor_persons", _("visitors including companions"), _("person-times")),
    Metric("security.visitors_blocked", _("visitors refused (blacklist)"), _("person-times")),
    Metric("security.visitor_vehicles", _("visitor vehicles registered"), _("vehicle-times")),
    Metric(
        "security.visitor_preregistration_rate",
        _("share of visitors pre-registered"),
        _("%"),
        kind="rate",
    ),
)
def visitor_metrics(*, site_ids, start, end) -> dict:
    row = visit_figures(site_ids=site_ids, start=start, end=end)
    registrations = row["registrations"]
    return {
        "security.visitor_registrations": registrations,
        "security.visitor_persons": registrations + row["companions"],
        "security.visitors_blocked": row["blocked"],
        "security.visitor_vehicles": row["vehicles"],
        "security.visitor_preregistration_rate": (
            round(row["preregistered"] / registrations, 4) if registrations else 0
        ),
    }
