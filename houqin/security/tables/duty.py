"""List tables (and Excel ledger columns) of the 24-hour duty."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.security.choices import AbsenceReason, PostKind, RosterStatus, SwapStatus


def _void_row(row) -> str:
    return "row-void" if getattr(row, "voided_at", None) else ""


class DutyPostTable(Table):
    select_related = ("location",)
    detail_url_name = "security:dutypost_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=16)
    kind = Column(_("Kind"), "kind", choices=PostKind, width=14)
    staff_per_shift = Column(_("People per shift"), width=8)
    qualified_count = Column(_("Qualified people"), width=8)
    location = Column(_("Location"), width=14)
    is_active = Column(_("Active"), width=6)


class DutyShiftTable(Table):
    detail_url_name = "security:dutyshift_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=10)
    start_time = Column(_("Start time"), lambda s: s.start_time.strftime("%H:%M"), width=8)
    hours = Column(_("Hours"), width=6)
    is_night = Column(_("Night shift"), width=6)
    is_active = Column(_("Active"), width=6)


class AbsenceTable(Table):
    select_related = ("person",)
    detail_url_name = "security:absence_detail"

    person = Column(_("Person"), link=True, width=10)
    start_date = Column(_("From"), width=12)
    end_date = Column(_("To"), width=12)
    reason = Column(_("Reason"), "reason", choices=AbsenceReason, width=10)
    note = Column(_("Note"), width=20)


class SpecialPeriodTable(Table):
    detail_url_name = "security:specialperiod_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=20)
    start_date = Column(_("From"), width=12)
    end_date = Column(_("To"), width=12)


class RosterTable(Table):
    select_related = ("site",)
    row_class = staticmethod(_void_row)
    detail_url_name = "security:roster_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    month = Column(_("Month"), lambda r: r.month.strftime("%Y-%m"), width=8)
    site = Column(_("Site"), width=12)
    status = Column(_("Status"), "status", choices=RosterStatus, width=8)
    published_at = Column(_("Published at"), width=16)
    solve_seconds = Column(_("Generation time (s)"), width=8)
    fairness_spread = Column(_("Spread of unsocial shifts"), width=8)


class AssignmentTable(Table):
    """A roster's shifts, one line each: the Excel form of the monthly roster."""

    select_related = ("shift", "post", "person")

    date = Column(_("Date"), width=12)
    shift = Column(_("Shift"), width=12)
    post = Column(_("Post"), lambda a: a.post or _("leader on duty"), width=16)
    person = Column(_("Person"), width=10)
    starts_at = Column(_("Starts at"), width=16)
    ends_at = Column(_("Ends at"), width=16)


class SwapRequestTable(Table):
    select_related = ("assignment__shift", "assignment__post", "assignment__person", "replacement")
    row_class = staticmethod(_void_row)
    detail_url_name = "security:swaprequest_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    date = Column(_("Date"), "assignment__date", width=12)
    shift = Column(_("Shift"), "assignment__shift", width=12)
    post = Column(_("Post"), lambda s: s.assignment.post or _("leader on duty"), width=14)
    person = Column(_("On duty"), "assignment__person", width=10)
    replacement = Column(_("Replacement"), width=10)
    reason = Column(_("Reason"), width=20)
    status = Column(_("Status"), "status", choices=SwapStatus, width=10)
    created_at = Column(_("Requested at"), width=16)


class DutyLogTable(Table):
    select_related = ("shift", "post", "on_duty", "received_by")
    row_class = staticmethod(_void_row)
    detail_url_name = "security:dutylog_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    date = Column(_("Date"), width=12)
    shift = Column(_("Shift"), width=12)
    post = Column(_("Post"), width=14)
    on_duty = Column(_("On duty"), width=10)
    handed_over_at = Column(_("Handed over at"), width=16)
    received_by = Column(_("Received by"), width=10)
    received_at = Column(_("Received at"), width=16)
