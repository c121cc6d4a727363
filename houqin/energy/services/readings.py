"""Meter readings: what a reading means when it is written (use since the last good reading,
rollover, cost under the tariff, implausible readings held for review), back-dating and voiding,
review, meter replacement and bulk loading (import, collectors, demo).

The baseline of a reading is the latest earlier reading of its meter that is neither void nor
pending review. Every write locks the meter row, so two collectors posting at once compute from
the same, correct baseline.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.services import event_record
from houqin.energy.choices import FlagStatus, ReadingFlag, ReadingKind, ReadingSource
from houqin.energy.models import Meter, Reading
from houqin.energy.services.tariffs import PriceBook, interval_cost

NORM_DAYS = 30
NORM_MIN_READINGS = 3
FUTURE_TOLERANCE = timedelta(minutes=5)  # a phone's clock may run a little ahead
EARLIEST_YEAR = 1990  # as the import: older readings are typing errors
HOUR = Decimal(3600)
QUANT = Decimal("0.001")


def used_on_of(read_at: datetime):
    """The local day a reading's use counts on: a reading at exactly 00:00 closes the day
    before."""
    local = timezone.localtime(read_at)
    return local.date() - timedelta(days=1) if local.time() == time.min else local.date()


def _counted():
    """Readings that count and serve as baselines: not void, not pending review."""
    return Q(voided_at__isnull=True) & ~Q(flag_status=FlagStatus.PENDING)


def _baseline(meter: Meter, read_at: datetime) -> Reading | None:
    return (
        Reading.objects.filter(_counted(), meter=meter, read_at__lt=read_at)
        .order_by("-read_at", "-id")
        .first()
    )


def _next_counted(meter: Meter, read_at: datetime) -> Reading | None:
    return (
        Reading.objects.filter(_counted(), meter=meter, read_at__gt=read_at)
        .order_by("read_at", "id")
        .first()
    )


@dataclass
class Norm:
    """A meter's usual use per hour over the 30 days before a moment, from its counted
    readings: Σ use ÷ the hours they cover (the span of n regular readings covers n−1
    intervals, so the hours are estimated as span × n ÷ (n−1))."""

    rows: deque = field(default_factory=deque)  # (read_at, consumption) of counted readings
    total: Decimal = Decimal(0)

    def per_hour(self, before: datetime) -> Decimal | None:
        self._drop_older(before - timedelta(days=NORM_DAYS))
        n = len(self.rows)
        if n < NORM_MIN_READINGS:
            return None
        span = Decimal(int((self.rows[-1][0] - self.rows[0][0]).total_seconds())) / HOUR
        hours = span * n / (n - 1)
        return self.total / hours if hours > 0 else None

    def add(self, read_at: datetime, consumption) -> None:
        if consumption is not None:
            self.rows.append((read_at, consumption))
            self.total += consumption

    def _drop_older(self, since: datetime) -> None:
        while self.rows and self.rows[0][0] < since:
            self.total -= self.rows.popleft()[1]


def _norm_per_hour(meter: Meter, before: datetime) -> Decimal | None:
    """The usual use per hour (see Norm), in one aggregate query."""
    figures = Reading.objects.filter(
        _counted(),
        meter=meter,
        consumption__isnull=False,
        read_at__gte=before - timedelta(days=NORM_DAYS),
        read_at__lt=before,
    ).aggregate(total=Sum("consumption"), n=Count("id"), first=Min("read_at"), last=Max("read_at"))
    n = figures["n"]
    if n < NORM_MIN_READINGS:
        return None
    hours = Decimal(int((figures["last"] - figures["first"]).total_seconds())) / HOUR * n / (n - 1)
    return figures["total"] / hours if hours > 0 else None


def _per_hour(consumption: Decimal, start: datetime, end: datetime) -> Decimal:
    return consumption / (Decimal(int((end - start).total_seconds())) / HOUR)


def _is_jump(meter, consumption, start, end, usual) -> Decimal | None:
    """How many times the usual use this is, when above the meter's jump factor; else None."""
    if usual is None or usual <= 0 or end <= start:
        return None
    times = _per_hour(consumption, start, end) / usual
    return times if times > meter.jump_factor else None


