"""Shift run logs (台班): the operating shifts of the plant rooms, and recording one shift's logs
for several units at once — readings checked against the category, anomalies that open work
orders, running meters read on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import CLOCK_SKEW, same_site
from houqin.core.models import Person, Site
from houqin.facilities.choices import EquipmentStatus, RunStatus, WorkOrderSource
from houqin.facilities.models import (
    Equipment,
    MeterReading,
    OperatingShift,
    ReadingField,
    RunLog,
)
from houqin.facilities.services.workorders import work_order_open
from houqin.utils.text import strip_controls

FIRST_YEAR = 2000  # older dates are typing mistakes (and would overflow in UTC)


@dataclass
class RunEntry:
    """One unit's log of the shift as entered: readings by field code, status and anomaly."""

    equipment: Equipment
    readings: dict = field(default_factory=dict)
    status: str = RunStatus.NORMAL
    anomaly: str = ""
    is_accident: bool = False
    open_work_order: bool = False


def entry_key(index: int) -> str:
    """The error key of the ``index``-th entry (the page shows it on that unit's card)."""
    return f"entries.{index}"


@transaction.atomic
def operating_shift_save(*, shift: OperatingShift, by) -> OperatingShift:
    """Create or change an operating shift (hours 1–24; a name once per site)."""
    shift.name = strip_controls(shift.name or "").strip()
    if not shift.name:
        raise ValidationError({"name": _("Enter the shift's name.")})
    if not 1 <= (shift.hours or 0) <= 24:
        raise ValidationError({"hours": _("A shift lasts from 1 to 24 hours.")})
    twins = OperatingShift.objects.filter(site=shift.site, name=shift.name).exclude(pk=shift.pk)
    if twins.exists():
        raise ValidationError({"name": _("This site already has a shift of this name.")})
    if shift.pk is None:
        shift.save()
        return shift
    shift.save(update_fields=["name", "start_time", "hours", "position", "is_active"])
    return shift


def shift_bounds(shift: OperatingShift, shift_date: date) -> tuple[datetime, datetime]:
    """The aware start and end of ``shift`` on ``shift_date`` (Asia/Shanghai)."""
    start = timezone.make_aware(datetime.combine(shift_date, shift.start_time))
    return start, start + timedelta(hours=shift.hours)


def current_shift(shifts, at: datetime | None = None) -> tuple[OperatingShift | None, date]:
    """The shift running at ``at`` (now) and its date; a night shift begun yesterday counts."""
    local = timezone.localtime(at or timezone.now())
    for day in (local.date(), local.date() - timedelta(days=1)):
        for shift in shifts:
            start, end = shift_bounds(shift, day)
            if start <= local < end:
                return shift, day
    return (shifts[0] if shifts else None), local.date()


def parse_reading(value) -> Decimal | None:
    """A reading as a finite decimal; None when empty; ValueError when not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite() or abs(number) >= Decimal("1e11"):
        raise ValueError(value)
    return number


def _fmt(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def out_of_range(spec: ReadingField, number: Decimal) -> bool:
    """True if ``number`` lies outside the field's normal range."""
    return (spec.minimum is not None and number < spec.minimum) or (
        spec.maximum is not None and number > spec.maximum
    )


def range_text(spec: ReadingField) -> str:
    """The normal range as read on the screen, e.g. ``5–12 °C``."""
    low = _fmt(spec.minimum) if spec.minimum is not None else "…"
    high = _fmt(spec.maximum) if spec.maximum is not None else "…"
    return f"{low}–{high} {spec.unit}".strip()


def _check_reading(spec: ReadingField, raw, entry: RunEntry) -> tuple[str | None, str | None]:
    """(canonical value, error) of one reading."""
    try:
        number = parse_reading(raw)
    except ValueError:
        return None, _("%(field)s: enter a number.") % {"field": spec.label}
    if number is None:
        missing = _("%(field)s: this reading is required.") % {"field": spec.label}
        return None, missing if spec.is_required else None
    if spec.is_meter and number < 0:
        # A running meter only counts up; a negative reading would corrupt meter-based plans.
        return None, _("%(field)s: a meter reading cannot be negative.") % {"field": spec.label}
    if out_of_range(spec, number) and not (
        entry.status == RunStatus.ABNORMAL and entry.anomaly.strip()
    ):
        return None, _(
            "%(field)s: %(value)s is outside the normal range %(range)s; mark the unit abnormal "
            "and describe the anomaly."
        ) % {"field": spec.label, "value": _fmt(number), "range": range_text(spec)}
    return _fmt(number), None


