"""The team module's records, one file per subject."""

from houqin.team.models.records import ChronicleEntry, Honour, Publication
from houqin.team.models.regulations import Regulation, RegulationVersion
from houqin.team.models.training import Attendance, TrainingSession

__all__ = [
    "Attendance",
    "ChronicleEntry",
    "Honour",
    "Publication",
    "Regulation",
    "RegulationVersion",
    "TrainingSession",
]