def _flag(reading: Reading, flag: str, note: str) -> None:
    reading.flag, reading.flag_status, reading.flag_note = flag, FlagStatus.PENDING, note[:200]
    reading.consumption = reading.cost = None


def _rollover_use(meter, baseline, value, usual, read_at) -> Decimal | None:
    """The register difference across a rollover, when one is plausible: not itself a jump (or,
    with no usual use known, less than half the register's range)."""
    if meter.rollover_at is None:
        return None
    diff = meter.rollover_at - baseline.value + value
    if diff <= 0 or diff > meter.rollover_at:
        return None
    if usual is None:
        return diff if diff < meter.rollover_at / 2 else None
    return (
        None
        if _is_jump(meter, diff * baseline.multiplier, baseline.read_at, read_at, usual)
        else diff
    )


def evaluate(reading: Reading, baseline: Reading | None, *, usual=None, accepted=False, book=None):
    """Fill in what ``reading`` means: used_on, consumption, cost, rollover and flag. An
    ``accepted`` reading (reviewed, or being recomputed) is counted without flag checks."""
    meter = reading.meter
    reading.used_on = used_on_of(reading.read_at)
    reading.consumption = reading.cost = None
    reading.rolled_over = False
    if reading.kind == ReadingKind.INITIAL or baseline is None:
        return reading
    diff = reading.value - baseline.value
    if diff < 0:
        rolled = _rollover_use(
            meter, baseline, reading.value, None if accepted else usual, reading.read_at
        )
        if rolled is None and not accepted:
            note = _("%(value)s is below the previous reading %(previous)s.") % {
                "value": _num(reading.value),
                "previous": _num(baseline.value),
            }
            _flag(reading, ReadingFlag.NEGATIVE, note)
            return reading
        reading.rolled_over = rolled is not None
        diff = rolled if rolled is not None else Decimal(0)  # a confirmed step back counts none
    use = (diff * reading.multiplier).quantize(QUANT)
    times = None if accepted else _is_jump(meter, use, baseline.read_at, reading.read_at, usual)
    if times is not None:
        note = _("%(times)s times the usual use per hour.") % {"times": f"{times:.1f}"}
        _flag(reading, ReadingFlag.JUMP, note)
        return reading
    reading.consumption = use
    reading.cost = interval_cost(
        tariff=meter.tariff, start=baseline.read_at, end=reading.read_at, consumption=use, book=book
    )
    return reading


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


COMPUTED = ["used_on", "consumption", "cost", "rolled_over", "flag", "flag_status", "flag_note"]


def _recompute_next(meter: Meter, after: datetime) -> Reading | None:
    """Recompute the next counted reading after ``after``: its baseline may have changed."""
    nxt = _next_counted(meter, after)
    if nxt is None or nxt.kind == ReadingKind.INITIAL:
        return nxt
    nxt.meter = meter
    # Its use changes with its baseline: checked again unless someone already confirmed it.
    accepted = nxt.flag_status == FlagStatus.ACCEPTED
    usual = None if accepted else _norm_per_hour(meter, nxt.read_at)
    evaluate(nxt, _baseline(meter, nxt.read_at), usual=usual, accepted=accepted)
    nxt.save(update_fields=COMPUTED)
    return nxt


def _lock(meter: Meter) -> Meter:
    return Meter.objects.select_for_update(of=("self",)).select_related("tariff").get(pk=meter.pk)


