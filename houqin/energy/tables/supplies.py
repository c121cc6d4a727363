"""Tables of office-supplies requisitions (pages and their Excel ledgers)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.energy.choices import RequisitionStatus


def _plain(number) -> str:
    return format(number.normalize(), "f") if number is not None else ""


def lines_text(lines) -> str:
    """“复印纸 3 包、中性笔 10 支” for prefetched lines."""
    return "、".join(f"{line.item.name} {_plain(line.quantity)} {line.item.unit}" for line in lines)


def _void_row(row) -> str:
    return "text-decoration-line-through" if row.voided_at else ""


class RequisitionTable(Table):
    """The requisitions ledger (领用登记)."""

    select_related = ("department", "requested_by", "store")
    prefetch_related = ("lines__item",)
    detail_url_name = "energy:requisition_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    created_at = Column(_("Asked at"), width=16, css="nowrap")
    department = Column(_("Department"), "department__name", width=16)
    requested_by = Column(_("Requested by"), "requested_by__name", width=10)
    store = Column(_("Store"), "store__name", width=12)
    items = Column(_("Items"), lambda row: lines_text(row.lines.all()), width=32)
    purpose = Column(pgettext_lazy("requisition", "Purpose"), width=18)
    status = Column(_("Status"), width=10, choices=RequisitionStatus)
    issued_at = Column(_("Issued at"), width=16, css="nowrap")
