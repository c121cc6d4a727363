"""The procurement project ledger (采购项目台帐): a short table on the page, every column in
the Excel export."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.procurement.choices import Method, ObjectType, ProjectStatus, Stage
from houqin.procurement.queries.projects import savings_rate_percent


def _row_class(project) -> str:
    if project.voided_at:
        return "row-void"
    return "text-secondary" if project.status in ("cancelled", "failed") else ""


def yuan_text(value) -> str:
    """Yuan as a person reads them: thousands separators and two decimals (empty for none)."""
    return "" if value is None else f"{Decimal(value):,.2f}"


def _rate_text(row) -> str:
    rate = savings_rate_percent(row)
    return "" if rate is None else f"{rate:.1f}"


def _yuan(field: str):
    return lambda row: yuan_text(getattr(row, field, None))


class ProjectTable(Table):
    """The page: number, title, department, method, budget, contract, savings, rate, status
    (object and stage are on the project page and in the export)."""

    select_related = ("department",)
    row_class = staticmethod(_row_class)
    detail_url_name = "procurement:project_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    # Long titles wrap so the figures and the status fit a laptop screen.
    title = Column(_("Project"), width=28, css="text-wrap")
    department = Column(_("Department"), "department__name", width=14, css="text-wrap")
    method = Column(_("Procurement method"), "method", width=14, choices=Method)
    budget_yuan = Column(_("Budget (yuan)"), _yuan("budget_yuan"), width=14, css="text-end")
    contract_yuan = Column(_("Contract (yuan)"), _yuan("contract_yuan"), width=14, css="text-end")
    savings_yuan = Column(_("Savings (yuan)"), _yuan("savings_yuan"), width=14, css="text-end")
    savings_rate = Column(_("Savings rate (%)"), _rate_text, width=10, css="text-end")
    status = Column(_("Status"), "status", width=12, choices=ProjectStatus)


class ProjectLedgerTable(Table):
    """The Excel ledger: every column, amounts as numbers."""

    select_related = ("department",)
    row_class = staticmethod(_row_class)
    detail_url_name = "procurement:project_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    title = Column(_("Project"), width=28)
    department = Column(_("Department"), "department__name", width=14)
    method = Column(_("Procurement method"), "method", width=14, choices=Method)
    object_type = Column(_("Object"), "object_type", width=8, choices=ObjectType)
    budget_yuan = Column(_("Budget (yuan)"), width=14, css="text-end", numeric=True)
    contract_yuan = Column(_("Contract (yuan)"), width=14, css="text-end", numeric=True)
    savings_yuan = Column(_("Savings (yuan)"), width=14, css="text-end", numeric=True)
    savings_rate = Column(
        _("Savings rate (%)"), savings_rate_percent, width=10, css="text-end", numeric=True
    )
    status = Column(_("Status"), "status", width=12, choices=ProjectStatus)
    stage = Column(_("Stage"), "stage", width=14, choices=Stage)
