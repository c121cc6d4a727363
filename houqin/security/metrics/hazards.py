"""Figures of incidents, hazards and alarms for the annual report (SPEC §4): one aggregate query
per model, voided records never counted, periods bounded in Asia/Shanghai by the caller."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.reports.registry import Metric, metric_source
from houqin.security.queries.hazards import alarm_figures, hazard_figures, incident_figures


@metric_source(
    Metric(
        "security.criminal_cases",
        _("criminal cases"),
        _("cases"),
        definition=_(
            "Incidents recorded as criminal cases that occurred in the period (by the "
            "time they occurred); voided incident records are not counted."
        ),
    ),
    Metric(
        "security.safety_accidents",
        _("safety accidents"),
        _("accidents"),
        definition=_(
            "Incidents recorded as safety accidents that occurred in the period (by the"
            " time they occurred); voided incident records are not counted."
        ),
    ),
)
def incident_metrics(*, site_ids, start, end) -> dict:
    """Incidents of each kind that occurred in the period."""
    row = incident_figures(site_ids=site_ids, start=start, end=end)
    return {
        "security.criminal_cases": row["criminal_cases"],
        "security.safety_accidents": row["safety_accidents"],
    }


@metric_source(
    Metric(
        "security.hazards_found",
        _("safety hazards found"),
        _("items"),
        definition=_(
            "Safety hazards found in the period (by the time found); voided hazards are"
            " not counted."
        ),
    ),
    Metric(
        "security.hazards_rectified",
        _("safety hazards rectified and closed"),
        _("items"),
        definition=_(
            "Safety hazards closed in the period (by the time their rectification was "
            "verified), whenever they were found; voided hazards are not counted."
        ),
    ),
    Metric(
        "security.hazards_overdue",
        _("safety hazards overdue"),
        _("items"),
        definition=_(
            "Safety hazards found in the period that, at the period's end (or now, for "
            "a period not yet over), were past their rectification deadline and not "
            "closed; voided hazards are not counted."
        ),
    ),
)
def hazard_metrics(*, site_ids, start, end) -> dict:
    """Hazards found in the period; closed (verified) in the period; found in the period and,
    at the period's end (or now, if it is not over), past their deadline and not closed."""
    row = hazard_figures(site_ids=site_ids, start=start, end=end)
    return {
        "security.hazards_found": row["found"],
        "security.hazards_rectified": row["rectified"],
        "security.hazards_overdue": row["overdue"],
    }


@metric_source(
    Metric(
        "security.alarms_verified",
        _("alarms verified"),
        pgettext_lazy("unit", "alarms"),
        definition=_(
            "Alarms verified in the period (by the time the verification was recorded);"
            " open and voided alarms are not counted."
        ),
    )
)
def alarm_metrics(*, site_ids, start, end) -> dict:
    """Alarms whose verification was recorded in the period."""
    row = alarm_figures(site_ids=site_ids, start=start, end=end)
    return {"security.alarms_verified": row["verified"]}