def _check_moment(meter: Meter, read_at: datetime) -> None:
    if timezone.is_naive(read_at):
        raise ValidationError({"read_at": _("Give the time of the reading with its time zone.")})
    # The year of the aware moment itself: comparing year 1 with now would overflow in UTC.
    if read_at.year < EARLIEST_YEAR:
        raise ValidationError(
            {"read_at": _("Give a reading time from %(year)d on.") % {"year": EARLIEST_YEAR}}
        )
    if read_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"read_at": _("A reading cannot be in the future.")})
    live = Reading.objects.filter(meter=meter, voided_at__isnull=True)
    if live.filter(read_at=read_at).exists():
        raise ValidationError({"read_at": _("This meter already has a reading at this moment.")})
    first = live.order_by("read_at").values_list("read_at", flat=True).first()
    if first is not None and read_at < first:
        # Before the first reading there is no baseline; the first reading would silently turn
        # into use over the whole gap.
        raise ValidationError(
            {
                "read_at": _("This meter's readings start on %(day)s: a reading cannot go before.")
                % {"day": f"{timezone.localtime(first):%Y-%m-%d %H:%M}"}
            }
        )


def _check_value(value) -> Decimal:
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({"value": _("Enter the register value as a number.")}) from exc
    if not value.is_finite() or value < 0 or value >= Decimal("1e13"):
        raise ValidationError({"value": _("The register value must be zero or more.")})
    return value.quantize(QUANT)


def _check_before_next(meter: Meter, read_at: datetime, value: Decimal) -> None:
    """A back-dated reading above the next reading would make that one go backwards."""
    nxt = _next_counted(meter, read_at)
    if (
        nxt is not None
        and nxt.kind != ReadingKind.INITIAL
        and not nxt.rolled_over
        and nxt.value < value
    ):
        raise ValidationError(
            {
                "value": _("%(value)s is above the later reading %(next)s of %(at)s.")
                % {
                    "value": _num(value),
                    "next": _num(nxt.value),
                    "at": timezone.localtime(nxt.read_at).strftime("%Y-%m-%d %H:%M"),
                }
            }
        )


def reading_record(
    *,
    meter: Meter,
    read_at: datetime,
    value,
    by,
    source=ReadingSource.MANUAL,
    kind=ReadingKind.REGULAR,
    note: str = "",
) -> Reading:
    """Record a reading: computed against its baseline, flagged and held for review when
    implausible; a back-dated one also recomputes the reading after it."""
    value = _check_value(value)
    with transaction.atomic():
        meter = _lock(meter)
        if not meter.is_active:
            raise ValidationError(_("This meter is no longer in use."))
        _check_moment(meter, read_at)
        _check_before_next(meter, read_at, value)
        reading = _new(meter, read_at, value, by, source, kind, note)
        evaluate(reading, _baseline(meter, read_at), usual=_norm_per_hour(meter, read_at))
        reading.save()
        if not reading.flag_status:
            _recompute_next(meter, read_at)
    return reading


def _new(meter, read_at, value, by, source, kind, note) -> Reading:
    return Reading(
        site_id=meter.site_id,
        meter=meter,
        read_at=read_at,
        value=value,
        kind=kind,
        source=source,
        multiplier=meter.multiplier,
        note=(note or "")[:200],
        created_by=by if by is not None and by.is_authenticated else None,
    )


def reading_review(*, reading: Reading, by, note: str = "") -> Reading:
    """Confirm a reading held for review: it is counted from its baseline, and the reading after
    it is recomputed."""
    with transaction.atomic():
        meter = _lock(reading.meter)
        reading = Reading.objects.select_for_update().get(pk=reading.pk)
        if reading.voided_at is not None or reading.flag_status != FlagStatus.PENDING:
            raise ValidationError(_("Only a reading awaiting review can be confirmed."))
        reading.meter = meter
        evaluate(reading, _baseline(meter, reading.read_at), accepted=True)
        reading.flag_status = FlagStatus.ACCEPTED
        reading.reviewed_by, reading.reviewed_at = by, timezone.now()
        if note:
            reading.note = note[:200]
        reading.save(update_fields=[*COMPUTED, "reviewed_by", "reviewed_at", "note"])
        _recompute_next(meter, reading.read_at)
        event_record(
            site=meter.site, verb="reading_review", actor=by, target=meter, detail=str(reading)
        )
    return reading