def _check_readings(entry: RunEntry, specs: list[ReadingField]) -> tuple[dict, list[str]]:
    """The readings in canonical form and the errors found."""
    readings = entry.readings if isinstance(entry.readings, dict) else {}
    known = {spec.code for spec in specs}
    errors = [
        _("Unknown reading %(code)s.") % {"code": str(code)[:30]}
        for code in readings
        if code not in known
    ]
    clean = {}
    for spec in specs:
        value, error = _check_reading(spec, readings.get(spec.code), entry)
        if error:
            errors.append(error)
        elif value is not None:
            clean[spec.code] = value
    return clean, errors


def _check_status(site: Site, entry: RunEntry) -> list[str]:
    """What is wrong with the unit, status, anomaly and flags of an entry."""
    unit, errors = entry.equipment, []
    if unit.site_id != site.pk:
        errors.append(_("This unit is not at the chosen site."))
    elif unit.status != EquipmentStatus.IN_SERVICE:
        errors.append(_("This unit is not in service."))
    if entry.status not in RunStatus.values:
        errors.append(_("Choose normal or abnormal."))
    abnormal = entry.status == RunStatus.ABNORMAL
    if abnormal and not entry.anomaly.strip():
        errors.append(_("Describe the anomaly of an abnormal unit."))
    if entry.is_accident and not abnormal:
        errors.append(_("An equipment accident must be marked abnormal."))
    if entry.open_work_order and not abnormal:
        errors.append(_("A work order is opened only for an abnormal unit."))
    return errors


def _check_shift(*, site: Site, shift_date, shift: OperatingShift) -> tuple[datetime, datetime]:
    if not isinstance(shift_date, date):
        raise ValidationError({"shift_date": _("Enter the shift's date.")})
    if shift_date.year < FIRST_YEAR:
        raise ValidationError(
            {"shift_date": _("Enter a date from %(year)d on.") % {"year": FIRST_YEAR}}
        )
    same_site(site, shift, field="shift")
    start, end = shift_bounds(shift, shift_date)
    if start > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"shift": _("This shift has not started yet.")})
    return start, end


def _check_operator(site: Site, operator: Person | None, by) -> Person | None:
    if operator is None:
        return Person.objects.filter(user_id=getattr(by, "pk", None), site=site).first()
    same_site(site, operator, field="operator")
    return operator


def _taken(*, shift_date, shift, units) -> dict[int, str]:
    """Units already logged (not void) in this shift: equipment id → log number."""
    rows = RunLog.objects.filter(
        shift_date=shift_date, shift=shift, equipment__in=units, voided_at__isnull=True
    ).values_list("equipment_id", "number")
    return dict(rows)


def _specs_by_category(entries: list[RunEntry]) -> dict[int, list[ReadingField]]:
    """The reading fields of every category among the entries, from one query."""
    specs: dict[int, list[ReadingField]] = {}
    ids = {entry.equipment.category_id for entry in entries}
    for spec in ReadingField.objects.filter(category_id__in=ids):
        specs.setdefault(spec.category_id, []).append(spec)
    return specs


def _entry_problems(site, entry: RunEntry, specs, taken: dict, seen: set) -> tuple[dict, list]:
    """The canonical readings of one entry and everything wrong with it."""
    entry.anomaly = strip_controls(entry.anomaly or "").strip()[:500]
    problems = _check_status(site, entry)
    readings, reading_errors = _check_readings(entry, specs.get(entry.equipment.category_id, []))
    problems += reading_errors
    if entry.equipment.pk in seen:
        problems.append(_("This unit is logged twice."))
    elif entry.equipment.pk in taken:
        problems.append(
            _("This unit is already logged for this shift (%(number)s).")
            % {"number": taken[entry.equipment.pk]}
        )
    seen.add(entry.equipment.pk)
    return readings, problems


