"""A figure on the dashboard leads to exactly the rows that make it: for every key figure with a
list behind it, on rows made here (two sites, rows inside and outside the year, void rows, rows
of other statuses or kinds), following the figure's link as the same user gives a list of as
many rows as the figure says — for all sites and for one site named with ``?site=``."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Membership
from houqin.reports.dashboard import KEY_FIGURES
from houqin.reports.registry import ROWS
from houqin.reports.tests.dashboard_rows_kit import make

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
TZ = ZoneInfo("Asia/Shanghai")
INSIDE = (datetime(YEAR, 1, 1, 0, 10, tzinfo=TZ), datetime(YEAR, 6, 15, 10, tzinfo=TZ))
OUTSIDE = (datetime(YEAR - 1, 12, 31, 23, 50, tzinfo=TZ), datetime(YEAR + 1, 1, 1, 0, 5, tzinfo=TZ))

# key: (model, the date the figure counts by, the fields of a counted row, rows not counted
# for their status or kind besides the void ones and those outside the year)
SPECS = {
    "security.visitor_registrations": (
        "security.Visit",
        "checked_in_at",
        {"status": "left"},
        [{"status": "refused"}],
    ),
    "security.patrol_rounds": (
        "inspections.Round",
        "starts_at",
        {"kind": "patrol", "status": "late"},
        [{"kind": "patrol", "status": "missed"}, {"kind": "cleaning", "status": "complete"}],
    ),
    "security.hazards_found": ("security.Hazard", "found_at", {"status": "reported"}, []),
    "security.hazards_rectified": (
        "security.Hazard",
        "verified_at",
        {"status": "closed"},
        [{"status": "rectified"}],
    ),
    "facilities.work_orders_opened": ("facilities.WorkOrder", "reported_at", {}, []),
    "facilities.work_orders_closed": (
        "facilities.WorkOrder",
        "closed_at",
        {"status": "closed"},
        [],
    ),
    "facilities.maintenance_tasks_done": (
        "facilities.MaintenanceTask",
        "done_at",
        {"status": "done"},
        [{"status": "overdue"}],
    ),
    "services.meeting_services": ("meetings.Booking", "served_at", {"status": "confirmed"}, []),
    "services.display_messages": (
        "signage.Message",
        "valid_from",
        {"status": "approved"},
        [{"status": "pending"}, {"status": "rejected"}],
    ),
    "outreach.library_loans": ("outreach.Loan", "lent_at", {}, []),
    "outreach.health_consultations": ("outreach.Consultation", "consulted_at", {}, []),
    "team.training_sessions": ("team.TrainingSession", "starts_at", {}, []),
}
# Sums of money: their rows are followed in test_dashboard_money_rows.py.
MONEY = {"procurement.savings_yuan", "energy.cost_yuan", "procurement.orders"}
LINKED = [figure.key for figure in KEY_FIGURES if figure.key in ROWS and figure.key not in MONEY]


def test_every_linked_figure_is_tested():
    assert set(LINKED) == set(SPECS)
    assert len(LINKED) >= 10


def rows_of(key: str, site, other_site) -> int:
    """Rows of every kind for the figure ``key``; the number that count at ``site``."""
    label, field, counted, not_counted = SPECS[key]
    model = apps.get_model(label)
    for moment in INSIDE:
        make(model, site, **counted, **{field: moment})
        make(model, other_site, **counted, **{field: moment})
    for moment in OUTSIDE:
        make(model, site, **counted, **{field: moment})
    make(model, site, **counted, **{field: INSIDE[1]}, voided_at=timezone.now())
    for fields in not_counted:
        make(model, site, **fields, **{field: INSIDE[1]})
    return len(INSIDE)


@pytest.fixture
def leader(personas):
    """The leadership of both sites."""
    group = Group.objects.get(name=roles.LEADERSHIP)
    Membership.objects.create(user=personas.leader, site=personas.other_site, role=group)
    return personas.leader


@pytest.mark.parametrize("scope", ["all", "main"])
@pytest.mark.parametrize("key", LINKED)
def test_the_link_lists_the_rows_of_the_figure(client, personas, leader, key, scope):
    per_site = rows_of(key, personas.site, personas.other_site)
    client.force_login(leader)
    query = {"year": YEAR, **({"site": scope} if scope != "all" else {})}
    response = client.get(reverse("reports:dashboard"), query)
    card = next(card for card in response.context["cards"] if card["key"] == key)
    assert card["value"] == (per_site if scope == "main" else 2 * per_site)
    assert card["url"], key
    listed = client.get(card["url"])
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == card["value"]
