"""The consumption tables (per month, building, department or meter; the yearly statistics; the
savings): rows are dictionaries from ``queries.consumption``, shown on the pages and written to
the Excel ledger with the same columns. A row's ``url`` is the readings ledger filtered to it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table


def percent(rate: Decimal | None) -> Decimal | None:
    """A fraction as a percentage with one decimal (−13.3)."""
    if rate is None:
        return None
    return (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _number(key: str, places: int = 2):
    """A figure with fixed decimals (quantities 1, money and standard coal 2), half up."""
    step = Decimal(1).scaleb(-places)

    def text(row):
        value = row.get(key)
        if value is None:
            return None
        return f"{Decimal(value).quantize(step, rounding=ROUND_HALF_UP):.{places}f}"

    return text


def signed_percent(rate: Decimal | None) -> str | None:
    """A fraction as a percentage with one decimal and its sign ("+5.0", "-13.3")."""
    return None if rate is None else f"{percent(rate):+.1f}"


def _signed(key: str):
    """A change as a percentage with one decimal and its sign (+5.0, −13.3)."""
    return lambda row: signed_percent(row.get(key))


def grouped(text: str) -> str:
    """A plain number's text with thousands separators (170886.36 → 170,886.36)."""
    try:
        value = Decimal(text)
    except (ArithmeticError, ValueError, TypeError):
        return text
    places = len(text.split(".", 1)[1]) if "." in text else 0
    shown = f"{value:,.{places}f}"
    return f"+{shown}" if text.startswith("+") else shown


NUMBER = "text-end text-nowrap"


class LinkedTable(Table):
    """Rows link to their ``url`` (the filtered readings ledger). On screen the numbers carry
    thousands separators; the Excel ledger gets them plain, as numbers."""

    def _link(self):
        return lambda row: row.get("url") or "#"

    def html_rows(self) -> str:
        self._screen = True
        try:
            return super().html_rows()
        finally:
            self._screen = False

    def body(self):
        for row, css, cells in super().body():
            if getattr(self, "_screen", False):
                cells = [(c, grouped(t) if c.numeric and t else t) for c, t in cells]
            yield row, css, cells


class ConsumptionTable(LinkedTable):
    """Rows of ``consumption_by``: use in its unit, cost and standard coal."""

    def __init__(self, rows, group_label):
        super().__init__(rows)
        self.columns = [Column(group_label, itemgetter("label"), width=24), *self.columns[1:]]

    label = Column(_("group"), itemgetter("label"), width=24)
    energy_type = Column(_("energy type"), lambda row: row["type_label"], width=12)
    use = Column(
        pgettext_lazy("quantity used", "use"),
        _number("use", 1),
        css=NUMBER,
        numeric=True,
        link=True,
        width=14,
    )
    unit = Column(_("unit"), itemgetter("unit"), width=8)
    cost = Column(_("cost (yuan)"), _number("cost"), css=NUMBER, numeric=True, width=14)
    kgce = Column(_("standard coal (kgce)"), _number("kgce"), css=NUMBER, numeric=True)


class MonthTable(LinkedTable):
    """The twelve months of a year beside the same months of the year before."""

    label = Column(_("month"), itemgetter("label"), width=10)
    use = Column(
        pgettext_lazy("quantity used", "use"),
        _number("use", 1),
        css=NUMBER,
        numeric=True,
        link=True,
    )
    last_use = Column(_("use last year"), _number("last_use", 1), css=NUMBER, numeric=True)
    change = Column(_("change (%)"), _signed("change"), css=NUMBER, numeric=True)
    cost = Column(_("cost (yuan)"), _number("cost"), css=NUMBER, numeric=True)
    kgce = Column(_("standard coal (kgce)"), _number("kgce"), css=NUMBER, numeric=True)


def _statistics_kgce(row) -> str | None:
    """Standard coal of a type counted in total energy use; "—" for the others (water)."""
    if not row.get("in_total"):
        return "—"
    return _number("kgce")(row)


class StatisticsTable(LinkedTable):
    """One row per energy type of ``energy_totals``: the public-institution statistics."""

    label = Column(_("energy type"), itemgetter("label"), width=12)
    unit = Column(_("unit"), itemgetter("unit"), width=8)
    use = Column(
        pgettext_lazy("quantity used", "use"),
        _number("use", 1),
        css=NUMBER,
        numeric=True,
        link=True,
    )
    last_use = Column(_("use last year"), _number("last_use", 1), css=NUMBER, numeric=True)
    use_change = Column(
        _("year on year (%)"),
        _signed("use_change"),
        css=NUMBER,
        numeric=True,
    )
    kgce = Column(_("standard coal (kgce)"), _statistics_kgce, css=NUMBER, numeric=True)
    cost = Column(_("cost (yuan)"), _number("cost"), css=NUMBER, numeric=True)
    budget = Column(
        pgettext_lazy("money planned", "budget (yuan)"), _number("budget"), css=NUMBER, numeric=True
    )
    budget_left = Column(
        pgettext_lazy("money planned", "budget left (yuan)"),
        _number("budget_left"),
        css=NUMBER,
        numeric=True,
    )
    factor = Column(
        _("kgce per unit"),
        lambda row: row["factor"].factor if row["factor"] else None,
        css=NUMBER,
        numeric=True,
    )
    source = Column(
        _("factor source"),
        lambda row: row["factor"].source if row["factor"] else "",
        width=40,
        css="text-wrap small",  # a long citation: wrapped, so the figures stay in view
    )


class SavingsTable(LinkedTable):
    """The savings of electricity, water and office supplies and their total."""

    label = Column(pgettext_lazy("cost part", "item"), itemgetter("label"), width=16)
    last = Column(_("last year (yuan)"), _number("last"), css=NUMBER, numeric=True)
    this = Column(_("this year (yuan)"), _number("this"), css=NUMBER, numeric=True)
    saving = Column(
        _("saved (yuan)"), _number("saving"), css=NUMBER, numeric=True, link=True, width=16
    )
