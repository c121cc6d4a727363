"""Metrics of the savings subject (registered on import): the procurement orders of the year
(采购业务单数), their budget, contract amount, savings and savings rate (DOMAIN §5.4)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.procurement.queries.savings import savings_totals
from houqin.reports.registry import Metric, metric_source
from houqin.utils.money import whole_yuan


@metric_source(
    Metric(
        "procurement.orders",
        _("Procurement orders"),
        _("orders"),
        definition=_(
            "Procurement orders with a contract amount whose contract was signed on a "
            "day in the period; cancelled, failed and voided orders are not counted."
        ),
    ),
    Metric(
        "procurement.budget_yuan",
        _("Procurement budget"),
        _("yuan"),
        "yuan",
        display="wan",
        definition=_(
            "Sum of the budgets of the procurement orders whose contract was signed in "
            "the period (cancelled, failed and voided orders left out), in whole yuan."
        ),
    ),
    Metric(
        "procurement.contract_yuan",
        _("Contract amount"),
        _("yuan"),
        "yuan",
        display="wan",
        definition=_(
            "Sum of the contract amounts of the procurement orders whose contract was "
            "signed in the period (cancelled, failed and voided orders left out), in "
            "whole yuan."
        ),
    ),
    Metric(
        "procurement.savings_yuan",
        _("Procurement savings"),
        _("yuan"),
        "yuan",
        display="wan",
        definition=_(
            "Budget minus contract amount, summed over the procurement orders whose "
            "contract was signed in the period (cancelled, failed and voided orders "
            "left out), in whole yuan."
        ),
    ),
    Metric(
        "procurement.savings_rate",
        _("Savings rate"),
        _("%"),
        kind="rate",
        definition=_(
            "Procurement savings ÷ procurement budget of the orders whose contract was "
            "signed in the period (cancelled, failed and voided orders left out); no "
            "value without a budget."
        ),
    ),
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
