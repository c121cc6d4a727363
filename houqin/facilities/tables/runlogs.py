"""List tables (and Excel ledger columns) of the run logs and operating shifts."""

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.facilities.choices import RunStatus, System


def _run_log_row_class(log) -> str:
    if log.voided_at:
        return "row-void"
    return "row-refused" if log.status == RunStatus.ABNORMAL else ""


class RunLogTable(Table):
    """The equipment run ledger (设备运行记录台帐)."""

    select_related = ("equipment", "equipment__location", "shift", "operator", "work_order")
    row_class = staticmethod(_run_log_row_class)
    detail_url_name = "facilities:runlog_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    shift_date = Column(_("Date"), width=11, css="nowrap")
    shift = Column(_("Shift"), "shift__name", width=8)
    equipment = Column(_("Equipment"), width=22)
    location = Column(_("Location"), "equipment__location", width=14)
    system = Column(_("System"), "system", width=12, choices=System)
    operator = Column(_("Operator"), width=8)
    status = Column(_("Status"), "status", width=8, choices=RunStatus)
    is_accident = Column(_("Accident"), width=6)
    anomaly = Column(_("Anomaly"), width=30)
    work_order = Column(_("Work order"), "work_order__number", width=16, css="nowrap")


class OperatingShiftTable(Table):
    select_related = ("site",)
    detail_url_name = "facilities:operatingshift_detail"

    name = Column(_("Name"), link=True)
    site = Column(_("Site"))
    start_time = Column(_("Start time"), lambda s: s.start_time.strftime("%H:%M"))
    hours = Column(_("Hours"))
    position = Column(_("Order"))
    is_active = Column(_("Active"))
