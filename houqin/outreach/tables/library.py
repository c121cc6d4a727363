"""List tables (and Excel ledgers) of the library."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.outreach.choices import ClcClass, LoanChannel


class BookTable(Table):
    """The catalogue (图书目录) with the copies held, out and on the shelf."""

    detail_url_name = "outreach:book_detail"

    title = Column(_("Title"), link=True, width=30)
    author = Column(_("Author"), width=16)
    publisher = Column(_("Publisher"), width=16)
    isbn = Column(_("ISBN"), width=15, css="nowrap")
    clc_class = Column(_("Class"), "clc_class", width=6, choices=ClcClass)
    call_number = Column(_("Call number"), width=12)
    held = Column(_("Copies"), width=6, numeric=True, css="text-end")
    out = Column(_("On loan"), width=6, numeric=True, css="text-end")
    on_shelf = Column(
        _("On the shelf"), lambda b: b.held - b.out, width=6, numeric=True, css="text-end"
    )


def _loan_state(loan) -> str:
    if loan.voided_at:
        return str(_("void"))
    if loan.returned_at:
        return str(_("returned"))
    if loan.due_on < timezone.localdate():
        return str(_("overdue"))
    return str(_("on loan"))


def _loan_row_class(loan) -> str:
    if loan.voided_at:
        return "row-void"
    if loan.returned_at is None and loan.due_on < timezone.localdate():
        return "table-danger"
    return ""


class LoanTable(Table):
    """The loan ledger (借阅台帐)."""

    select_related = ("copy__book", "borrower", "department")
    detail_url_name = "outreach:loan_detail"
    row_class = staticmethod(_loan_row_class)

    number = Column(_("No."), link=True, width=16, css="nowrap")
    barcode = Column(_("Barcode"), "copy__barcode", width=12, css="nowrap")
    title = Column(_("Title"), "copy__book__title", width=28)
    borrower = Column(_("Reader"), "borrower__name", width=10)
    department = Column(_("Department"), "department__name", width=14)
    lent_at = Column(_("Lent at"), width=16, css="nowrap")
    due_on = Column(_("Due back on"), width=11, css="nowrap")
    renewals = Column(_("Renewals"), width=6, numeric=True)
    returned_at = Column(_("Returned at"), width=16, css="nowrap")
    channel = Column(_("How lent"), "channel", width=10, choices=LoanChannel)
    state = Column(_("State"), _loan_state, width=8)


class StockTakeTable(Table):
    detail_url_name = "outreach:stocktake_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    started_at = Column(_("Started at"), width=16)
    finished_at = Column(_("Finished at"), width=16)
    note = Column(_("Note"), width=30)


class BookCopyTable(Table):
    select_related = ("book",)
    detail_url_name = "outreach:copy_detail"

    barcode = Column(_("Barcode"), link=True, width=14, css="nowrap")
    title = Column(_("Title"), "book__title", width=30)
    acquired_on = Column(_("Acquired on"), width=11)
    price_yuan = Column(_("Price (yuan)"), width=8, numeric=True)
    withdrawn_on = Column(_("Withdrawn on"), width=11)
