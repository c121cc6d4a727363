"""Metrics of the savings subject (registered on import): the procurement orders of the year
(采购业务单数), their budget, contract amount, savings and savings rate (DOMAIN §5.4)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.procurement.queries.savings import savings_totals
from houqin.reports.registry import Metric, metric_source
from houqin.utils.money import whole_yuan


@metric_source(
    Metric("procurement.orders", _("Procurement orders"), _("orders")),
    Metric("procurement.budget_yuan", _("Procurement budget"), _("yuan"), "yuan", display="wan"),
    Metric("procurement.contract_yuan", _("Contract amount"), _("yuan"), "yuan", display="wan"),
    Metric("procurement.savings_yuan", _("Procurement savings"), _("yuan"), "yuan", display="wan"),
    Metric("procurement.savings_rate", _("Savings rate"), _("%"), kind="rate"),
)
def savings_metrics(*, site_ids, start, end) -> dict:
    """Orders whose contract was signed in the period (local dates), summed in one query; the
    rate is savings ÷ budget as a fraction, None without a budget."""
    row = savings_totals(
        site_ids=site_ids, start=timezone.localdate(start), end=timezone.localdate(end)
    )
    return {
        "procurement.orders": row["orders"],
        "procurement.budget_yuan": whole_yuan(row["budget"]),
        "procurement.contract_yuan": whole_yuan(row["contract"]),
        "procurement.savings_yuan": whole_yuan(row["savings"]),
        "procurement.savings_rate": None if row["rate"] is None else round(float(row["rate"]), 4),
    }
