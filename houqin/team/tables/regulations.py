"""The library's list table (also its Excel ledger, 规章制度目录)."""

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.team.choices import RegulationScope


def _row_class(row) -> str:
    if row.voided_at:
        return "text-secondary text-decoration-line-through"
    return "" if row.in_force_id else "text-secondary"


def _in_force(row) -> str:
    return f"v{row.in_force_version}" if row.in_force_version else "—"


class RegulationTable(Table):
    """Regulations with the version in force on the chosen day (annotated by the query)."""

    select_related = ("owner",)
    detail_url_name = "team:regulation_detail"
    row_class = staticmethod(_row_class)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    title = Column(_("Title"), link=True, width=32)
    scope = Column(_("Scope"), "scope", choices=RegulationScope, width=12)
    owner = Column(_("Responsible department"), "owner", width=16)
    in_force = Column(_("Version in force"), _in_force, width=10)
    document = Column(_("Document number"), "in_force_document", width=18)
    adopted = Column(_("Adopted on"), "in_force_adopted", width=11, css="nowrap")
    effective = Column(_("In force from"), "in_force_from", width=11, css="nowrap")
    repealed_on = Column(_("Repealed on"), width=11, css="nowrap")
