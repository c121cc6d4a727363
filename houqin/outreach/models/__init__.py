"""The outreach module's records, one file per subject."""

from houqin.outreach.models.health import Consultation, Expert, HealthBooking, HealthSession
from houqin.outreach.models.library import Book, BookCopy, Hold, Loan, StockTake, StockTakeScan
from houqin.outreach.models.publicity import (
    BoardIssue,
    Distribution,
    Investment,
    Material,
    PublicityBoard,
    Volunteer,
    VolunteerActivity,
    VolunteerHours,
)

__all__ = [
    "BoardIssue",
    "Book",
    "BookCopy",
    "Consultation",
    "Distribution",
    "Expert",
    "HealthBooking",
    "HealthSession",
    "Hold",
    "Investment",
    "Loan",
    "Material",
    "PublicityBoard",
    "StockTake",
    "StockTakeScan",
    "Volunteer",
    "VolunteerActivity",
    "VolunteerHours",
]
