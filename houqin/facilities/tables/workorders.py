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


def _place_or_unit(order) -> str:
    if order.equipment_id:
        return f"{_place(order)} · {order.equipment}" if order.location_id else str(order.equipment)
    return _place(order)


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else f"{text[: length - 1]}…"


def _response_hours(order) -> str:
    return hours_between(order.reported_at, order.started_at)


def _repair_hours(order) -> str:
    return hours_between(order.started_at, order.completed_at)


class WorkOrderTable(Table):
    """The ledger page: the columns a dispatcher scans, overdue rows highlighted. The Excel
    ledger keeps every column (``WorkOrderLedgerTable``)."""

    select_related = ("location", "equipment", "assigned_to")
    detail_url_name = "facilities:workorder_detail"
    row_class = staticmethod(_row_class)

    number = Column(_("No."), link=True, width=16, css="nowrap")
    reported_at = Column(_("Reported"), width=16, css="nowrap")
    place = Column(_("Location"), _place_or_unit, width=20)
    description = Column(_("Fault"), lambda o: _short(o.description), width=30)
    priority = Column(_("Priority"), "priority", width=8, choices=WorkOrderPriority, css="nowrap")
    status = Column(_("Status"), "status", width=8, choices=WorkOrderStatus, css="nowrap")
    assigned_to = Column(_("Technician"), width=10, css="nowrap")
    response_hours = Column(_("Response (h)"), _response_hours, width=8, numeric=True)
    repair_hours = Column(_("Repair (h)"), _repair_hours, width=8, numeric=True)


class WorkOrderLedgerTable(Table):
    """The Excel ledger (报修维修台帐): every field, hours as numbers."""

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
    response_hours = Column(_("Response (h)"), _response_hours, width=8, numeric=True)
    repair_hours = Column(_("Repair (h)"), _repair_hours, width=8, numeric=True)
    labour_hours = Column(_("Labour (h)"), width=8, numeric=True)
    rating = Column(_("Rating"), width=6, numeric=True)
