"""Security (安全防范) models, split by subject."""

from houqin.security.models.duty import (
    Absence,
    Assignment,
    DutyLog,
    DutyLogEntry,
    DutyPost,
    DutyShift,
    Roster,
    SpecialPeriod,
    SwapRequest,
)
from houqin.security.models.hazards import Alarm, Camera, Hazard, Incident
from houqin.security.models.visitors import BlacklistEntry, Invitation, Visit

__all__ = [
    "Absence",
    "Alarm",
    "Assignment",
    "BlacklistEntry",
    "Camera",
    "DutyLog",
    "DutyLogEntry",
    "DutyPost",
    "DutyShift",
    "Hazard",
    "Incident",
    "Invitation",
    "Roster",
    "SpecialPeriod",
    "SwapRequest",
    "Visit",
]
