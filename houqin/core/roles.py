"""The roles of SPEC §1 as permission groups.

A role is a Django group named by its code; the permissions listed here are synchronised after
every migration, so adding a module means adding its permissions to the roles below. A user holds
roles per site through ``Membership``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STAFF = "staff"
GUARD = "guard"
DUTY_OFFICER = "duty_officer"
SECURITY_ADMIN = "security_admin"
TECHNICIAN = "technician"
SERVICE_STAFF = "service_staff"
SUPERVISOR = "supervisor"
PROCUREMENT = "procurement_officer"
LIBRARIAN = "librarian"
STOREKEEPER = "storekeeper"
OFFICE = "office_clerk"
FACILITIES_MANAGER = "facilities_manager"
MEETING_MANAGER = "meeting_manager"
ENVIRONMENT_MANAGER = "environment_manager"
LEADERSHIP = "leadership"
ADMIN = "admin"

_DIRECTORY = ["core.view_person", "core.view_department", "core.view_location"]
_VISITS_READ = ["security.view_visit", "security.view_invitation"]
_GATE = [
    *_VISITS_READ,
    "security.add_visit",
    "security.change_visit",
    "security.view_blacklistentry",
    "security.admit_invitation",
]

# Duty, patrols, cameras, hazards and incidents
_DUTY_READ = [
    "security.view_roster",
    "security.view_assignment",
    "security.view_dutypost",
    "security.view_dutyshift",
    "security.view_dutylog",
    "security.view_swaprequest",
]
_PATROL = ["inspections.view_round", "inspections.scan_round", "inspections.view_checkpoint"]
_REPORT_HAZARD = ["security.add_hazard", "security.view_hazard"]
_ON_DUTY = [
    *_DUTY_READ,
    *_PATROL,
    *_REPORT_HAZARD,
    "security.add_swaprequest",
    "security.add_dutylog",
    "security.change_dutylog",
    "security.add_alarm",
    "security.view_alarm",
    "security.view_camera",
]
_DUTY_MANAGER = [
    *_ON_DUTY,
    "security.add_roster",
    "security.change_roster",
    "security.publish_roster",
    "security.void_roster",
    "security.decide_swaprequest",
    "security.void_swaprequest",
    "security.void_dutylog",
    "security.add_dutypost",
    "security.change_dutypost",
    "security.add_dutyshift",
    "security.change_dutyshift",
    "security.view_absence",
    "security.add_absence",
    "security.change_absence",
    "security.view_specialperiod",
    "security.add_specialperiod",
    "security.change_specialperiod",
    "security.add_camera",
    "security.change_camera",
    "security.verify_alarm",
    "security.void_alarm",
    "security.change_hazard",
    "security.rectify_hazard",
    "security.verify_hazard",
    "security.void_hazard",
    "security.view_incident",
    "security.add_incident",
    "security.change_incident",
    "security.void_incident",
    "inspections.add_checkpoint",
    "inspections.change_checkpoint",
    "inspections.view_route",
    "inspections.add_route",
    "inspections.change_route",
    "inspections.void_round",
]
_OVERSIGHT = [
    *_DUTY_READ,
    "security.view_hazard",
    "security.view_incident",
    "security.view_alarm",
    "security.view_camera",
    "inspections.view_round",
    "inspections.view_route",
    "inspections.view_checkpoint",
]

# Facilities: equipment, run logs, maintenance, work orders
_REPORT_FAULT = ["facilities.add_workorder"]
_FACILITIES_READ = [
    "facilities.view_equipmentcategory",
    "facilities.view_equipment",
    "facilities.view_contractor",
    "facilities.view_certificate",
    "facilities.view_operatingshift",
    "facilities.view_runlog",
    "facilities.view_maintenanceplan",
    "facilities.view_maintenancetask",
    "facilities.view_workorder",
]
_TECHNICIAN = [
    *_FACILITIES_READ,
    *_REPORT_FAULT,
    "facilities.add_runlog",
    "facilities.add_meterreading",
    "facilities.work_workorder",
    "facilities.complete_maintenancetask",
    "inspections.view_round",
    "inspections.view_checkpoint",
]
_FACILITIES_MANAGER = [
    *_TECHNICIAN,
    *[
        f"facilities.{action}_{model}"
        for model in (
            "equipmentcategory",
            "equipment",
            "contractor",
            "certificate",
            "operatingshift",
            "maintenanceplan",
        )
        for action in ("add", "change")
    ],
    "facilities.change_runlog",
    "facilities.void_runlog",
    "facilities.change_workorder",
    "facilities.dispatch_workorder",
    "facilities.void_workorder",
    "facilities.void_maintenancetask",
    "inspections.add_checkpoint",
    "inspections.change_checkpoint",
    "inspections.view_route",
    "inspections.add_route",
    "inspections.change_route",
    "inspections.void_round",
    "reports.view_report",
]

# Services: meetings, info screens, quality
_BOOK = ["meetings.view_room", "meetings.add_booking"]
_SERVE_MEETINGS = [
    "meetings.view_room",
    "meetings.view_booking",
    "meetings.view_bookingservice",
    "meetings.serve_bookingservice",
]
_MEETING_MANAGER = [
    *_BOOK,
    *_SERVE_MEETINGS,
    "meetings.add_room",
    "meetings.change_room",
    "meetings.view_blackout",
    "meetings.add_blackout",
    "meetings.change_blackout",
    "meetings.delete_blackout",
    "meetings.change_booking",
    "meetings.void_booking",
    "meetings.book_for_others",
    "signage.view_screen",
    "signage.add_screen",
    "signage.change_screen",
    "signage.view_message",
    "signage.add_message",
    "signage.change_message",
    "signage.void_message",
]
_QUALITY_READ = [
    "quality.view_servicepost",
    "quality.view_standard",
    "quality.view_evaluation",
    "quality.view_rectification",
    "quality.view_survey",
]
_SUPERVISE = [
    *_QUALITY_READ,
    "quality.add_servicepost",
    "quality.change_servicepost",
    "quality.add_standard",
    "quality.change_standard",
    "quality.add_evaluation",
    "quality.change_evaluation",
    "quality.void_evaluation",
    "quality.change_rectification",
    "quality.add_survey",
    "quality.change_survey",
]
_SERVICES_OVERSIGHT = [
    *_QUALITY_READ,
    "meetings.view_room",
    "meetings.view_booking",
    "meetings.view_bookingservice",
    "signage.view_screen",
    "signage.view_message",
]

# Environment: greening contracts, cleaning zones, vector control
_ENVIRONMENT_READ = [
    "environment.view_greeningcontractor",
    "environment.view_greeningcontract",
    "environment.view_paymentinstalment",
    "environment.view_acceptancecheck",
    "environment.view_cleaningzone",
    "environment.view_zonerectification",
    "environment.view_peststandard",
    "environment.view_pestsurvey",
    "environment.view_pestcontrolaction",
]
_RECTIFY_ZONES = [
    "environment.view_cleaningzone",
    "environment.view_zonerectification",
    "environment.rectify_zonerectification",
]
_INSPECT_ZONES = [
    *_ENVIRONMENT_READ,
    "environment.inspect_cleaningzone",
    "environment.recheck_zonerectification",
    "environment.add_acceptancecheck",
    "inspections.view_round",
    "inspections.view_checkpoint",
]
_ENVIRONMENT_MANAGER = [
    *_INSPECT_ZONES,
    *_RECTIFY_ZONES,
    *[
        f"environment.{action}_{model}"
        for model in (
            "greeningcontractor",
            "greeningcontract",
            "contractterm",
            "cleaningzone",
            "peststandard",
            "pestthreshold",
            "pestsurvey",
            "pestcontrolaction",
        )
        for action in ("add", "change")
    ],
    "environment.void_greeningcontract",
    "environment.approve_paymentinstalment",
    "environment.change_paymentinstalment",
    "environment.void_acceptancecheck",
    "environment.void_pestsurvey",
    "environment.void_pestcontrolaction",
    "inspections.add_checkpoint",
    "inspections.change_checkpoint",
    "inspections.view_route",
    "inspections.add_route",
    "inspections.change_route",
    "inspections.void_round",
    "reports.view_report",
]

# Science popularisation centre: library, health consultations, publicity, volunteers
_READER = [
    "outreach.view_book",
    "outreach.borrow_loan",
    "outreach.add_hold",
    "outreach.view_healthsession",
    "outreach.add_healthbooking",
]
_OUTREACH_READ = [
    "outreach.view_book",
    "outreach.view_bookcopy",
    "outreach.view_loan",
    "outreach.view_hold",
    "outreach.view_stocktake",
    "outreach.view_expert",
    "outreach.view_healthsession",
    "outreach.view_healthbooking",
    "outreach.view_consultation",
    "outreach.view_publicityboard",
    "outreach.view_boardissue",
    "outreach.view_material",
    "outreach.view_distribution",
    "outreach.view_volunteer",
    "outreach.view_volunteeractivity",
    "outreach.view_investment",
]
_LIBRARIAN = [
    *_READER,
    *_OUTREACH_READ,
    *[
        f"outreach.{action}_{model}"
        for model in (
            "book",
            "bookcopy",
            "loan",
            "hold",
            "stocktake",
            "expert",
            "healthsession",
            "healthbooking",
            "consultation",
            "publicityboard",
            "boardissue",
            "material",
            "distribution",
            "volunteer",
            "volunteeractivity",
            "investment",
        )
        for action in ("add", "change")
    ],
    *[
        f"outreach.void_{model}"
        for model in (
            "loan",
            "stocktake",
            "consultation",
            "boardissue",
            "distribution",
            "investment",
        )
    ],
    "reports.view_report",
]

# Stock ledger: stores, items, movements in and out, stock-takes
_STOCK_READ = [
    "stock.view_store",
    "stock.view_item",
    "stock.view_stockslot",
    "stock.view_movement",
    "stock.view_stocktake",
]
_STOCK = [
    *_STOCK_READ,
    "stock.add_store",
    "stock.change_store",
    "stock.add_item",
    "stock.change_item",
    "stock.add_movement",
    "stock.void_movement",
    "stock.add_stocktake",
]

# Procurement centre: requests, projects and their stages, suppliers, notices, the rules
_PROCUREMENT_READ = [
    f"procurement.view_{model}"
    for model in (
        "project",
        "projectline",
        "projectstage",
        "bid",
        "notice",
        "supplier",
        "qualification",
        "debarment",
        "departmentbudget",
        "jurisdiction",
        "threshold",
        "timelimit",
        "procurementoffice",
    )
]
_PROCUREMENT = [
    *_PROCUREMENT_READ,
    *[
        f"procurement.{verb}_{model}"
        for model in ("project", "projectline", "bid", "supplier", "qualification")
        for verb in ("add", "change")
    ],
    "procurement.advance_project",
    "procurement.request_project",
    "procurement.void_project",
    "procurement.add_debarment",
    "procurement.void_debarment",
    "procurement.void_notice",
    "procurement.add_departmentbudget",
    "procurement.change_departmentbudget",
    "procurement.add_threshold",
    "procurement.change_threshold",
    "procurement.add_timelimit",
    "procurement.change_timelimit",
    "procurement.change_procurementoffice",
]

# Disaster relief: campaigns, donations, emergency purchases, dispatches (the storekeeper
# keeps relief goods, SPEC §1); leadership reads them.
_RELIEF_READ = [
    f"relief.view_{model}" for model in ("campaign", "donation", "emergencypurchase", "dispatch")
]
_RELIEF = [
    *_RELIEF_READ,
    *[
        f"relief.{verb}_{model}"
        for model in ("campaign", "donation", "emergencypurchase", "dispatch")
        for verb in ("add", "change")
    ],
    "relief.void_campaign",
    "relief.void_donation",
    "relief.void_dispatch",
]

# Energy: meters, tariffs, readings, factors, statistics base and budgets. Technicians read
# meters on their rounds; the facilities manager keeps the rest; leadership reads.
_ENERGY_MODELS = ("meter", "tariff", "reading", "conversionfactor", "energyyear", "energybudget")
_ENERGY_READ = [f"energy.view_{model}" for model in _ENERGY_MODELS]
_READ_METERS = ["energy.view_meter", "energy.view_reading", "energy.add_reading"]
_ENERGY_MANAGER = [
    *_ENERGY_READ,
    *[f"energy.{verb}_{model}" for model in _ENERGY_MODELS for verb in ("add", "change")],
    "energy.void_reading",
    "energy.review_reading",
    "energy.import_reading",
]
# Office supplies: every member of staff asks for supplies for their own department; the
# storekeeper issues them; leadership reads.
_REQUEST_SUPPLIES = ["energy.add_requisition"]
_SUPPLIES_READ = ["energy.view_requisition"]
_SUPPLIES = [
    *_SUPPLIES_READ,
    "energy.change_requisition",
    "energy.issue_requisition",
    "energy.void_requisition",
]

# Team building: training, the regulations library, honours, publications, the chronicle,
# kept by the bureau's office; every member of staff reads the regulations in force.
_TEAM_MODELS = (
    "trainingsession",
    "attendance",
    "regulation",
    "regulationversion",
    "honour",
    "publication",
    "chronicleentry",
)
_TEAM_READ = [f"team.view_{model}" for model in _TEAM_MODELS]
_READ_REGULATIONS = ["team.view_regulation", "team.view_regulationversion"]
# The wording of the annual work summary, kept by the bureau office and its leadership
_SUMMARY_WORDING = ["reports.view_summarytext", "reports.change_summarytext"]

_TEAM = [
    *_TEAM_READ,
    *[f"team.{verb}_{model}" for model in _TEAM_MODELS for verb in ("add", "change")],
    *[
        f"team.void_{model}"
        for model in ("trainingsession", "regulation", "honour", "publication", "chronicleentry")
    ],
]

ROLES: dict[str, tuple[str, list[str]]] = {
    STAFF: (
        _("staff member"),
        [
            *_DIRECTORY,
            *_REPORT_HAZARD,
            *_REPORT_FAULT,
            *_BOOK,
            "security.add_invitation",
            "procurement.request_project",
            *_REQUEST_SUPPLIES,
        ],
    ),
    GUARD: (_("guard"), [*_DIRECTORY, *_GATE, *_ON_DUTY, *_REPORT_FAULT, *_BOOK]),
    DUTY_OFFICER: (
        _("duty officer"),
        [
            *_DIRECTORY,
            *_GATE,
            *_ON_DUTY,
            *_REPORT_FAULT,
            *_BOOK,
            "security.void_visit",
            "security.verify_alarm",
            "security.view_incident",
            "security.add_incident",
            "security.change_incident",
            "reports.view_report",
        ],
    ),
    SECURITY_ADMIN: (
        _("security administrator"),
        [
            *_DIRECTORY,
            *_GATE,
            *_DUTY_MANAGER,
            *_REPORT_FAULT,
            *_BOOK,
            "security.void_visit",
            "security.import_visit",
            "security.reveal_visit_pii",
            "security.add_invitation",
            "security.void_invitation",
            "security.add_blacklistentry",
            "security.change_blacklistentry",
            "security.void_blacklistentry",
            "reports.view_report",
        ],
    ),
    TECHNICIAN: (
        _("technician"),
        [
            *_DIRECTORY,
            *_REPORT_HAZARD,
            *_TECHNICIAN,
            *_BOOK,
            *_READ_METERS,
            "security.rectify_hazard",
        ],
    ),
    FACILITIES_MANAGER: (
        _("facilities manager"),
        [
            *_DIRECTORY,
            *_REPORT_HAZARD,
            *_FACILITIES_MANAGER,
            *_BOOK,
            *_ENERGY_MANAGER,
            "security.rectify_hazard",
        ],
    ),
    SERVICE_STAFF: (
        _("service staff"),
        [
            *_DIRECTORY,
            *_REPORT_HAZARD,
            *_REPORT_FAULT,
            *_BOOK,
            *_SERVE_MEETINGS,
            *_RECTIFY_ZONES,
            "quality.view_rectification",
            "quality.change_rectification",
        ],
    ),
    MEETING_MANAGER: (
        _("meeting manager"),
        [*_DIRECTORY, *_REPORT_HAZARD, *_REPORT_FAULT, *_MEETING_MANAGER, "reports.view_report"],
    ),
    SUPERVISOR: (
        _("supervisor"),
        [
            *_DIRECTORY,
            *_REPORT_HAZARD,
            *_REPORT_FAULT,
            *_BOOK,
            *_SUPERVISE,
            *_INSPECT_ZONES,
            "meetings.view_booking",
            "security.verify_hazard",
        ],
    ),
    PROCUREMENT: (
        _("procurement officer"),
        [
            *_DIRECTORY,
            *_REPORT_HAZARD,
            *_REPORT_FAULT,
            *_BOOK,
            *_PROCUREMENT,
            "reports.view_report",
        ],
    ),
    LIBRARIAN: (
        _("librarian"),
        [*_DIRECTORY, *_REPORT_HAZARD, *_REPORT_FAULT, *_BOOK, *_LIBRARIAN],
    ),
    ENVIRONMENT_MANAGER: (
        _("environment manager"),
        [*_DIRECTORY, *_REPORT_HAZARD, *_REPORT_FAULT, *_BOOK, *_ENVIRONMENT_MANAGER],
    ),
    STOREKEEPER: (
        _("storekeeper"),
        [*_DIRECTORY, *_REPORT_HAZARD, *_REPORT_FAULT, *_BOOK, *_STOCK, *_RELIEF, *_SUPPLIES],
    ),
    OFFICE: (
        _("bureau office clerk"),
        [
            *_DIRECTORY,
            *_REPORT_HAZARD,
            *_REPORT_FAULT,
            *_BOOK,
            *_TEAM,
            "reports.view_report",
            *_SUMMARY_WORDING,
        ],
    ),
    LEADERSHIP: (
        _("bureau leadership"),
        [
            *_DIRECTORY,
            *_VISITS_READ,
            *_OVERSIGHT,
            *_FACILITIES_READ,
            *_REPORT_FAULT,
            *_BOOK,
            *_SERVICES_OVERSIGHT,
            *_ENVIRONMENT_READ,
            *_OUTREACH_READ,
            *_STOCK_READ,
            *_PROCUREMENT_READ,
            *_RELIEF_READ,
            *_ENERGY_READ,
            *_SUPPLIES_READ,
            *_TEAM_READ,
            "procurement.request_project",
            "reports.view_report",
            *_SUMMARY_WORDING,
        ],
    ),
    ADMIN: (
        _("system administrator"),
        [
            *_DIRECTORY,
            "core.add_person",
            "core.change_person",
            "core.add_department",
            "core.change_department",
            "core.add_location",
            "core.change_location",
            "approvals.view_approvalflow",
            "approvals.add_approvalflow",
            "approvals.change_approvalflow",
        ],
    ),
}


def role_label(code: str) -> str:
    """The translated name of a role code (the code itself if unknown)."""
    return str(ROLES[code][0]) if code in ROLES else code


def sync_roles(**kwargs) -> None:
    """Create the role groups and give each exactly the permissions listed above."""
    from django.contrib.auth.models import Group, Permission

    wanted = {perm for _label, perms in ROLES.values() for perm in perms}
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={perm.split(".", 1)[1] for perm in wanted}
        )
    }
    for code, (_label, perms) in ROLES.items():
        group, _created = Group.objects.get_or_create(name=code)
        group.permissions.set([found[p] for p in perms if p in found])


# Every member of staff is a reader of the science centre: borrows books, places holds, books
# health sessions; reads the regulations in force and asks for office supplies (the system
# administrator's account is not a member of staff).
for _code, (_label, _perms) in ROLES.items():
    if _code != ADMIN:
        _perms.extend(
            p for p in [*_READER, *_READ_REGULATIONS, *_REQUEST_SUPPLIES] if p not in _perms
        )
