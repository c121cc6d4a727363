"""Reads of the maintenance subject: a plan's health (next due date or why it generates
nothing), the home-page cards and the figures of the annual report."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at
from houqin.facilities import schedule
from houqin.facilities.choices import (
    OPEN_TASK_STATUSES,
    EquipmentStatus,
    Recurrence,
    TaskStatus,
)
from houqin.facilities.models import MaintenanceTask

_LIVE = Q(tasks__voided_at__isnull=True)


def with_next_due(plans):
    """Plans annotated with ``next_due``: the earliest due date of their open tasks."""
    return plans.annotate(
        next_due=Min("tasks__due_on", filter=_LIVE & Q(tasks__status__in=OPEN_TASK_STATUSES))
    )


def plan_problem(plan, today: date | None = None) -> str:
    """Why an active plan annotated by ``with_next_due`` generates nothing ("" if it does)."""
    today = today or timezone.localdate()
    if not plan.is_active:
        return ""
    if plan.equipment.status == EquipmentStatus.RETIRED:
        return _("The unit is retired.")
    if plan.end_on is not None and plan.end_on < today:
        return _("The last date has passed.")
    if plan.next_due is not None or plan.recurrence == Recurrence.METER:
        return ""
    upcoming = next_by_rule(plan, today)
    if upcoming is None:
        return _("No open or future task.")
    return ""


def next_by_rule(plan, today: date) -> date | None:
    """For a plan on fixed dates between occurrences (e.g. a yearly one after this year's is
    done): the due date of its next rule date, if before its last date."""
    if plan.recurrence != Recurrence.FIXED:
        return None
    rule = schedule.Rule(plan.interval, plan.interval_unit, plan.holiday_rule)
    day, due = schedule.first_after(plan.start_on, rule, after=today)
    return due if plan.end_on is None or day <= plan.end_on else None


def plan_health(plan, today: date | None = None) -> str:
    """The list's health text of a plan: its next due date, or why it generates nothing."""
    today = today or timezone.localdate()
    problem = plan_problem(plan, today)
    if problem:
        return _("Not generating: %(reason)s") % {"reason": problem}
    if not plan.is_active:
        return _("inactive")
    upcoming = plan.next_due or next_by_rule(plan, today)
    if upcoming is None:
        return _("waiting for the meter reading")
    return _("next due %(date)s") % {"date": upcoming.isoformat()}


def plan_next_due(plan) -> date | None:
    """The earliest due date of a plan's open tasks (one query)."""
    return plan.tasks.filter(voided_at__isnull=True, status__in=OPEN_TASK_STATUSES).aggregate(
        d=Min("due_on")
    )["d"]


def task_is_overdue(task, today: date | None = None) -> bool:
    """Open and past its due date (even before the nightly run marks it)."""
    today = today or timezone.localdate()
    return (
        task.voided_at is None
        and task.status in OPEN_TASK_STATUSES
        and (task.status == TaskStatus.OVERDUE or task.due_on < today)
    )


def task_counts(tasks, today: date) -> dict:
    """Overdue tasks and tasks due this week (through Sunday), in one aggregate query."""
    week_end = today + timedelta(days=6 - today.weekday())
    open_ = Q(voided_at__isnull=True, status__in=OPEN_TASK_STATUSES)
    return tasks.aggregate(
        overdue=Count("pk", filter=open_ & Q(due_on__lt=today)),
        this_week=Count("pk", filter=open_ & Q(due_on__gte=today, due_on__lte=week_end)),
    )


def dashboard_cards(request) -> list:
    """Overdue maintenance and maintenance due this week, for users who see tasks."""
    user = request.user
    if not has_perm_at(user, "facilities.view_maintenancetask", getattr(request.site, "pk", None)):
        return []
    today = timezone.localdate()
    counts = task_counts(MaintenanceTask.objects.restrict(user, "view").in_scope(request), today)
    url = reverse("facilities:maintenancetask_list")
    return [
        Card(
            _("Maintenance overdue"),
            counts["overdue"],
            url + "?overdue=true",
            "wrench-adjustable",
            "danger" if counts["overdue"] else "secondary",
        ),
        Card(
            _("Maintenance due this week"),
            counts["this_week"],
            url + "?due_week=true",
            "calendar-week",
            "warning" if counts["this_week"] else "secondary",
        ),
    ]


def maintenance_figures(*, site_ids, start: datetime, end: datetime) -> dict:
    """Of the non-void tasks due in [start, end) (aware datetimes; the dates in the compound's
    time zone): how many, how many done on or before their due date; and how many tasks were
    done in the period (one query each)."""
    tasks = MaintenanceTask.objects.filter(voided_at__isnull=True)
    if site_ids is not None:
        tasks = tasks.filter(site_id__in=site_ids)
    due = (
        tasks.filter(due_on__gte=timezone.localdate(start), due_on__lt=timezone.localdate(end))
        .annotate(done_on=TruncDate("done_at"))  # in the compound's time zone
        .aggregate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(status=TaskStatus.DONE, done_on__lte=F("due_on"))),
        )
    )
    done = tasks.filter(status=TaskStatus.DONE, done_at__gte=start, done_at__lt=end).count()
    return {**due, "done": done}
