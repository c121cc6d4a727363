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
        definition=_(
            "Weight of the checklist items passed ÷ weight of the items checked, over "
            "the results recorded at checkpoint scans of cleaning rounds made in the "
            "period (by scan time); voided rounds are left out; no value when nothing "
            "was checked."
        ),
    ),
    Metric(
        "environment.zone_inspections",
        _("cleaning zones inspected"),
        _("inspections"),
        definition=_(
            "Cleaning-zone inspections: checkpoint scans of cleaning rounds made in the"
            " period (by scan time) that recorded at least one item result; voided "
            "rounds are not counted."
        ),
    ),
)
def cleaning_metrics(*, site_ids, start, end) -> dict:
    row = zone_pass_figures(site_ids, start, end)
    rate = round(row["passed"] / row["checked"], 4) if row["checked"] else None
    return {"environment.zone_pass_rate": rate, "environment.zone_inspections": row["scans"]}
