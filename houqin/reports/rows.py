"""The list behind each key figure of the dashboard: the list page filtered to exactly the rows
that make the figure over [start, end) (``end`` exclusive; the lists' date filters take the last
day, inclusive). The site is not in the URL: the list's own scope (the site switcher) decides."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse

from houqin.reports.registry import metric_rows


def list_url(name: str, period: str, start: date, end: date, **params: str) -> str:
    """``name``'s list page with the date range filter ``period`` over [start, end) and
    ``params``."""
    query = {
        f"{period}_after": start.isoformat(),
        f"{period}_before": (end - timedelta(days=1)).isoformat(),
        **params,
    }
    return f"{reverse(name)}?{urlencode(query)}"


@metric_rows("security.visitor_registrations")
def visits(*, start: date, end: date) -> str:
    """Visits checked in during the period, admitted (not refused) and not void."""
    return list_url("security:visit_list", "date", start, end, counted="true")


@metric_rows("security.patrol_rounds")
def patrol_rounds(*, start: date, end: date) -> str:
    """Patrol rounds starting in the period, completed (also late or out of order), not void."""
    return list_url("inspections:round_list", "date", start, end, kind="patrol", completed="true")


@metric_rows("security.hazards_found")
def hazards_found(*, start: date, end: date) -> str:
    """Hazards found in the period, not void."""
    return list_url("security:hazard_list", "date", start, end, void="false")


@metric_rows("security.hazards_rectified")
def hazards_rectified(*, start: date, end: date) -> str:
    """Hazards closed (rectification verified) in the period, not void."""
    return list_url("security:hazard_list", "closed", start, end, status="closed", void="false")


@metric_rows("facilities.work_orders_opened")
def work_orders_opened(*, start: date, end: date) -> str:
    """Work orders reported in the period, not void."""
    return list_url("facilities:workorder_list", "reported", start, end, void="false")


@metric_rows("facilities.work_orders_closed")
def work_orders_closed(*, start: date, end: date) -> str:
    """Work orders closed in the period, not void."""
    return list_url("facilities:workorder_list", "closed", start, end, void="false")


@metric_rows("facilities.maintenance_tasks_done")
def maintenance_done(*, start: date, end: date) -> str:
    """Maintenance tasks done in the period, not void."""
    return list_url(
        "facilities:maintenancetask_list", "done", start, end, status="done", void="false"
    )


@metric_rows("services.meeting_services")
def meetings_served(*, start: date, end: date) -> str:
    """Bookings served in the period, not void."""
    return list_url("meetings:booking_list", "served", start, end, void="false")


@metric_rows("services.display_messages")
def display_messages(*, start: date, end: date) -> str:
    """Approved messages beginning in the period, not void."""
    return list_url("signage:message_list", "begins", start, end, status="approved", void="false")


@metric_rows("outreach.library_loans")
def library_loans(*, start: date, end: date) -> str:
    """Loans lent in the period, not void."""
    return list_url("outreach:loan_list", "lent", start, end, void="false")


@metric_rows("outreach.health_consultations")
def health_consultations(*, start: date, end: date) -> str:
    """Consultations in the period, not void."""
    return list_url("outreach:consultation_list", "consulted", start, end, voided="false")


@metric_rows("team.training_sessions")
def training_sessions(*, start: date, end: date) -> str:
    """Training sessions starting in the period, not void."""
    return list_url("team:trainingsession_list", "starts", start, end, void="false")


@metric_rows(
    "procurement.orders",
    "procurement.budget_yuan",
    "procurement.contract_yuan",
    "procurement.savings_yuan",
)
def procurement_orders(*, start: date, end: date) -> str:
    """Orders whose contract was signed in the period and that count in the savings: their
    number is the orders figure, their budgets, contracts and savings the money figures."""
    return list_url("procurement:project_list", "signed", start, end, counted="true")


@metric_rows("energy.cost_yuan")
def energy_cost(*, start: date, end: date) -> str:
    """Counted readings of main meters whose day of use is in the period (the ledger sums their
    cost)."""
    return list_url("energy:reading_list", "used_on", start, end, main_only="true", counted="true")
