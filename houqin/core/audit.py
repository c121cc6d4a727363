"""History for every business model, registered in this one place (who, when, field, old → new).

Personal fields are excluded: their history would keep what the retention purge erases.
"""

from auditlog.registry import auditlog
from django.apps import apps

# (app_label.ModelName, fields left out of history)
AUDITED = {
    "core.Site": [],
    "core.Building": [],
    "core.Floor": [],
    "core.Location": [],
    "core.Department": [],
    "core.Person": [],
    "core.Membership": [],
    "security.Visit": [
        "visitor_name",
        "id_number_enc",
        "id_hash",
        "phone_enc",
        "vehicle_plate",
        "purpose_detail",
        "items_carried",
    ],
    "security.Invitation": [
        "visitor_name",
        "id_number_enc",
        "id_hash",
        "phone_enc",
        "vehicle_plate",
    ],
    "security.BlacklistEntry": ["name", "id_hash"],
    "security.DutyPost": [],
    "security.DutyShift": [],
    "security.Absence": [],
    "security.SpecialPeriod": [],
    "security.Roster": [],
    "security.Assignment": [],
    "security.SwapRequest": [],
    "security.DutyLog": [],
    "security.Camera": [],
    "security.Alarm": [],
    "security.Hazard": [],
    "security.Incident": [],
    "inspections.Checkpoint": [],
    "inspections.Route": [],
    "inspections.Round": [],
    "facilities.EquipmentCategory": [],
    "facilities.ReadingField": [],
    "facilities.Contractor": [],
    "facilities.Equipment": [],
    "facilities.Certificate": [],
    "facilities.OperatingShift": [],
    "facilities.RunLog": [],
    "facilities.MaintenancePlan": [],
    "facilities.MaintenanceTask": [],
    "facilities.WorkOrder": ["reporter_name", "reporter_phone", "client_hash"],
    "meetings.Room": [],
    "meetings.Blackout": [],
    "meetings.Booking": [],
    "meetings.BookingService": [],
    "signage.Screen": ["token"],
    "signage.Message": [],
    "quality.ServicePost": [],
    "quality.Standard": [],
    "quality.StandardItem": [],
    "quality.Evaluation": [],
    "quality.Rectification": [],
    "quality.Survey": [],
    "environment.GreeningContractor": [],
    "environment.GreeningContract": [],
    "environment.ContractTerm": [],
    "environment.PaymentInstalment": [],
    "environment.AcceptanceCheck": [],
    "environment.CleaningZone": [],
    "environment.ZoneRectification": [],
    "environment.PestStandard": [],
    "environment.PestThreshold": [],
    "environment.PestSurvey": [],
    "environment.PestControlAction": [],
    "outreach.Book": [],
    "outreach.BookCopy": [],
    "outreach.Loan": [],
    "outreach.Hold": [],
    "outreach.StockTake": [],
    "outreach.Expert": [],
    "outreach.HealthSession": [],
    "outreach.HealthBooking": [],
    "outreach.Consultation": [],
    "outreach.PublicityBoard": [],
    "outreach.BoardIssue": [],
    "outreach.Material": [],
    "outreach.Distribution": [],
    "outreach.Volunteer": [],
    "outreach.VolunteerActivity": [],
    "outreach.Investment": [],
    "approvals.ApprovalFlow": [],
    "approvals.ApprovalStep": [],
    "approvals.ApprovalRequest": [],
    "approvals.ApprovalDecision": [],
    "stock.Store": ["slots", "movements", "stocktakes"],
    "stock.Item": ["slots", "movements"],
    "stock.Movement": [],
    "stock.StockTake": ["movements", "lines"],
    "stock.StockTakeLine": [],
    "reports.SummaryText": [],
}


def register_all() -> None:
    """Register every audited model that is installed."""
    for label, exclude in AUDITED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=exclude)
