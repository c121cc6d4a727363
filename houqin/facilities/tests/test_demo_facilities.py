"""The facilities part of the demo compound reproduces the seed's 台班 figures from run-log rows.

A 台班 is one (shift date, operating shift) with at least one non-void run log of the system and
no log of that system in that shift marked as an accident."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from houqin.core.demo import base_compound
from houqin.core.models import ScanLink
from houqin.facilities import demo
from houqin.facilities.choices import CertificateKind, System, TaskStatus, WorkOrderStatus
from houqin.facilities.models import (
    Certificate,
    Equipment,
    MaintenanceTask,
    RunLog,
    WorkOrder,
)
from houqin.facilities.queries.equipment import lift_counts
from houqin.reports.registry import compute, year_bounds

pytestmark = pytest.mark.django_db

SEED_2006 = {
    System.CENTRAL_AC: 630,
    System.ELEVATOR: 965,
    System.WATER_SUPPLY: 1095,
    System.POWER_DISTRIBUTION: 1095,
    System.FIRE_PROTECTION: 1095,
    System.CCTV: 1095,
}
STATED_2005 = {**SEED_2006, System.CENTRAL_AC: 612, System.ELEVATOR: 958}


@pytest.fixture
def compound():
    """The base compound (places, people, logins) and the facilities demo on top of it."""
    return base_compound(demo.load)


def run_shifts(site, year: int) -> dict[str, int]:
    """台班 per system by the counting rule: the database groups the logs by (system, date,
    shift) and drops the groups with an accident; the groups left are counted per system."""
    groups = (
        RunLog.objects.filter(site=site, shift_date__year=year, voided_at__isnull=True)
        .values("system", "shift_date", "shift")
        .annotate(accidents=Count("pk", filter=Q(is_accident=True)))
        .filter(accidents=0)
        .values_list("system", flat=True)
    )
    counts: dict[str, int] = {}
    for system in groups:
        counts[system] = counts.get(system, 0) + 1
    return counts


def assert_run_logs(site) -> None:
    assert run_shifts(site, 2006) == SEED_2006
    assert run_shifts(site, 2005) == STATED_2005
    accidents = RunLog.objects.filter(site=site, is_accident=True, voided_at__isnull=True)
    assert not accidents.filter(shift_date__year=2006).exists()  # equipment_accidents = 0
    lift_2005 = accidents.filter(shift_date__year=2005)
    assert [log.system for log in lift_2005] == [System.ELEVATOR]
    assert RunLog.objects.filter(site=site, voided_at__isnull=False).count() == 6
    logs_2006 = RunLog.objects.filter(site=site, shift_date__year=2006, voided_at__isnull=True)
    abnormal = logs_2006.filter(status="abnormal").count()
    assert 0.01 < abnormal / logs_2006.count() < 0.03
    assert logs_2006.filter(status="abnormal", work_order__isnull=False).exists()


def assert_registry(site, today) -> None:
    units = Equipment.objects.filter(site=site)
    assert 38 <= units.count() <= 45
    assert ScanLink.objects.filter(site=site, purpose="equipment").count() == units.count()
    lifts = units.filter(category__system=System.ELEVATOR)
    assert lifts.count() == 6 and not lifts.filter(first_used_on__isnull=True).exists()
    soon = Certificate.objects.filter(
        equipment__in=lifts,
        kind=CertificateKind.PERIODIC,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=30),
    )
    assert soon.count() == 1  # the dashboard's expiry warning
    assert lift_counts(lifts) == {"overdue": 0, "due": 1}  # TSG T7001 anniversaries kept


def assert_work_orders(site, tech) -> None:
    orders = WorkOrder.objects.filter(site=site)
    of_2006 = orders.filter(reported_at__year=2006)
    assert 550 <= of_2006.count() <= 650
    assert orders.filter(reported_at__year=2005).exists()
    sources = set(of_2006.values_list("source", flat=True).distinct())
    assert {"staff", "public", "run_log"} <= sources
    rated = of_2006.filter(rating__isnull=False)
    assert rated.filter(rating__gte=4).count() / rated.count() > 0.8
    assert not of_2006.exclude(status=WorkOrderStatus.CLOSED).exists()
    open_now = orders.filter(
        assigned_to=tech, status__in=[WorkOrderStatus.ASSIGNED, WorkOrderStatus.IN_PROGRESS]
    )
    assert open_now.count() >= 4
    assert not orders.filter(reported_at__gt=timezone.now()).exists()


def assert_maintenance(site) -> None:
    tasks = MaintenanceTask.objects.filter(site=site, due_on__year=2006)
    assert tasks.filter(status=TaskStatus.DONE).count() == tasks.count()
    assert tasks.filter(plan__standard="tsg_t5002_half_month").count() >= 6 * 24
    assert tasks.filter(plan__standard="gb25201_daily").count() == 365
    overdue = MaintenanceTask.objects.filter(site=site, status=TaskStatus.OVERDUE)
    if timezone.localdate().timetuple().tm_yday > 15:  # this year has tasks to fall behind on
        assert overdue.count() == 3


def assert_report(site) -> None:
    """The same figures through the annual report's metric registry."""
    for year, stated in ((2006, SEED_2006), (2005, STATED_2005)):
        wanted = {f"facilities.run_shifts.{system}": n for system, n in stated.items()}
        wanted["facilities.equipment_accidents"] = 1 if year == 2005 else 0
        start, end = year_bounds(year)
        values = compute(site_ids=[site.pk], start=start, end=end)
        assert {key: values[key] for key in wanted} == wanted


def test_the_demo_reproduces_the_seed_from_rows(compound):
    """One load of the demo (it is large), every check on it."""
    assert_run_logs(compound.site)
    assert_report(compound.site)
    assert_registry(compound.site, timezone.localdate())
    assert_work_orders(compound.site, compound.users["tech"])
    assert_maintenance(compound.site)
