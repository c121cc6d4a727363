"""The procurement module's records, one file per subject."""

from houqin.procurement.models.projects import (
    Bid,
    DepartmentBudget,
    Notice,
    Project,
    ProjectLine,
    ProjectStage,
)
from houqin.procurement.models.rules import (
    Jurisdiction,
    ProcurementOffice,
    Threshold,
    TimeLimit,
)
from houqin.procurement.models.suppliers import Debarment, Qualification, Supplier

__all__ = [
    "Bid",
    "Debarment",
    "DepartmentBudget",
    "Jurisdiction",
    "Notice",
    "ProcurementOffice",
    "Project",
    "ProjectLine",
    "ProjectStage",
    "Qualification",
    "Supplier",
    "Threshold",
    "TimeLimit",
]
