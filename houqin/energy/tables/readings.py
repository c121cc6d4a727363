"""The readings ledger (抄表台帐) and the review queue."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table, display
from houqin.energy.choices import FlagStatus, ReadingFlag, ReadingKind, ReadingSource


def _row(reading) -> str:
    if reading.voided_at:
        return "row-void"
    return "table-warning" if reading.flag_status == FlagStatus.PENDING else ""


class ReadingTable(Table):
    select_related = ("meter", "meter__building", "created_by")
    row_class = staticmethod(_row)
    detail_url_name = "energy:reading_detail"

    read_at = Column(pgettext_lazy("meter reading", "Read at"), link=True, width=16, css="nowrap")
    meter = Column(_("Meter"), lambda r: r.meter.code, width=10)
    meter_name = Column(_("Name"), "meter__name", width=16)
    building = Column(_("Building"), "meter__building", width=12)
    value = Column(_("Register value"), width=12, numeric=True)
    consumption = Column(pgettext_lazy("quantity used", "Use"), width=10, numeric=True)
    cost = Column(_("Cost (yuan)"), width=10, numeric=True)
    kind = Column(_("Kind"), width=10, choices=ReadingKind)
    flag = Column(_("Flag"), width=12, choices=ReadingFlag)
    flag_status = Column(_("Review"), width=10, choices=FlagStatus)
    source = Column(_("Source"), width=8, choices=ReadingSource)
    created_by = Column(_("Recorded by"), width=10)

    # {"use": …, "cost": …, "count": …} of every filtered row (not only this page), shown as a
    # last row so a figure elsewhere can be checked against the rows it adds.
    totals: dict | None = None

    def html_rows(self) -> str:
        rows = super().html_rows()
        if not self.totals or not rows:
            return rows
        cells = []
        for column in self.columns:
            text = ""
            if column.name == "read_at":
                text = escape(_("Total of the filtered rows"))
            elif column.name in ("consumption", "cost"):
                value = self.totals["use" if column.name == "consumption" else "cost"]
                text = "" if value is None else display(value)
            cells.append(f'<td class="{column.css}" data-testid="sum-{column.name}">{text}</td>')
        return mark_safe(f'{rows}<tr class="table-light fw-semibold">{"".join(cells)}</tr>')


def would_use(reading):
    """The use a held reading would count if confirmed: (value − the last counted value) ×
    multiplier; None without a counted reading before it (``baseline`` is annotated)."""
    baseline = getattr(reading, "baseline", None)
    if baseline is None:
        return None
    return ((reading.value - baseline) * reading.multiplier).quantize(Decimal("0.001"))


class ReviewTable(ReadingTable):
    """The review queue: what a held reading would count and why it was held."""

    would_use = Column(
        pgettext_lazy("quantity used", "Use if confirmed"), would_use, width=12, numeric=True
    )
    flag_note = Column(_("Why flagged"), width=30)

    def __init__(self, rows):
        super().__init__(rows)
        hidden = {"consumption", "cost", "flag_status", "source"}
        self.columns = [c for c in self.columns if c.name not in hidden]
