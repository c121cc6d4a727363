"""Facilities models, split by subject."""

from houqin.facilities.models.equipment import (
    Certificate,
    Contractor,
    Equipment,
    EquipmentCategory,
    MeterReading,
    ReadingField,
)
from houqin.facilities.models.maintenance import (
    MaintenancePlan,
    MaintenanceTask,
    PlanItem,
    TaskCheck,
)
from houqin.facilities.models.runlogs import OperatingShift, RunLog
from houqin.facilities.models.workorders import WorkOrder, WorkOrderPart

__all__ = [
    "Certificate",
    "Contractor",
    "Equipment",
    "EquipmentCategory",
    "MaintenancePlan",
    "MaintenanceTask",
    "MeterReading",
    "OperatingShift",
    "PlanItem",
    "ReadingField",
    "RunLog",
    "TaskCheck",
    "WorkOrder",
    "WorkOrderPart",
]
