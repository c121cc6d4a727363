"""Preventive maintenance: saving plans, generating their tasks on the server (idempotently, by
the database's unique constraints), moving tasks through due soon → overdue with reminders and
escalation, and recording the work done."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import past_moment, same_site
from houqin.core.permissions import role_holders
from houqin.core.roles import FACILITIES_MANAGER, LEADERSHIP
from houqin.facilities import schedule
from houqin.facilities.choices import (
    OPEN_TASK_STATUSES,
    EquipmentStatus,
    Recurrence,
    TaskStatus,
    WorkOrderSource,
)
from houqin.facilities.models import (
    MaintenancePlan,
    MaintenanceTask,
    MeterReading,
    PlanItem,
    TaskCheck,
)
from houqin.facilities.queries import maintenance as queries

log = logging.getLogger(__name__)

# A meter task is raised this share of the interval before the reading is reached, so the work
# can be planned (e.g. at 450 h of a 500 h interval).
METER_MARGIN = Decimal("0.1")
# Bounds that keep every date a plan can produce far inside the calendar (year 9999).
MAX_INTERVAL = 1000
MAX_PLAN_DAYS = 366
PLAN_FIRST_DAY, PLAN_LAST_DAY = date(1950, 1, 1), date(2999, 12, 31)

PLAN_FIELDS = (
    "equipment",
    "name",
    "standard",
    "recurrence",
    "interval",
    "interval_unit",
    "meter_interval",
    "start_on",
    "end_on",
    "holiday_rule",
    "lead_days",
    "escalate_days",
    "assignee",
    "contractor",
    "is_active",
)


def plan_rule(plan: MaintenancePlan) -> schedule.Rule:
    """The schedule rule of a plan (a standard's own rule when it follows one)."""
    return schedule.STANDARD_RULES.get(plan.standard) or schedule.Rule(
        plan.interval, plan.interval_unit, plan.holiday_rule
    )


def horizon(today: date) -> date:
    """The last date tasks are generated for."""
    return today + timedelta(days=settings.HOUQIN_MAINTENANCE_HORIZON_DAYS)


# Plans -----------------------------------------------------------------------------------------


def plan_save(*, plan: MaintenancePlan, by, items: list[str]) -> MaintenancePlan:
    """Create or change a plan and replace its checklist with ``items`` (in order).

    A standard fixes the interval and the rest-day rule (TSG T5002, GB 25201; see
    ``schedule.STANDARD_RULES``)."""
    rule = schedule.STANDARD_RULES.get(plan.standard)
    if rule is not None:
        plan.interval, plan.interval_unit, plan.holiday_rule = (
            rule.interval,
            rule.unit,
            rule.holiday_rule,
        )
    _check_plan(plan)
    texts = [t.strip() for t in items if t and t.strip()]
    with transaction.atomic():
        _save_changed(plan)
        _replace_items(plan, texts)
    return plan


def _check_plan(plan: MaintenancePlan) -> None:
    same_site(plan.site, plan.equipment, field="equipment")
    same_site(plan.site, plan.assignee, field="assignee")
    same_site(plan.site, plan.contractor, field="contractor")
    if plan.recurrence == Recurrence.METER and not (plan.meter_interval or 0) > 0:
        raise ValidationError({"meter_interval": _("Give the meter interval, e.g. 500 hours.")})
    if plan.end_on is not None and plan.end_on < plan.start_on:
        raise ValidationError({"end_on": _("The last date is before the first date.")})
    if plan.interval < 1:
        raise ValidationError({"interval": _("The interval must be at least 1.")})
    _check_plan_bounds(plan)


def _check_plan_bounds(plan: MaintenancePlan) -> None:
    """Refuse numbers and dates the schedule cannot count with (dates past year 9999)."""
    if plan.interval > MAX_INTERVAL:
        raise ValidationError(
            {"interval": _("The interval must be at most %(max)d.") % {"max": MAX_INTERVAL}}
        )
    for name in ("lead_days", "escalate_days"):
        if not 0 <= getattr(plan, name) <= MAX_PLAN_DAYS:
            raise ValidationError(
                {name: _("Enter a number of days from 0 to %(max)d.") % {"max": MAX_PLAN_DAYS}}
            )
    for name in ("start_on", "end_on"):
        day = getattr(plan, name)
        if day is not None and not PLAN_FIRST_DAY <= day <= PLAN_LAST_DAY:
            raise ValidationError(
                {
                    name: _("Enter a date between %(first)s and %(last)s.")
                    % {"first": PLAN_FIRST_DAY, "last": PLAN_LAST_DAY}
                }
            )


def _save_changed(plan: MaintenancePlan) -> None:
    if plan.pk is None:
        plan.full_clean(exclude=["site"])
        plan.save()
        return
    before = MaintenancePlan.objects.get(pk=plan.pk)
    changed = [
        f.attname
        for f in (plan._meta.get_field(n) for n in PLAN_FIELDS)
        if getattr(before, f.attname) != getattr(plan, f.attname)
    ]
    if changed:
        plan.full_clean(exclude=["site"])
        plan.save(update_fields=changed)


def _replace_items(plan: MaintenancePlan, texts: list[str]) -> None:
    current = list(plan.items.values_list("text", flat=True))
    if current == texts:
        return
    plan.items.all().delete()
    PlanItem.objects.bulk_create(
        PlanItem(site_id=plan.site_id, plan=plan, text=text[:200], position=i)
        for i, text in enumerate(texts, start=1)
    )


# Generation ------------------------------------------------------------------------------------


@dataclass
class GenerationResult:
    """What one generation run did, per plan: tasks created, plans not generating (with the
    reason) and plans that failed (with the error)."""

    created: dict[int, int] = field(default_factory=dict)
    not_generating: dict[int, str] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def tasks_generate(*, today: date, site=None) -> GenerationResult:
    """Create the missing tasks of every active plan (of ``site``, or all sites).

    Running it twice creates nothing twice: existing occurrences are skipped and the unique
    constraints (plan + rule date, plan + meter reading) refuse any duplicate. A plan that fails
    is reported and its site's facilities managers told; the other plans go on."""
    result = GenerationResult()
    plans = MaintenancePlan.objects.filter(is_active=True).select_related("equipment", "site")
    if site is not None:
        plans = plans.filter(site=site)
    for plan in plans:
        result.names[plan.pk] = f"{plan.equipment.code} {plan.name}"
        try:
            with transaction.atomic():
                result.created[plan.pk] = plan_generate(plan=plan, today=today)
        except Exception as exc:  # one plan's failure must not stop the others
            log.exception("maintenance plan %s failed to generate", plan.pk)
            result.errors[plan.pk] = str(exc) or exc.__class__.__name__
            _tell_managers_failed(plan, str(exc))
            continue
        reason = plan_health(plan=plan, today=today)
        if reason:
            result.not_generating[plan.pk] = reason
    return result


def plan_generate(*, plan: MaintenancePlan, today: date) -> int:
    """Create the missing tasks of one plan up to the horizon; returns how many."""
    if _stopped(plan, today):
        return 0
    if plan.recurrence == Recurrence.FIXED:
        wanted = _fixed_occurrences(plan, today)
    elif plan.recurrence == Recurrence.AFTER_DONE:
        wanted = _after_done_occurrence(plan, today)
    else:
        wanted = _meter_occurrence(plan, today)
    count = _create_tasks(plan, wanted, today)
    through = horizon(today)
    if plan.generated_through != through:
        plan.generated_through = through
        plan.save(update_fields=["generated_through"])
    return count


def _stopped(plan: MaintenancePlan, today: date) -> bool:
    return plan.equipment.status == EquipmentStatus.RETIRED or (
        plan.end_on is not None and plan.end_on < today
    )


def _fixed_occurrences(plan, today) -> list[tuple[date, date, Decimal | None]]:
    through = horizon(today) if plan.end_on is None else min(horizon(today), plan.end_on)
    existing = set(plan.tasks.values_list("scheduled_on", flat=True))
    return [
        (day, due, None)
        for day in schedule.rule_dates(plan.start_on, plan_rule(plan), through=through)
        if day not in existing
        for due in [schedule.move_off_rest_day(day, plan.holiday_rule)]
    ]


def _open_tasks(plan):
    return plan.tasks.filter(voided_at__isnull=True, status__in=OPEN_TASK_STATUSES)


def _after_done_occurrence(plan, today) -> list[tuple[date, date, Decimal | None]]:
    """One open task at a time; the next rule date counts from the last completion."""
    if _open_tasks(plan).exists():
        return []
    last = plan.tasks.filter(voided_at__isnull=True, status=TaskStatus.DONE).aggregate(
        at=Max("done_at")
    )["at"]
    existing = set(plan.tasks.values_list("scheduled_on", flat=True))
    if last is None:
        day, due = plan.start_on, schedule.move_off_rest_day(plan.start_on, plan.holiday_rule)
    else:
        day, due = schedule.next_after(timezone.localdate(last), plan_rule(plan))
    while day in existing:  # a voided occurrence: take the next rule date
        day, due = schedule.next_after(day, plan_rule(plan))
    if plan.end_on is not None and day > plan.end_on:
        return []
    return [(day, due, None)]


def _meter_occurrence(plan, today) -> list[tuple[date, date, Decimal | None]]:
    """A task when the unit's latest reading comes within the margin of the next due reading."""
    if _open_tasks(plan).exists():
        return []
    readings = MeterReading.objects.filter(equipment_id=plan.equipment_id)
    latest = readings.order_by("-read_at", "-pk").values_list("value", flat=True).first()
    base = _meter_base(plan, readings)
    if latest is None or base is None:
        return []
    due_reading = base + plan.meter_interval
    if latest < due_reading - plan.meter_interval * METER_MARGIN:
        return []
    if plan.tasks.filter(meter_due=due_reading).exists():
        return []
    day = today
    existing = set(plan.tasks.values_list("scheduled_on", flat=True))
    while day in existing:  # a second meter task on one day keeps the date unique
        day += timedelta(days=1)
    return [(day, today + timedelta(days=plan.lead_days), due_reading)]


def _meter_base(plan, readings) -> Decimal | None:
    """The reading the next interval counts from: at the last completion, else the plan's
    first reading (the first on or after its first date)."""
    done = (
        plan.tasks.filter(voided_at__isnull=True, status=TaskStatus.DONE)
        .order_by("-done_at")
        .values_list("done_at", "meter_due")
        .first()
    )
    if done is not None:
        at_done = (
            readings.filter(read_at__lte=done[0])
            .order_by("-read_at")
            .values_list("value", flat=True)
        ).first()
        return at_done if at_done is not None else done[1]
    start = timezone.make_aware(datetime.combine(plan.start_on, datetime.min.time()))
    first = readings.filter(read_at__gte=start).order_by("read_at").values_list("value", flat=True)
    return first.first()


def _create_tasks(plan, wanted, today: date) -> int:
    """Insert the tasks (numbered in one reservation) and copy the checklist onto each."""
    if not wanted:
        return 0
    numbers = core.next_numbers(
        site=plan.site, prefix=MaintenanceTask.number_prefix, year=today.year, count=len(wanted)
    )
    tasks = MaintenanceTask.objects.bulk_create(
        MaintenanceTask(
            site_id=plan.site_id,
            number=number,
            plan=plan,
            equipment_id=plan.equipment_id,
            scheduled_on=day,
            due_on=due,
            meter_due=meter_due,
            assignee_id=plan.assignee_id,
        )
        for number, (day, due, meter_due) in zip(numbers, wanted, strict=True)
    )
    items = list(plan.items.values_list("text", "position"))
    TaskCheck.objects.bulk_create(
        TaskCheck(site_id=plan.site_id, task=task, text=text, position=position)
        for task in tasks
        for text, position in items
    )
    core.event_record(
        site=plan.site,
        verb="plan_generate",
        target=plan,
        detail=_("%(n)d tasks") % {"n": len(tasks)},
    )
    return len(tasks)


def plan_health(*, plan: MaintenancePlan, today: date) -> str:
    """Why an active plan generates nothing ("" when it is healthy): its unit is retired, its
    last date passed, a meter plan's unit has no reading, or it has no open or future task."""
    if (
        plan.recurrence == Recurrence.METER
        and plan.equipment.status != EquipmentStatus.RETIRED
        and not MeterReading.objects.filter(equipment_id=plan.equipment_id).exists()
    ):
        return _("The unit has no meter reading yet.")
    plan.next_due = queries.plan_next_due(plan)
    return queries.plan_problem(plan, today)


def _tell_managers_failed(plan: MaintenancePlan, error: str) -> None:
    core.notify(
        site=plan.site,
        recipients=list(role_holders(site_id=plan.site_id, roles=[FACILITIES_MANAGER])),
        level="danger",
        title=_("Maintenance plan %(name)s could not generate its tasks") % {"name": plan.name},
        body=error[:500],
        url=reverse("facilities:maintenanceplan_detail", kwargs={"pk": plan.pk}),
    )


# Status ----------------------------------------------------------------------------------------


@dataclass
class StatusResult:
    """How many tasks became due soon or overdue, and how many reminders and escalations went
    out in one run."""

    due: int = 0
    overdue: int = 0
    reminded: int = 0
    escalated: int = 0


def tasks_update_status(*, today: date) -> StatusResult:
    """Move open tasks on: scheduled → due soon (within the plan's lead days; one reminder) →
    overdue (due date passed) → escalated once after the plan's escalation days."""
    result = StatusResult()
    with transaction.atomic():
        result.due = _mark_due(today)
        result.overdue = _mark_overdue(today)
        result.reminded = _send_reminders()
        result.escalated = _escalate(today)
    return result


def _open_qs():
    return MaintenanceTask.objects.filter(voided_at__isnull=True)


def _mark_due(today: date) -> int:
    lead = MaintenancePlan.objects.aggregate(m=Max("lead_days"))["m"] or 0
    candidates = _open_qs().filter(
        status=TaskStatus.SCHEDULED, due_on__gte=today, due_on__lte=today + timedelta(days=lead)
    )
    ids = [
        pk
        for pk, due_on, lead_days in candidates.values_list("pk", "due_on", "plan__lead_days")
        if due_on - timedelta(days=lead_days) <= today
    ]
    return MaintenanceTask.objects.filter(pk__in=ids).update(status=TaskStatus.DUE)


def _mark_overdue(today: date) -> int:
    late = list(
        _open_qs()
        .filter(status__in=[TaskStatus.SCHEDULED, TaskStatus.DUE], due_on__lt=today)
        .select_related("site")
    )
    MaintenanceTask.objects.filter(pk__in=[t.pk for t in late]).update(status=TaskStatus.OVERDUE)
    for task in late:
        core.event_record(site=task.site, verb="task_overdue", target=task, detail=str(task.due_on))
    return len(late)


def _send_reminders() -> int:
    """One reminder per task, to its assignee's account and the site's facilities managers."""
    tasks = list(
        _open_qs()
        .filter(status__in=[TaskStatus.DUE, TaskStatus.OVERDUE], reminded_at__isnull=True)
        .select_related("site", "plan", "equipment", "assignee__user")
    )
    managers = _holders([t.site_id for t in tasks], [FACILITIES_MANAGER])
    for task in tasks:
        user = getattr(task.assignee, "user", None) if task.assignee_id else None
        core.notify(
            site=task.site,
            recipients=[*managers.get(task.site_id, []), *([user] if user else [])],
            title=_("Maintenance %(number)s is due on %(date)s")
            % {"number": task.number, "date": task.due_on.isoformat()},
            body=f"{task.equipment} · {task.plan.name}",
            url=task.get_absolute_url(),
        )
        core.event_record(site=task.site, verb="task_reminded", target=task)
    MaintenanceTask.objects.filter(pk__in=[t.pk for t in tasks]).update(reminded_at=timezone.now())
    return len(tasks)


def _escalate(today: date) -> int:
    """Tell the facilities managers and leadership once about tasks long overdue."""
    overdue = _open_qs().filter(status=TaskStatus.OVERDUE, escalated_at__isnull=True)
    tasks = [
        t
        for t in overdue.select_related("site", "plan", "equipment")
        if (today - t.due_on).days >= t.plan.escalate_days
    ]
    holders = _holders([t.site_id for t in tasks], [FACILITIES_MANAGER, LEADERSHIP])
    for task in tasks:
        core.notify(
            site=task.site,
            recipients=holders.get(task.site_id, []),
            level="danger",
            title=_("Maintenance %(number)s is %(days)d days overdue")
            % {"number": task.number, "days": (today - task.due_on).days},
            body=f"{task.equipment} · {task.plan.name}",
            url=task.get_absolute_url(),
        )
        core.event_record(site=task.site, verb="task_escalated", target=task)
    MaintenanceTask.objects.filter(pk__in=[t.pk for t in tasks]).update(escalated_at=timezone.now())
    return len(tasks)


def _holders(site_ids: list[int], roles: list[str]) -> dict[int, list]:
    return {sid: list(role_holders(site_id=sid, roles=roles)) for sid in set(site_ids)}


# Completion ------------------------------------------------------------------------------------


def task_complete(
    *,
    task: MaintenanceTask,
    by,
    results: dict[int, tuple[bool, str]],
    result: str = "",
    done_at: datetime | None = None,
    open_work_order: bool = False,
) -> MaintenanceTask:
    """Record a task done: every check answered (passed or not, with a note), who and when.

    A failed check with ``open_work_order`` opens a repair work order on the unit. For a plan
    that recurs from the last completion the next task is created at once."""
    _check_completable(task)
    checks = list(task.checks.all())
    _check_results(checks, results)
    moment = past_moment(done_at, field="done_at")
    with transaction.atomic():
        # Lock the row and check again: two people completing at the same moment, one wins.
        fresh = MaintenanceTask.objects.select_for_update().only("status", "voided_at")
        _check_completable(fresh.get(pk=task.pk))
        for check in checks:
            check.passed, note = results[check.pk][0], (results[check.pk][1] or "").strip()
            check.note = note[:200]
        TaskCheck.objects.bulk_update(checks, ["passed", "note"])
        task.status, task.done_at, task.done_by = TaskStatus.DONE, moment, by
        task.result = (result or "").strip()
        task.save(update_fields=["status", "done_at", "done_by", "result"])
        core.event_record(
            site=task.site, verb="task_done", actor=by, target=task, detail=task.result
        )
        failed = [c for c in checks if c.passed is False]
        if failed and open_work_order:
            _open_repair(task, failed, by)
        if task.plan.recurrence != Recurrence.FIXED and task.plan.is_active:
            plan_generate(plan=task.plan, today=timezone.localdate(moment))
    return task


def _check_completable(task: MaintenanceTask) -> None:
    if task.voided_at is not None:
        raise ValidationError(_("This task is void."))
    if task.status == TaskStatus.DONE:
        raise ValidationError(_("This task is already done."))


def _check_results(checks: list[TaskCheck], results: dict) -> None:
    missing = [c.text for c in checks if c.pk not in results or results[c.pk][0] is None]
    if missing:
        raise ValidationError(
            _("Answer every check item: %(items)s") % {"items": "、".join(missing[:5])}
        )
    unknown = set(results) - {c.pk for c in checks}
    if unknown:
        raise ValidationError(_("A check item does not belong to this task."))


def _open_repair(task: MaintenanceTask, failed: list[TaskCheck], by) -> None:
    from houqin.facilities.services.workorders import work_order_open

    lines = "; ".join(f"{c.text}: {c.note}" if c.note else c.text for c in failed)
    work_order_open(
        site=task.site,
        source=WorkOrderSource.MAINTENANCE,
        equipment=task.equipment,
        maintenance_task=task,
        description=_("Failed in maintenance %(number)s: %(checks)s")
        % {"number": task.number, "checks": lines},
        by=by,
    )


def task_void(*, task: MaintenanceTask, by, reason: str) -> None:
    """Void a task (e.g. generated by mistake); it stays on record and stops counting."""
    core.record_void(record=task, by=by, reason=reason)