def reading_void(*, reading: Reading, by, reason: str) -> Reading:
    """Void a reading with a reason; the reading after it then measures from the one before."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for voiding this record.")})
    with transaction.atomic():
        meter = _lock(reading.meter)
        reading = Reading.objects.select_for_update().get(pk=reading.pk)
        if reading.voided_at is not None:
            raise ValidationError(_("This record is already void."))
        reading.voided_at, reading.voided_by, reading.void_reason = timezone.now(), by, reason[:200]
        reading.save(update_fields=["voided_at", "voided_by", "void_reason"])
        _recompute_next(meter, reading.read_at)
        detail = f"{reading}: {reason}"
        event_record(site=meter.site, verb="void", actor=by, target=reading, detail=reason)
        event_record(site=meter.site, verb="reading_void", actor=by, target=meter, detail=detail)
    return reading


def meter_replace(
    *,
    meter: Meter,
    at: datetime,
    final_value,
    serial: str,
    initial_value,
    by,
    multiplier=None,
    rollover_at=None,
    note: str = "",
) -> tuple[Reading, Reading]:
    """Replace a meter's device: the old register's FINAL reading (counted, old multiplier) at
    ``at``, then the new register's INITIAL reading (a new baseline) one second later."""
    final_value, initial_value = _check_value(final_value), _check_value(initial_value)
    with transaction.atomic():
        meter = _lock(meter)
        _check_moment(meter, at)
        if Reading.objects.filter(meter=meter, read_at__gt=at, voided_at__isnull=True).exists():
            raise ValidationError({"at": _("The meter has readings after this moment.")})
        final = _new(meter, at, final_value, by, ReadingSource.MANUAL, ReadingKind.FINAL, note)
        baseline = _baseline(meter, at)
        if baseline is not None and final_value < baseline.value and meter.rollover_at is None:
            raise ValidationError(
                {"final_value": _("The final reading is below the previous reading.")}
            )
        evaluate(final, baseline, accepted=True)
        final.save()
        _meter_swap(meter, serial, multiplier, rollover_at)
        initial = _new(meter, at + timedelta(seconds=1), initial_value, by,
                       ReadingSource.MANUAL, ReadingKind.INITIAL, note)  # fmt: skip
        evaluate(initial, None)
        initial.save()
        detail = f"{serial} {_num(final_value)} → {_num(initial_value)}"
        event_record(site=meter.site, verb="meter_replace", actor=by, target=meter, detail=detail)
    return final, initial


def _meter_swap(meter: Meter, serial: str, multiplier, rollover_at) -> None:
    meter.serial = (serial or "")[:50]
    if multiplier is not None:
        if Decimal(multiplier) <= 0:
            raise ValidationError({"multiplier": _("The multiplier must be above zero.")})
        meter.multiplier = Decimal(multiplier)
    meter.rollover_at = rollover_at if rollover_at else None
    meter.save(update_fields=["serial", "multiplier", "rollover_at"])


# Bulk loading ---------------------------------------------------------------------------------


class _MeterRun:
    """One meter's state while rows are computed in memory: its baseline, usual use and
    prices, read once."""

    def __init__(self, meter: Meter, first_at: datetime):
        self.meter = meter
        self.baseline = _baseline(meter, first_at)
        self.latest = Reading.objects.filter(meter=meter, voided_at__isnull=True).aggregate(
            m=Max("read_at")
        )["m"]
        self.norm = Norm()
        for read_at, use in Reading.objects.filter(
            _counted(), meter=meter, consumption__isnull=False,
            read_at__gte=first_at - timedelta(days=NORM_DAYS), read_at__lt=first_at,
        ).order_by("read_at").values_list("read_at", "consumption"):  # fmt: skip
            self.norm.add(read_at, use)
        self.book = PriceBook(meter.tariff)


