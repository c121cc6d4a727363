"""List tables of the supplier registry (also the Excel ledgers: 供应商库, 禁止参加政府采购名单)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table


def _void_row(row) -> str:
    return "text-secondary" if row.voided_at or debarment_status(row) == "ended" else ""


DEBARMENT_STATUS = {
    "in_force": pgettext_lazy("debarment", "in force"),
    "ended": pgettext_lazy("debarment", "ended"),
    "lifted": pgettext_lazy("debarment", "lifted"),
    "pending": pgettext_lazy("debarment", "not yet in force"),
}


def debarment_status(row, on: date | None = None) -> str:
    """``in_force``, ``ended`` (its period is over), ``lifted`` (voided) or ``pending``."""
    on = on or timezone.localdate()
    if row.voided_at is not None:
        return "lifted"
    if row.ends_on is not None and row.ends_on < on:
        return "ended"
    return "pending" if row.starts_on > on else "in_force"


def _status_text(row) -> str:
    return str(DEBARMENT_STATUS[debarment_status(row)])


class SupplierTable(Table):
    """Suppliers with their bids and awards (annotated by ``queries.suppliers.with_history``)."""

    detail_url_name = "procurement:supplier_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=28)
    credit_code = Column(_("Unified social credit code"), width=20, css="nowrap")
    contact_name = Column(_("Contact person"), width=10)
    contact_phone = Column(_("Contact phone"), width=14, css="nowrap")
    bid_count = Column(_("Bids"), numeric=True, width=6)
    award_count = Column(_("Awards"), numeric=True, width=6)
    award_yuan = Column(_("Awarded (yuan)"), numeric=True, width=14)
    is_active = Column(_("Active"), width=6)


class DebarmentTable(Table):
    """The page: the supplier, the period, who decided and the status (the credit code and
    the reason are on the debarment's page and in the export)."""

    select_related = ("supplier",)
    detail_url_name = "procurement:debarment_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    supplier = Column(_("Supplier"), "supplier__name", width=28)
    starts_on = Column(_("From"), width=11, css="nowrap")
    ends_on = Column(_("Until"), width=11, css="nowrap")
    authority = Column(_("Decided by"), width=18)
    status = Column(_("Status"), _status_text, width=10, css="nowrap")


class DebarmentLedgerTable(DebarmentTable):
    """The Excel list: every column."""

    credit_code = Column(_("Unified social credit code"), "supplier__credit_code", width=20)
    reason = Column(_("Reason"), width=30)


class QualificationTable(Table):
    """Qualifications with their supplier (the expiring list)."""

    select_related = ("supplier",)
    detail_url_name = "procurement:supplier_detail"

    supplier = Column(_("Supplier"), "supplier__name", width=28)
    name = Column(_("Qualification"), width=20)
    certificate_no = Column(_("Certificate number"), width=16)
    valid_until = Column(_("Valid until"), width=11, css="nowrap")

    def _link(self):
        return lambda row: row.supplier.get_absolute_url()
