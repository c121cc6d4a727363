"""Metrics of the cleaning subject (registered on import): the zone inspection pass rate and
the zones inspected, from the results of live cleaning rounds scanned in the period."""

from django.utils.translation import gettext_lazy as _

from houqin.environment.queries.cleaning import zone_pass_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "environment.zone_pass_rate",
        _("cleaning-zone inspection pass rate (by item weight)"),
        _("%"),
        kind="rate",
    ),
    Metric("environment.zone_inspections", _("cleaning zones inspected"), _("inspections")),
)
def cleaning_metrics(*, site_ids, start, end) -> dict:
    row = zone_pass_figures(site_ids, start, end)
    rate = round(row["passed"] / row["checked"], 4) if row["checked"] else None
    return {"environment.zone_pass_rate": rate, "environment.zone_inspections": row["scans"]}
