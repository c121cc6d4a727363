"""List tables (and Excel ledger columns) of cameras, alarms, hazards and incidents."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.security.choices import (
    AlarmResult,
    AlarmSource,
    AlarmStatus,
    CameraKind,
    CameraStatus,
    HazardCategory,
    HazardGrade,
    HazardStatus,
    IncidentKind,
    IncidentStatus,
)
from houqin.security.queries.hazards import is_overdue


def _where(record) -> str:
    return record.location.name if record.location_id else record.place


def _alarm_row_class(alarm) -> str:
    if alarm.voided_at:
        return "row-void"
    return "table-warning" if alarm.status == AlarmStatus.OPEN else ""


def _hazard_row_class(hazard) -> str:
    if hazard.voided_at:
        return "row-void"
    return "table-danger row-overdue" if is_overdue(hazard) else ""


class CameraTable(Table):
    select_related = ("location",)
    detail_url_name = "security:camera_detail"

    code = Column(_("Code"), link=True, width=12)
    name = Column(pgettext_lazy("of a thing", "Name"), width=18)
    location = Column(_("Location"), width=16)
    kind = Column(_("Type"), "kind", width=12, choices=CameraKind)
    recorder = Column(_("Recorder"), width=12)
    channel = Column(_("Channel"), width=8)
    status = Column(_("Status"), "status", width=8, choices=CameraStatus)


class AlarmTable(Table):
    select_related = ("camera", "location", "assigned_to")
    row_class = staticmethod(_alarm_row_class)
    detail_url_name = "security:alarm_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    raised_at = Column(_("Raised at"), width=16, css="nowrap")
    source = Column(_("Source"), "source", width=12, choices=AlarmSource)
    camera = Column(_("Camera"), width=16)
    location = Column(_("Location"), width=14)
    description = Column(_("What was seen"), width=30)
    assigned_to = Column(_("Verification by"), width=10)
    status = Column(_("Status"), "status", width=10, choices=AlarmStatus)
    result = Column(_("Result"), "result", width=10, choices=AlarmResult)


class HazardTable(Table):
    """The hazard ledger (隐患排查台帐)."""

    select_related = ("location", "owner_department", "rectified_by", "verified_by")
    row_class = staticmethod(_hazard_row_class)
    detail_url_name = "security:hazard_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    found_at = Column(_("Found at"), width=16, css="nowrap")
    where = Column(_("Location"), _where, width=16)
    description = Column(_("Description"), width=32)
    category = Column(_("Category"), "category", width=10, choices=HazardCategory)
    grade = Column(_("Grade"), "grade", width=8, choices=HazardGrade)
    owner_department = Column(_("Responsible department"), width=14)
    deadline = Column(_("Rectify by"), width=11, css="nowrap")
    status = Column(_("Status"), "status", width=12, choices=HazardStatus)
    rectified_by = Column(_("Rectified by"), width=10)
    verified_by = Column(_("Verified by"), width=10)
    verified_at = Column(_("Closed at"), width=16, css="nowrap")


class IncidentTable(Table):
    select_related = ("location",)
    detail_url_name = "security:incident_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    occurred_at = Column(_("Occurred at"), width=16, css="nowrap")
    kind = Column(_("Kind"), "kind", width=12, choices=IncidentKind)
    where = Column(_("Location"), _where, width=16)
    description = Column(_("What happened"), width=36)
    reported_to_police = Column(_("Reported to the police"), width=8)
    status = Column(_("Status"), "status", width=10, choices=IncidentStatus)
