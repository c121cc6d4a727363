"""The procurement rules read as data: day counting (calendar or working days, 调休 included),
the threshold and time limits in force on a date, the stages a project passes and the window in
which its next stage may be recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from houqin.procurement.choices import Bound, DayKind, Method, Stage, ThresholdKind
from houqin.procurement.models import Jurisdiction, Project, Threshold, TimeLimit
from houqin.utils.workdays import calendar_day

NO_NOTICE = {Method.NEGOTIATION, Method.CONSULTATION, Method.QUOTATION}
# A loop guard: no legal period runs for more than a few hundred working days.
MAX_SCAN_DAYS = 3660


def day_after(start: date, days: int, day_kind: str) -> date:
    """The day ``days`` calendar days after ``start``, or the ``days``-th working day after it
    (调休 Saturdays count, public holidays do not)."""
    if day_kind != DayKind.WORKING:
        return start + timedelta(days=days)
    day, counted = start, 0
    for _step in range(MAX_SCAN_DAYS):
        if counted >= days:
            return day
        day += timedelta(days=1)
        counted += calendar_day(day).is_workday
    raise ValueError("working-day count out of range")


def _in_force(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def threshold_in_force(
    *, jurisdiction: Jurisdiction, kind: str, object_type: str, on: date
) -> Threshold | None:
    """The threshold row of ``jurisdiction`` valid on ``on``, else its parent's (and so on)."""
    seen: set[int] = set()
    current = jurisdiction
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        row = (
            Threshold.objects.filter(jurisdiction=current, kind=kind, object_type=object_type)
            .filter(_in_force(on))
            .order_by("-valid_from", "-pk")
            .first()
        )
        if row is not None:
            return row
        current = current.parent
    return None


def limits_in_force(*, method: str, to_stage: str, on: date) -> list[TimeLimit]:
    """The time limits in force on ``on`` that lead to ``to_stage`` under ``method``."""
    rows = TimeLimit.objects.filter(to_stage=to_stage).filter(_in_force(on)).order_by("code")
    return [row for row in rows if row.applies_to(method)]


def _request_date(project: Project) -> date:
    return timezone.localdate(project.created_at)


def _has_intention(project: Project, on: date) -> bool:
    """Whether an intention-publication rule is in force for the method on the request date."""
    rows = TimeLimit.objects.filter(from_stage=Stage.INTENTION).filter(_in_force(on))
    return any(row.applies_to(project.method) for row in rows)


def _needs_publicity(project: Project, on: date) -> bool:
    row = threshold_in_force(
        jurisdiction=project.jurisdiction,
        kind=ThresholdKind.PUBLIC_TENDER,
        object_type=project.object_type,
        on=on,
    )
    return row is not None and project.budget_yuan >= row.amount_yuan


def stage_plan(project: Project) -> list[str]:
    """The stages ``project`` passes, in order, by its method."""
    S = Stage
    tail = [S.CONFIRMED, S.AWARDED, S.CONTRACTED, S.CONTRACT_PUBLISHED, S.ACCEPTED, S.PAID]
    if project.method == Method.EMERGENCY:
        return [S.REQUESTED, S.APPROVED, S.CONFIRMED, S.CONTRACTED, *tail[3:]]
    on = _request_date(project)
    head = [S.REQUESTED, S.APPROVED] + ([S.INTENTION] if _has_intention(project, on) else [])
    if project.method == Method.SINGLE_SOURCE:
        publicity = [S.SINGLE_SOURCE_PUBLICITY] if _needs_publicity(project, on) else []
        return [*head, *publicity, S.EVALUATED, *tail]
    notice = [] if project.method in NO_NOTICE else [S.ANNOUNCED]
    return [*head, *notice, S.DOCUMENTS_ISSUED, S.OPENED, S.EVALUATED, *tail]


@dataclass
class Window:
    """When a stage may be recorded: not before ``earliest``, due by ``latest`` (each ``None``
    when no rule binds), and the rules with the date each one gives."""

    earliest: date | None = None
    latest: date | None = None
    rules: list[tuple[TimeLimit, date]] = field(default_factory=list)


def stage_dates(project: Project) -> dict[str, date]:
    """The local date of each stage already recorded for ``project``."""
    return {
        row.stage: timezone.localdate(row.at) for row in project.stages.only("stage", "at", "pk")
    }


def applicable_limits(project: Project, stage: str, on: date) -> list[TimeLimit]:
    """The limits in force on ``on`` into ``stage`` whose starting stage is in the plan."""
    plan = set(stage_plan(project))
    return [
        row
        for row in limits_in_force(method=project.method, to_stage=stage, on=on)
        if row.from_stage in plan
    ]


def stage_window(project: Project, stage: str, *, on: date | None = None) -> Window:
    """What the page shows next to ``stage``: "not before …" and "due by …", from the stages
    already recorded (a rule whose starting stage is not recorded yet gives no date)."""
    on = on or timezone.localdate()
    reached = stage_dates(project)
    window = Window()
    for rule in applicable_limits(project, stage, on):
        start = reached.get(rule.from_stage)
        if start is None:
            continue
        limit = day_after(start, rule.days, rule.day_kind)
        window.rules.append((rule, limit))
        if rule.bound == Bound.AT_LEAST:
            window.earliest = max(filter(None, [window.earliest, limit]))
        else:
            window.latest = min(filter(None, [window.latest, limit]))
    return window
