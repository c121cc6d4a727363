"""List tables of the greening subject (also the Excel ledgers: 绿化合同台帐, 绿化验收台帐)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.environment.choices import InstalmentStatus


def _void_row(row) -> str:
    return "text-secondary text-decoration-line-through" if row.voided_at else ""


class ContractorTable(Table):
    detail_url_name = "environment:contractor_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=24)
    credit_code = Column(_("Unified social credit code"), width=20)
    contact = Column(_("Contact person"), width=10)
    phone = Column(_("Phone"), width=14, css="nowrap")
    is_active = Column(_("Active"), width=6)


class ContractTable(Table):
    """Contracts with what has been paid, withheld and deducted (annotated by the query)."""

    select_related = ("contractor",)
    detail_url_name = "environment:contract_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    title = Column(_("Title"), width=24)
    contractor = Column(_("Contractor"), "contractor__name", width=20)
    area_m2 = Column(_("Area (m²)"), numeric=True, width=10)
    amount_yuan = Column(_("Amount (yuan)"), numeric=True, width=12)
    starts_on = Column(_("Starts on"), width=11, css="nowrap")
    ends_on = Column(_("Ends on"), width=11, css="nowrap")
    paid = Column(_("Paid (yuan)"), numeric=True, width=12)
    withheld = Column(_("Withheld (yuan)"), numeric=True, width=12)
    deductions = Column(_("Deductions (yuan)"), numeric=True, width=12)


class CheckTable(Table):
    select_related = ("contract__contractor", "checked_by")
    detail_url_name = "environment:check_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    contract = Column(_("Contract"), "contract__title", width=24)
    contractor = Column(_("Contractor"), "contract__contractor__name", width=20)
    month = Column(_("Month"), lambda row: row.month.strftime("%Y-%m"), width=9)
    checked_on = Column(_("Checked on"), width=11, css="nowrap")
    checked_by = Column(_("Accepted by"), "checked_by", width=10)
    score = Column(_("Score"), numeric=True, width=8)
    voided = Column(_("Void"), lambda row: row.voided_at is not None, width=6)


class InstalmentTable(Table):
    """Instalments with the month's deductions and check score (annotated by the query)."""

    select_related = ("contract__contractor",)
    detail_url_name = "environment:instalment_detail"

    month = Column(_("Month"), lambda row: row.month.strftime("%Y-%m"), link=True, width=9)
    contract = Column(_("Contract"), lambda row: f"{row.contract.number} {row.contract.title}")
    contractor = Column(_("Contractor"), "contract__contractor__name", width=20)
    amount_yuan = Column(_("Scheduled (yuan)"), numeric=True, width=12)
    check_score = Column(_("Score"), numeric=True, width=8)
    deductions = Column(_("Deductions (yuan)"), numeric=True, width=12)
    payable = Column(_("Payable (yuan)"), numeric=True, width=12)
    status = Column(_("Status"), "status", choices=InstalmentStatus, width=10)
    paid_yuan = Column(_("Paid (yuan)"), numeric=True, width=12)
