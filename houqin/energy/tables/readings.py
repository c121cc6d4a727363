"""The readings ledger (抄表台帐) and the review queue."""

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.energy.choices import FlagStatus, ReadingFlag, ReadingKind, ReadingSource


def _row(reading) -> str:
    if reading.voided_at:
        return "row-void"
    return "table-warning" if reading.flag_status == FlagStatus.PENDING else ""


class ReadingTable(Table):
    select_related = ("meter", "meter__building", "created_by")
    row_class = staticmethod(_row)
    detail_url_name = "energy:reading_detail"

    read_at = Column(_("Read at"), link=True, width=16, css="nowrap")
    meter = Column(_("Meter"), lambda r: r.meter.code, width=10)
    meter_name = Column(_("Name"), "meter__name", width=16)
    building = Column(_("Building"), "meter__building", width=12)
    value = Column(_("Register value"), width=12, numeric=True)
    consumption = Column(_("Use"), width=10, numeric=True)
    cost = Column(_("Cost (yuan)"), width=10, numeric=True)
    kind = Column(_("Kind"), width=10, choices=ReadingKind)
    flag = Column(_("Flag"), width=12, choices=ReadingFlag)
    flag_status = Column(_("Review"), width=10, choices=FlagStatus)
    source = Column(_("Source"), width=8, choices=ReadingSource)
    created_by = Column(_("Recorded by"), width=10)
