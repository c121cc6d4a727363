"""The security module's figures for the annual report (SPEC §4)."""

from django.utils.translation import gettext_lazy as _

from houqin.reports.registry import Metric, metric_source
from houqin.security.queries.visitors import visit_figures


@metric_source(
    Metric(
        "security.visitor_registrations",
        _("visitor registrations"),
        _("person-times"),
        definition=_(
            "Visitor registrations checked in during the period (by check-in time), one"
            " per registration without companions; refused and voided registrations are"
            " not counted."
        ),
    ),
    Metric(
        "security.visitor_persons",
        _("visitors including companions"),
        _("person-times"),
        definition=_(
            "Visitors admitted in the period with their companions: the registrations "
            "checked in during the period plus the companions recorded on them; refused"
            " and voided registrations are not counted."
        ),
    ),
    Metric(
        "security.visitors_blocked",
        _("visitors refused (blacklist)"),
        _("person-times"),
        definition=_(
            "Visitor registrations in the period (by check-in time) that were refused "
            "entry, e.g. because the visitor is on the blacklist; voided registrations "
            "are not counted."
        ),
    ),
    Metric(
        "security.visitor_vehicles",
        _("visitor vehicles registered"),
        _("vehicle-times"),
        definition=_(
            "Admitted visitor registrations in the period (by check-in time) that came "
            "with a vehicle; refused and voided registrations are not counted."
        ),
    ),
    Metric(
        "security.visitor_preregistration_rate",
        _("share of visitors pre-registered"),
        _("%"),
        kind="rate",
        definition=_(
            "Admitted visitor registrations in the period made from an invitation ÷ all"
            " admitted registrations in the period (by check-in time); refused and "
            "voided registrations are left out; 0 when there were none."
        ),
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
