"""List tables (and Excel ledgers) of vector control: 病媒生物监测台帐 and 消杀记录."""

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.environment.choices import ControlLevel, ControlMethod, Pest


def _void_row(row) -> str:
    return "row-void" if row.voided_at else ""


class PestSurveyTable(Table):
    """The density-survey ledger; each row's level is computed from its counts, with the
    thresholds of the page's standards read once."""

    select_related = ("site", "standard", "surveyed_by")
    row_class = staticmethod(_void_row)
    detail_url_name = "environment:survey_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    surveyed_on = Column(_("Date"), width=11, css="nowrap")
    site = Column(_("Site"), width=12)
    pest = Column(_("Pest"), width=8, choices=Pest)
    is_recheck = Column(_("Re-inspection"), width=6)
    scope = Column(_("Places surveyed"), width=24)
    rooms_inspected = Column(_("Rooms inspected"), width=8, numeric=True)
    rooms_positive = Column(_("Rooms positive"), width=8, numeric=True)
    standard = Column(_("Standard"), width=16)
    level = Column(_("Control level"), width=8, choices=ControlLevel)
    surveyed_by = Column(_("Surveyed by"), width=10)

    def __init__(self, rows):
        from houqin.environment.queries.pests import with_levels

        super().__init__(with_levels(rows))


class PestControlActionTable(Table):
    """The control-action ledger (消杀记录)."""

    select_related = ("site", "location")
    row_class = staticmethod(_void_row)
    detail_url_name = "environment:action_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    done_on = Column(_("Date"), width=11, css="nowrap")
    site = Column(_("Site"), width=12)
    pest = Column(_("Pest"), width=8, choices=Pest)
    method = Column(_("Method"), width=12, choices=ControlMethod)
    agent = Column(_("Agent or product"), width=16)
    quantity = Column(_("Quantity"), width=8, numeric=True)
    unit = Column(_("Unit"), width=6)
    location = Column(_("Location"), width=14)
    area = Column(_("Places treated"), width=20)
    done_by = Column(_("Done by"), width=10)
