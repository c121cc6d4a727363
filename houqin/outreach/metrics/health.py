"""Metrics of the health subject (registered on import): consultations (人次) and sessions held."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from houqin.outreach.queries.health import health_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "outreach.health_consultations",
        _("health consultations"),
        _("person-times"),
        definition=_(
            "Health consultations given in the period (by consultation time); voided "
            "consultations are not counted."
        ),
    ),
    Metric(
        "outreach.health_sessions",
        _("expert health sessions held"),
        _("sessions"),
        definition=_(
            "Expert health sessions that started in the period and have started by now;"
            " cancelled sessions are not counted."
        ),
    ),
)
def health_metrics(*, site_ids, start, end) -> dict:
    """Non-void consultations in [start, end); sessions started in it and not cancelled."""
    figures = health_figures(site_ids, start, end)
    return {
        "outreach.health_consultations": figures["consultations"],
        "outreach.health_sessions": figures["sessions"],
    }