def _validate_entries(
    *, site: Site, shift_date, shift, entries: list[RunEntry]
) -> list[tuple[RunEntry, dict]]:
    """Each entry with its canonical readings; every error of every entry at once."""
    if not entries:
        raise ValidationError(_("Log at least one unit."))
    specs = _specs_by_category(entries)
    taken = _taken(shift_date=shift_date, shift=shift, units=[e.equipment for e in entries])
    seen, errors, checked = set(), {}, []
    for index, entry in enumerate(entries):
        readings, problems = _entry_problems(site, entry, specs, taken, seen)
        if problems:
            errors[entry_key(index)] = problems
        checked.append((entry, readings))
    if errors:
        raise ValidationError(errors)
    return checked


@dataclass
class _Shift:
    """What every log of one recorded shift shares."""

    site: Site
    shift_date: date
    shift: OperatingShift
    by: object
    operator: Person | None
    start: datetime
    end: datetime


def run_logs_record(
    *,
    site: Site,
    shift_date: date,
    shift: OperatingShift,
    by,
    operator: Person | None = None,
    entries: list[RunEntry],
) -> list[RunLog]:
    """Record one shift's logs of several units, all or nothing.

    Each abnormal entry that asks for it opens a work order (source ``run_log``) linked to its
    log; readings of running-meter fields are also kept as meter readings. Errors are raised per
    entry under the key ``entries.<index>`` (see ``entry_key``)."""
    start, end = _check_shift(site=site, shift_date=shift_date, shift=shift)
    context = _Shift(site, shift_date, shift, by, _check_operator(site, operator, by), start, end)
    checked = _validate_entries(site=site, shift_date=shift_date, shift=shift, entries=entries)
    try:
        with transaction.atomic():
            return _write(context, checked)
    except IntegrityError as exc:  # a colleague logged the same unit a moment ago
        raise ValidationError(
            _("A unit of this shift has just been logged by someone else; reload and check.")
        ) from exc


def _write(context: _Shift, checked: list[tuple[RunEntry, dict]]) -> list[RunLog]:
    numbers = core.next_numbers(
        site=context.site,
        prefix=RunLog.number_prefix,
        year=context.shift_date.year,
        count=len(checked),
    )
    logs = []
    for (entry, readings), number in zip(checked, numbers, strict=True):
        log = _log_create(context, entry, readings, number)
        core.event_record(
            site=context.site, verb="run_log", actor=context.by, target=log, detail=log.anomaly
        )
        logs.append(log)
    _meters_record(context.site, logs, context.end)
    return logs


def _log_create(context: _Shift, entry: RunEntry, readings: dict, number: str) -> RunLog:
    unit, by = entry.equipment, context.by
    order = None
    if entry.open_work_order:
        order = work_order_open(
            site=context.site,
            source=WorkOrderSource.RUN_LOG,
            equipment=unit,
            description=entry.anomaly,
            by=by,
        )
    log = RunLog(
        site=context.site,
        number=number,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        equipment=unit,
        system=unit.category.system,
        shift_date=context.shift_date,
        shift=context.shift,
        started_at=context.start,
        ended_at=context.end,
        operator=context.operator,
        readings=readings,
        status=entry.status,
        anomaly=entry.anomaly,
        is_accident=entry.is_accident,
        work_order=order,
    )
    log.save()
    return log


def _meters_record(site: Site, logs: list[RunLog], read_at: datetime) -> None:
    """A meter reading for each running-meter field read in the logs."""
    ids = {log.equipment.category_id for log in logs}
    meters: dict[int, list[str]] = {}
    for category_id, code in ReadingField.objects.filter(
        category_id__in=ids, is_meter=True
    ).values_list("category_id", "code"):
        meters.setdefault(category_id, []).append(code)
    rows = [
        MeterReading(
            site=site,
            equipment=log.equipment,
            read_at=min(read_at, timezone.now()),
            value=Decimal(log.readings[code]),
            run_log=log,
        )
        for log in logs
        for code in meters.get(log.equipment.category_id, [])
        if code in log.readings
    ]
    MeterReading.objects.bulk_create(rows)


def run_log_void(*, log: RunLog, by, reason: str) -> None:
    """Void a run log: it stays in the ledger, marked void, and no longer counts as a 台班."""
    core.record_void(record=log, by=by, reason=reason)
