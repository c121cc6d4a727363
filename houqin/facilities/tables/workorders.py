"""The work-order ledger (报修维修台帐): the list page and its Excel export."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.facilities.choices import WorkOrderPriority, WorkOrderSource, WorkOrderStatus
from houqin.facilities.queries.workorders import hours_between, is_overdue


def _row_class(order) -> str:
    if order.voided_at:
        return "row-void"
    return "row-overdue table-danger" if is_overdue(order) else ""


def _reporter(order) -> str:
    if order.reporter_id is not None:
        return str(order.reporter)
    return order.reporter_name


def _place(order) -> str:
    return str(order.location) if order.location_id else ""


class WorkOrderTable(Table):
    """One row per order, overdue ones highlighted; response and repair hours computed."""

    select_related = ("location", "equipment", "assigned_to", "reporter")
    detail_url_name = "facilities:workorder_detail"
    row_class = staticmethod(_row_class)

    number = Column(_("No."), link=True, width=16, css="nowrap")
    reported_at = Column(_("Reported"), width=16, css="nowrap")
    source = Column(_("Source"), "source", width=10, choices=WorkOrderSource)
    location = Column(_("Location"), _place, width=14)
    equipment = Column(_("Equipment"), width=14)
    description = Column(_("Fault"), width=30)
    reporter = Column(_("Reported by"), _reporter, width=10)
    priority = Column(_("Priority"), "priority", width=8, choices=WorkOrderPriority)
    assigned_to = Column(_("Technician"), width=10)
    status = Column(_("Status"), "status", width=8, choices=WorkOrderStatus)
    response_hours = Column(
        _("Response (h)"), lambda o: hours_between(o.reported_at, o.started_at), width=8
    )
    repair_hours = Column(
        _("Repair (h)"), lambda o: hours_between(o.started_at, o.completed_at), width=8
    )
    labour_hours = Column(_("Labour (h)"), width=8)
    rating = Column(_("Rating"), width=6)
