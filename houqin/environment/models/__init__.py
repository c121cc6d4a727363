"""The environment module's records, one file per subject."""

from houqin.environment.models.cleaning import CleaningZone, ZoneRectification
from houqin.environment.models.greening import (
    AcceptanceCheck,
    AcceptanceResult,
    ContractTerm,
    GreeningContract,
    GreeningContractor,
    PaymentInstalment,
)
from houqin.environment.models.pests import (
    PestControlAction,
    PestStandard,
    PestSurvey,
    PestThreshold,
)

__all__ = [
    "AcceptanceCheck",
    "AcceptanceResult",
    "CleaningZone",
    "ContractTerm",
    "GreeningContract",
    "GreeningContractor",
    "PaymentInstalment",
    "PestControlAction",
    "PestStandard",
    "PestSurvey",
    "PestThreshold",
    "ZoneRectification",
]
