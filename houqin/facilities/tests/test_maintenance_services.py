"""Maintenance services: generation over a year (dates stated), idempotency, after-done and meter
recurrence, reminders and escalation sent once, completion with checks and a repair order."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from houqin.core.models import Event, Notification
from houqin.facilities.choices import (
    EquipmentStatus,
    HolidayRule,
    IntervalUnit,
    MaintenanceStandard,
    Recurrence,
    TaskStatus,
)
from houqin.facilities.models import MaintenancePlan, MaintenanceTask, MeterReading, WorkOrder
from houqin.facilities.services import maintenance as svc

pytestmark = pytest.mark.usefixtures("english")


def make_plan(unit, *, items=("检查制动器", "润滑导轨"), by=None, **fields) -> MaintenancePlan:
    """A saved plan on ``unit`` (monthly from 2026-01-31 unless told otherwise)."""
    values = {
        "name": "月度保养",
        "start_on": date(2026, 1, 31),
        "interval": 1,
        "interval_unit": IntervalUnit.MONTH,
        **fields,
    }
    plan = MaintenancePlan(site=unit.site, equipment=unit, **values)
    return svc.plan_save(plan=plan, by=by, items=list(items))


def _local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def _dues(plan):
    return list(plan.tasks.order_by("scheduled_on").values_list("scheduled_on", "due_on"))


def test_monthly_plan_over_a_year_later_rule(plant):
    plan = make_plan(plant.chiller, holiday_rule=HolidayRule.LATER)
    result = svc.tasks_generate(today=date(2026, 12, 1))
    assert result.created[plan.pk] == 12  # 2026-01-31 .. 2026-12-31 (horizon 31 days)
    dues = dict(_dues(plan))
    assert dues[date(2026, 1, 31)] == date(2026, 2, 2)  # Saturday → Monday
    assert dues[date(2026, 2, 28)] == date(2026, 2, 28)  # 调休 working Saturday
    assert dues[date(2026, 3, 31)] == date(2026, 3, 31)
    assert dues[date(2026, 4, 30)] == date(2026, 4, 30)
    assert dues[date(2026, 5, 31)] == date(2026, 6, 1)
    assert dues[date(2026, 10, 31)] == date(2026, 11, 2)
    task = plan.tasks.get(scheduled_on=date(2026, 3, 31))
    assert task.number.startswith("WB-2026-")
    assert list(task.checks.values_list("text", flat=True)) == ["检查制动器", "润滑导轨"]
    plan.refresh_from_db()
    assert plan.generated_through == date(2027, 1, 1)


def test_lift_half_monthly_standard_fills_rule_and_moves_before_national_day(plant):
    plan = make_plan(
        plant.lift,
        standard=MaintenanceStandard.LIFT_HALF_MONTH,
        start_on=date(2026, 9, 1),
        interval=3,  # overridden by the standard
    )
    assert (plan.interval, plan.interval_unit, plan.holiday_rule) == (15, "day", "earlier")
    svc.tasks_generate(today=date(2026, 9, 30))
    assert _dues(plan) == [
        (date(2026, 9, 1), date(2026, 9, 1)),
        (date(2026, 9, 16), date(2026, 9, 16)),
        (date(2026, 10, 1), date(2026, 9, 30)),
        (date(2026, 10, 15), date(2026, 10, 15)),  # 15 days after the visit of 30 September
        (date(2026, 10, 30), date(2026, 10, 30)),
    ]


def test_yearly_plan_from_leap_day(plant):
    plan = make_plan(
        plant.switchgear, start_on=date(2024, 2, 29), interval=1, interval_unit=IntervalUnit.YEAR
    )
    svc.tasks_generate(today=date(2028, 2, 1))
    assert [s for s, _ in _dues(plan)] == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]


def test_generation_is_idempotent(plant):
    plan = make_plan(plant.chiller)
    first = svc.tasks_generate(today=date(2026, 6, 1))
    rows = list(MaintenanceTask.objects.values_list("pk", "number", "scheduled_on"))
    second = svc.tasks_generate(today=date(2026, 6, 1))
    assert first.created[plan.pk] == 6 and second.created[plan.pk] == 0
    assert list(MaintenanceTask.objects.values_list("pk", "number", "scheduled_on")) == rows
    assert Event.objects.filter(verb="plan_generate").count() == 1


def test_after_done_counts_from_the_completion(plant, tech):
    plan = make_plan(plant.pump, recurrence=Recurrence.AFTER_DONE, start_on=date(2026, 3, 2))
    svc.tasks_generate(today=date(2026, 3, 1))
    svc.tasks_generate(today=date(2026, 6, 1))
    [task] = plan.tasks.all()
    assert task.scheduled_on == date(2026, 3, 2)
    results = {c.pk: (True, "") for c in task.checks.all()}
    svc.task_complete(task=task, by=tech, results=results, done_at=_local(2026, 3, 20, 10))
    nxt = plan.tasks.exclude(pk=task.pk).get()
    assert (nxt.scheduled_on, nxt.due_on) == (date(2026, 4, 20), date(2026, 4, 20))
    assert svc.tasks_generate(today=date(2026, 6, 1)).created[plan.pk] == 0


def test_meter_plan_waits_for_the_reading(plant, tech):
    plan = make_plan(
        plant.chiller,
        recurrence=Recurrence.METER,
        meter_interval=Decimal("500"),
        start_on=date(2026, 1, 1),
        lead_days=5,
    )
    unit = plant.chiller

    def read(value, day):
        MeterReading.objects.create(
            site=unit.site, equipment=unit, value=Decimal(value), read_at=_local(2026, 1, day, 8)
        )

    result = svc.tasks_generate(today=date(2026, 1, 2))
    assert result.not_generating[plan.pk] == "The unit has no meter reading yet."
    read("1000", 2)
    read("1400", 10)
    assert svc.tasks_generate(today=date(2026, 1, 10)).created[plan.pk] == 0
    read("1455", 12)  # within the 10 % margin of 1500
    assert svc.tasks_generate(today=date(2026, 1, 12)).created[plan.pk] == 1
    assert svc.tasks_generate(today=date(2026, 1, 12)).created[plan.pk] == 0
    task = plan.tasks.get()
    assert (task.meter_due, task.scheduled_on, task.due_on) == (
        Decimal("1500"),
        date(2026, 1, 12),
        date(2026, 1, 17),
    )


def test_plans_not_generating_are_reported(plant):
    retired = make_plan(plant.pump, name="退役")
    plant.pump.status = EquipmentStatus.RETIRED
    plant.pump.save(update_fields=["status"])
    ended = make_plan(plant.chiller, name="已结束", end_on=date(2026, 3, 31))
    result = svc.tasks_generate(today=date(2026, 6, 1))
    assert result.not_generating[retired.pk] == "The unit is retired."
    assert result.not_generating[ended.pk] == "The last date has passed."
    assert not retired.tasks.exists()


def test_one_failing_plan_does_not_stop_the_others(plant, fm, monkeypatch):
    bad = make_plan(plant.pump, name="坏")
    good = make_plan(plant.chiller, name="好")
    real = svc._fixed_occurrences

    def boom(plan, today):
        if plan.pk == bad.pk:
            raise RuntimeError("broken plan")
        return real(plan, today)

    monkeypatch.setattr(svc, "_fixed_occurrences", boom)
    result = svc.tasks_generate(today=date(2026, 3, 1))
    assert result.errors == {bad.pk: "broken plan"}
    assert result.created[good.pk] == 3
    assert Notification.objects.filter(recipient=fm, level="danger").count() == 1


def test_reminder_overdue_and_escalation_are_sent_once(plant, tech, fm, personas):
    person = tech.person
    plan = make_plan(
        plant.chiller,
        start_on=date(2026, 3, 10),
        lead_days=3,
        escalate_days=2,
        assignee=person,
        end_on=date(2026, 3, 31),
    )
    svc.tasks_generate(today=date(2026, 3, 1))
    task = plan.tasks.get()
    assert svc.tasks_update_status(today=date(2026, 3, 6)).due == 0
    first = svc.tasks_update_status(today=date(2026, 3, 7))
    assert (first.due, first.reminded) == (1, 1)
    assert svc.tasks_update_status(today=date(2026, 3, 8)).reminded == 0
    assert Notification.objects.filter(recipient=tech).count() == 1
    assert Notification.objects.filter(recipient=fm).count() == 1
    late = svc.tasks_update_status(today=date(2026, 3, 11))
    assert (late.overdue, late.escalated) == (1, 0)
    task.refresh_from_db()
    assert task.status == TaskStatus.OVERDUE
    assert svc.tasks_update_status(today=date(2026, 3, 12)).escalated == 1
    assert svc.tasks_update_status(today=date(2026, 3, 13)).escalated == 0
    assert Notification.objects.filter(recipient=personas.leader).count() == 1
    assert Event.objects.filter(verb="task_overdue").count() == 1


def test_complete_requires_every_check_and_opens_a_repair(plant, tech):
    plan = make_plan(plant.chiller, start_on=date(2026, 3, 10))
    svc.tasks_generate(today=date(2026, 3, 1))
    task = plan.tasks.get()
    first, second = task.checks.all()
    with pytest.raises(ValidationError, match="Answer every check item"):
        svc.task_complete(task=task, by=tech, results={first.pk: (True, "")})
    with pytest.raises(ValidationError, match="future"):
        svc.task_complete(
            task=task,
            by=tech,
            results={first.pk: (True, ""), second.pk: (True, "")},
            done_at=timezone.now() + timedelta(days=1),
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.SCHEDULED
    svc.task_complete(
        task=task,
        by=tech,
        results={first.pk: (True, ""), second.pk: (False, "导轨磨损")},
        result="完成，导轨需更换",
        open_work_order=True,
    )
    task.refresh_from_db()
    assert (task.status, task.done_by, task.result) == ("done", tech, "完成，导轨需更换")
    order = WorkOrder.objects.get(maintenance_task=task)
    assert order.source == "maintenance" and "导轨磨损" in order.description
    with pytest.raises(ValidationError, match="already done"):
        svc.task_complete(task=task, by=tech, results={})


def test_plan_save_checks_input(plant, other_plant):
    with pytest.raises(ValidationError, match="meter interval"):
        make_plan(plant.chiller, recurrence=Recurrence.METER)
    with pytest.raises(ValidationError, match="before the first date"):
        make_plan(plant.chiller, end_on=date(2026, 1, 1))
    plan = MaintenancePlan(
        site=plant.site, equipment=other_plant.chiller, name="x", start_on=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError):
        svc.plan_save(plan=plan, by=None, items=[])
    assert not MaintenancePlan.objects.exists()


def test_command_prints_counts(plant, capsys):
    make_plan(plant.chiller)
    call_command("plan-maintenance", "--today", "2026-03-01")
    out = capsys.readouterr().out
    assert "Generated 3 tasks for 1 plans." in out and "overdue 2" in out


def test_yearly_plan_between_occurrences_is_healthy(plant, tech):
    plan = make_plan(
        plant.switchgear, start_on=date(2026, 2, 28), interval=1, interval_unit=IntervalUnit.YEAR
    )
    svc.tasks_generate(today=date(2026, 3, 1))
    task = plan.tasks.get()
    results = {c.pk: (True, "") for c in task.checks.all()}
    svc.task_complete(task=task, by=tech, results=results, done_at=_local(2026, 3, 1, 9))
    result = svc.tasks_generate(today=date(2026, 6, 1))
    assert result.created[plan.pk] == 0 and plan.pk not in result.not_generating


def test_after_done_plan_with_its_task_voided_is_reported(plant, fm):
    plan = make_plan(plant.pump, recurrence=Recurrence.AFTER_DONE, start_on=date(2026, 3, 2))
    svc.tasks_generate(today=date(2026, 3, 1))
    svc.task_void(task=plan.tasks.get(), by=fm, reason="录错")
    result = svc.tasks_generate(today=date(2026, 3, 3))
    # the voided occurrence is skipped: the next rule date is generated instead
    assert result.created[plan.pk] == 1
    assert plan.tasks.filter(voided_at__isnull=True).get().scheduled_on == date(2026, 4, 2)
