"""The consumption tables (per month, building, department or meter; the yearly statistics; the
savings): rows are dictionaries from ``queries.consumption``, shown on the pages and written to
the Excel ledger with the same columns. A row's ``url`` is the readings ledger filtered to it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table


def percent(rate: Decimal | None) -> Decimal | None:
    """A fraction as a percentage with one decimal (−13.3)."""
    if rate is None:
        return None
    return (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _number(key: str, places: int = 2):
    return lambda row: None if row.get(key) is None else f"{row[key]:.{places}f}"


class LinkedTable(Table):
    """Rows link to their ``url`` (the filtered readings ledger)."""

    def _link(self):
        return lambda row: row.get("url") or "#"


class ConsumptionTable(LinkedTable):
    """Rows of ``consumption_by``: use in its unit, cost and standard coal."""

    def __init__(self, rows, group_label):
        super().__init__(rows)
        self.columns = [Column(group_label, itemgetter("label"), width=24), *self.columns[1:]]

    label = Column(_("group"), itemgetter("label"), width=24)
    energy_type = Column(_("energy type"), lambda row: row["type_label"], width=12)
    use = Column(_("use"), _number("use", 3), css="text-end", numeric=True, link=True, width=14)
    unit = Column(_("unit"), itemgetter("unit"), width=8)
    cost = Column(_("cost (yuan)"), _number("cost"), css="text-end", numeric=True, width=14)
    kgce = Column(_("standard coal (kgce)"), _number("kgce"), css="text-end", numeric=True)


class MonthTable(LinkedTable):
    """The twelve months of a year beside the same months of the year before."""

    label = Column(_("month"), itemgetter("label"), width=10)
    use = Column(_("use"), _number("use", 3), css="text-end", numeric=True, link=True)
    last_use = Column(_("use last year"), _number("last_use", 3), css="text-end", numeric=True)
    change = Column(
        _("change (%)"), lambda row: percent(row["change"]), css="text-end", numeric=True
    )
    cost = Column(_("cost (yuan)"), _number("cost"), css="text-end", numeric=True)
    kgce = Column(_("standard coal (kgce)"), _number("kgce"), css="text-end", numeric=True)


class StatisticsTable(LinkedTable):
    """One row per energy type of ``energy_totals``: the public-institution statistics."""

    label = Column(_("energy type"), itemgetter("label"), width=12)
    unit = Column(_("unit"), itemgetter("unit"), width=8)
    use = Column(_("use"), _number("use", 3), css="text-end", numeric=True, link=True)
    last_use = Column(_("use last year"), _number("last_use", 3), css="text-end", numeric=True)
    use_change = Column(
        _("year on year (%)"),
        lambda row: percent(row["use_change"]),
        css="text-end",
        numeric=True,
    )
    kgce = Column(_("standard coal (kgce)"), _number("kgce"), css="text-end", numeric=True)
    cost = Column(_("cost (yuan)"), _number("cost"), css="text-end", numeric=True)
    budget = Column(_("budget (yuan)"), _number("budget"), css="text-end", numeric=True)
    budget_left = Column(
        _("budget left (yuan)"), _number("budget_left"), css="text-end", numeric=True
    )
    factor = Column(
        _("kgce per unit"),
        lambda row: row["factor"].factor if row["factor"] else None,
        css="text-end",
        numeric=True,
    )
    source = Column(
        _("factor source"), lambda row: row["factor"].source if row["factor"] else "", width=40
    )


class SavingsTable(LinkedTable):
    """The savings of electricity, water and office supplies and their total."""

    label = Column(_("item"), itemgetter("label"), width=16)
    last = Column(_("last year (yuan)"), _number("last"), css="text-end", numeric=True)
    this = Column(_("this year (yuan)"), _number("this"), css="text-end", numeric=True)
    saving = Column(
        _("saved (yuan)"), _number("saving"), css="text-end", numeric=True, link=True, width=16
    )
