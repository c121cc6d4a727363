"""The savings tables (per method, department, month or project): shown on the statistics page
and written to the Excel ledger with the same columns."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table


def percent(rate: Decimal | None) -> Decimal | None:
    """A rate (fraction) as a percentage with one decimal (14.6)."""
    if rate is None:
        return None
    return (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_text(rate: Decimal | None) -> str:
    """The percentage as the page prints it, always with its decimal ("12.0")."""
    value = percent(rate)
    return "" if value is None else f"{value:.1f}"


def _money(key: str):
    """Yuan with their two decimals (the ledger sums them as numbers)."""
    return lambda row: f"{row[key]:.2f}"


class SavingsTable(Table):
    """Rows of ``queries.savings.savings_rows``: dictionaries, not records."""

    group_label = _("group")

    def __init__(self, rows, group_label=None):
        super().__init__(rows)
        label = group_label or self.group_label
        self.columns = [Column(label, itemgetter("label"), width=24), *self.columns[1:]]

    label = Column(_("group"), itemgetter("label"), width=24)
    orders = Column(_("Projects"), itemgetter("orders"), css="text-end", numeric=True, width=10)
    budget = Column(_("budget (yuan)"), _money("budget"), css="text-end", numeric=True, width=16)
    contract = Column(
        _("contract amount (yuan)"), _money("contract"), css="text-end", numeric=True, width=16
    )
    savings = Column(_("savings (yuan)"), _money("savings"), css="text-end", numeric=True, width=16)
    rate = Column(
        _("savings rate (%)"),
        lambda row: percent(row["rate"]),
        css="text-end",
        numeric=True,
        width=12,
    )


def _grouped(key: str):
    """Yuan with thousands separators and two decimals, as a person reads them."""
    return lambda row: f"{row[key]:,.2f}"


class SavingsScreenTable(SavingsTable):
    """The same table on the page: amounts with thousands separators, the rate with one
    decimal (the Excel ledger keeps numbers)."""

    budget = Column(_("budget (yuan)"), _grouped("budget"), css="text-end", width=16)
    contract = Column(_("contract amount (yuan)"), _grouped("contract"), css="text-end", width=16)
    savings = Column(_("savings (yuan)"), _grouped("savings"), css="text-end", width=16)
    rate = Column(
        _("savings rate (%)"), lambda row: percent_text(row["rate"]), css="text-end", width=12
    )
