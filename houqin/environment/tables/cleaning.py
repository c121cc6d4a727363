"""List tables (and Excel ledger columns) of the cleaning subject."""

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.environment.choices import RectificationStatus


def _percent(value) -> str:
    return "" if value is None else f"{float(value) * 100:.1f}%"


class ZoneTable(Table):
    """The cleaning-zone ledger (保洁区域台帐)."""

    select_related = ("location", "responsible")
    detail_url_name = "environment:zone_detail"

    code = Column(_("Code"), link=True, width=10, css="nowrap")
    name = Column(_("Zone"), link=True, width=20)
    location = Column(_("Location"), "location__name", width=18)
    responsible = Column(_("Person responsible"), "responsible__name", width=12)
    area_m2 = Column(_("Area (m²)"), width=8, numeric=True)
    is_active = Column(_("Active"), width=6)


class ZoneInspectionTable(Table):
    """Zone inspections: the scans of the cleaning rounds with their score; each row opens the
    inspection's items."""

    detail_url_name = "environment:inspection_detail"

    scanned_at = Column(_("Inspected at"), link=True, width=16, css="nowrap")
    zone = Column(_("Zone"), lambda row: f"{row.checkpoint.code} {row.checkpoint.name}", width=20)
    round = Column(_("Round"), "round__number", width=14, css="nowrap")
    scanned_by = Column(_("Inspected by"), width=10)  # the person's name, as on the zone page
    checked = Column(_("Items checked"), width=7, numeric=True)
    failed = Column(_("Items failed"), width=7, numeric=True)
    pass_rate = Column(_("Score"), lambda row: _percent(row.pass_rate), width=8)


def _overdue_row(row) -> str:
    return "table-danger" if getattr(row, "is_overdue", False) else ""


class ZoneRectificationTable(Table):
    select_related = ("zone", "responsible")
    detail_url_name = "environment:rectification_detail"
    row_class = staticmethod(_overdue_row)

    zone = Column(_("Zone"), "zone__name", width=16)
    item_text = Column(_("Check item"), link=True, width=26)
    responsible = Column(_("Person responsible"), "responsible__name", width=12)
    deadline = Column(_("Rectify by"), width=11, css="nowrap")
    status = Column(_("Status"), "status", width=14, choices=RectificationStatus)
    recheck_failures = Column(_("Re-checks failed"), width=6, numeric=True)
