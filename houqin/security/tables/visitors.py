"""List tables (and Excel ledger columns) of the security module."""

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.security.choices import IdTypeChoices, VisitPurpose, VisitStatus
from houqin.security.queries.visitors import is_overstay


def _visit_row_class(visit) -> str:
    if visit.voided_at:
        return "row-void"
    if visit.status == VisitStatus.REFUSED:
        return "row-refused"
    return "row-overstay" if is_overstay(visit) else ""


class VisitTable(Table):
    """The registration ledger (登记台帐) as printed at the gate."""

    select_related = ("host_department", "host_person")
    only = (
        "site_id",
        "number",
        "visitor_name",
        "id_type",
        "id_mask",
        "phone_mask",
        "organisation",
        "purpose",
        "companions",
        "vehicle_plate",
        "checked_in_at",
        "checked_out_at",
        "status",
        "voided_at",
        "pii_purged_at",
        "host_department__name",
        "host_person__name",
    )
    row_class = staticmethod(_visit_row_class)
    detail_url_name = "security:visit_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    visitor_name = Column(_("Visitor"), width=10)
    id_type = Column(_("ID type"), "id_type", width=12, choices=IdTypeChoices)
    id_number_masked = Column(_("ID number"), width=22, css="masked nowrap")
    phone_masked = Column(_("Phone"), width=14, css="masked nowrap")
    organisation = Column(_("Organisation"), width=18)
    host_department = Column(_("Host department"), width=14)
    host_person = Column(_("Host"), width=8)
    purpose = Column(_("Purpose"), "purpose", width=10, choices=VisitPurpose)
    companions = Column(_("Companions"), width=6)
    vehicle_plate = Column(_("Vehicle"), width=10, css="nowrap")
    checked_in_at = Column(_("In"), width=16, css="nowrap")
    checked_out_at = Column(_("Out"), width=16, css="nowrap")
    status = Column(_("Status"), "status", width=8, choices=VisitStatus)


class InsideTable(Table):
    """Visitors now inside, for the gate."""

    select_related = ("host_department", "host_person")
    row_class = staticmethod(_visit_row_class)

    number = Column(_("No."), link=True)
    visitor_name = Column(_("Visitor"))
    organisation = Column(_("Organisation"))
    host_department = Column(_("Host department"))
    checked_in_at = Column(_("In"))


class InvitationTable(Table):
    select_related = ("host_person", "host_department", "visit", "scan_link")

    number = Column(_("No."), link=True, width=16)
    visitor_name = Column(_("Visitor"), width=10)
    organisation = Column(_("Organisation"), width=18)
    host_person = Column(_("Host"), width=8)
    host_department = Column(_("Host department"), width=14)
    expected_at = Column(_("Expected arrival"), width=16)
    state = Column(_("Status"), lambda inv: inv_state_label(inv), width=10)


class BlacklistEntryTable(Table):
    select_related = ("site",)

    number = Column(_("No."), link=True)
    name = Column(_("Name"))
    id_type = Column(_("ID type"), "id_type", choices=IdTypeChoices)
    id_number_masked = Column(_("ID number"), css="masked")
    reason = Column(_("Reason"), width=30)
    valid_until = Column(_("Valid until"))
    is_active = Column(_("Active"))


def inv_state_label(invitation) -> str:
    from houqin.security.queries.visitors import invitation_state

    return str(invitation_state(invitation).label)