def _row_problem(row: dict, run: _MeterRun | None, now: datetime) -> str | None:
    read_at = row.get("read_at")
    if run is None:
        return _("the meter is not known.")
    if not run.meter.is_active:
        return _("This meter is no longer in use.")
    if not isinstance(read_at, datetime) or timezone.is_naive(read_at):
        return _("the time of the reading is missing.")
    if read_at > now:
        return _("A reading cannot be in the future.")
    if run.latest is not None and read_at <= run.latest:
        return _("it is not later than the meter's latest reading (%(at)s).") % {
            "at": timezone.localtime(run.latest).strftime("%Y-%m-%d %H:%M")
        }
    return None


def readings_load(*, rows: list[dict], by, source, row_offset: int = 0) -> list[Reading]:
    """Record many readings at once (rows: dicts meter/read_at/value[/kind/note]), computed in
    memory in time order per meter under the rules of ``reading_record``, and bulk-created in
    one transaction. Any bad row refuses the whole load: a ValidationError lists every bad row
    (its ``row`` key, else index + 1 + ``row_offset``) and nothing is written."""
    with transaction.atomic():
        ids = sorted({row["meter"].pk for row in rows if isinstance(row.get("meter"), Meter)})
        meters = {
            m.pk: m
            for m in Meter.objects.select_for_update(of=("self",))
            .select_related("tariff")
            .filter(pk__in=ids)
        }
        readings = _compute_rows(rows, meters, by, source, row_offset)
        return Reading.objects.bulk_create(readings, batch_size=2000)


def _first_times(rows: list[dict]) -> dict:
    firsts: dict = {}
    for row in rows:
        meter, read_at = row.get("meter"), row.get("read_at")
        if isinstance(meter, Meter) and isinstance(read_at, datetime):
            firsts[meter.pk] = min(firsts.get(meter.pk, read_at), read_at)
    return firsts


def _compute_rows(rows, meters, by, source, row_offset) -> list[Reading]:
    firsts, now = _first_times(rows), timezone.now() + FUTURE_TOLERANCE
    runs = {pk: _MeterRun(meters[pk], at) for pk, at in firsts.items() if pk in meters}
    errors, seen = [], set()
    order = sorted(range(len(rows)), key=lambda i: (_key(rows[i]), i))
    readings = {}
    for i in order:
        row = rows[i]
        run = runs.get(getattr(row.get("meter"), "pk", None))
        try:
            problem = _row_problem(row, run, now)
            if problem is None and (run.meter.pk, row["read_at"]) in seen:
                problem = _("the meter has another reading at this moment.")
            if problem is not None:
                raise ValidationError(problem)
            seen.add((run.meter.pk, row["read_at"]))
            readings[i] = _compute_one(run, row, by, source)
        except ValidationError as exc:
            errors.append((i, " ".join(exc.messages)))
    if errors:
        raise ValidationError(
            [
                _("Row %(row)d: %(message)s")
                % {"row": rows[i].get("row", i + 1 + row_offset), "message": m}
                for i, m in sorted(errors)
            ]
        )
    return [readings[i] for i in order]


def _key(row: dict):
    meter, read_at = row.get("meter"), row.get("read_at")
    return (
        getattr(meter, "pk", 0) or 0,
        read_at.timestamp() if isinstance(read_at, datetime) else 0,
    )


def _compute_one(run: _MeterRun, row: dict, by, source) -> Reading:
    value = _check_value(row.get("value"))
    kind = row.get("kind") or ReadingKind.REGULAR
    reading = _new(run.meter, row["read_at"], value, by, source, kind, row.get("note", ""))
    evaluate(reading, run.baseline, usual=run.norm.per_hour(reading.read_at), book=run.book)
    if not reading.flag_status:
        run.baseline = reading
        run.norm.add(reading.read_at, reading.consumption)
    return reading
