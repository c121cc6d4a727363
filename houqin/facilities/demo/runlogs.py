"""The demo compound's run logs (运行记录) of 2005, 2006 and this year to date, chosen so that the
seed's 台班 figures come out of the rows: a 台班 is one (shift date, operating shift) with a
non-void log of the system and no accident in it.

Water supply, power distribution, fire protection and CCTV run every shift of the year
(3 × 365 = 1095). Central air-conditioning runs only in the cooling (15 May – 15 October) and
heating (December – 10 March) seasons, and elevators all day on working days but less on rest
days; for these two the shifts are taken in order of need (working-day shifts first, then rest
days, then nights) until the year's figure is reached. 2005 has one lift accident (困人), so that
shift is logged but not counted. About 2 % of the logs are abnormal with an anomaly note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from houqin.core.services import next_numbers
from houqin.facilities.choices import RunStatus, System
from houqin.facilities.models import MeterReading, RunLog
from houqin.utils.workdays import calendar_day

# The 台班 of the two systems that do not run every shift; the others run all 1095.
TARGETS = {
    2005: {System.CENTRAL_AC: 612, System.ELEVATOR: 958},
    2006: {System.CENTRAL_AC: 630, System.ELEVATOR: 965},
}
ACCIDENT_YEAR, ACCIDENT_LIFT = 2005, "EL-04"
ABNORMAL_RATE = 0.02
VOIDED_2006 = 6  # mistyped logs voided and entered again
ANOMALIES = {
    System.CENTRAL_AC: ["冷冻水出水温度偏高", "冷却塔风机异响", "机组油压报警后自行恢复"],
    System.ELEVATOR: ["轿厢平层误差偏大", "层门关闭迟缓", "运行中有异响", "轿内对讲无声"],
    System.WATER_SUPPLY: ["出水压力波动", "水泵轴封渗水", "变频器过热报警"],
    System.POWER_DISTRIBUTION: ["三相电流不平衡", "电容补偿柜投切异常", "母排温度偏高"],
    System.FIRE_PROTECTION: ["报警主机报探测器故障", "稳压泵启动频繁", "管网压力偏低"],
    System.CCTV: ["部分摄像机离线", "硬盘录像机硬盘报错", "画面出现雪花干扰"],
}
ACCIDENT_TEXT = "电梯困人事故：轿厢停在5楼与6楼之间，困2人约40分钟，维保单位到场救援"
STOPS = [(250, 700), (120, 400), (5, 40)]  # a lift's stops per shift on a working day
EVERY_SHIFT = (System.WATER_SUPPLY, System.POWER_DISTRIBUTION, System.FIRE_PROTECTION, System.CCTV)


@dataclass(frozen=True, order=True)
class Slot:
    """One shift of one day and what kind of day it is."""

    day: date
    shift: int  # 0 早班, 1 中班, 2 夜班
    workday: bool
    holiday: bool


def _in_ac_season(day: date) -> bool:
    md = (day.month, day.day)
    return (5, 15) <= md <= (10, 15) or md >= (12, 1) or md <= (3, 10)


def _ac_rank(slot: Slot) -> int | None:
    """The order in which the AC plant runs its shifts (None: out of season)."""
    if not _in_ac_season(slot.day):
        return None
    peak = slot.day.month in (7, 8, 1)
    if slot.workday and slot.shift < 2:
        return slot.shift
    if slot.shift == 0:
        return 2
    if slot.shift == 2:
        return 3 if peak else 5
    return 4


def _lift_rank(slot: Slot) -> int:
    """Working days first (all three shifts), then rest-day days, then rest-day evenings."""
    if slot.workday:
        return slot.shift
    if slot.shift == 0:
        return 3
    return 4 + int(slot.holiday) if slot.shift == 1 else 6


RANKS = {System.CENTRAL_AC: _ac_rank, System.ELEVATOR: _lift_rank}
# This year has no stated figure: the same order, cut after these ranks.
DEFAULT_LAST_RANK = {System.CENTRAL_AC: 3, System.ELEVATOR: 4}


def year_slots(year: int, shifts, now: datetime) -> list[Slot]:
    """Every shift of ``year`` that has ended by ``now``."""
    slots, day = [], date(year, 1, 1)
    tz = timezone.get_current_timezone()
    while day.year == year:
        info = calendar_day(day)
        for i, shift in enumerate(shifts):
            ends = datetime.combine(day, shift.start_time, tz) + timedelta(hours=shift.hours)
            if ends <= now:
                slots.append(Slot(day, i, info.is_workday, bool(info.holiday)))
        day += timedelta(days=1)
    return slots


def choose(rng, system: str, slots: list[Slot], target: int | None) -> list[Slot]:
    """The shifts the system runs: all, or the first ``target`` in the system's order."""
    rank = RANKS.get(system)
    if rank is None:
        return list(slots)
    ranked = [(rank(s), rng.random(), s) for s in slots]
    ranked = sorted(r for r in ranked if r[0] is not None)
    if target is None:
        return sorted(s for r, _key, s in ranked if r <= DEFAULT_LAST_RANK[system])
    return sorted(s for _r, _key, s in ranked[:target])


def units_for(system: str, slot: Slot) -> list[str]:
    """The units logged for the system in that shift (a whole system may be logged as one)."""
    if system == System.CENTRAL_AC:
        return ["AC-CH01"] + (["AC-CH02"] if slot.day.month in (7, 8) and slot.shift < 2 else [])
    if system == System.ELEVATOR:
        # One lift of the main building per shift, taking turns; the annex's on working days.
        turn = slot.day.toordinal() + slot.shift
        main = [f"EL-0{1 + turn % 4}"]
        return main + ([f"EL-0{5 + turn % 2}"] if slot.workday and slot.shift == 0 else [])
    if system == System.FIRE_PROTECTION:  # the fire pump is run and logged on Mondays
        monday = slot.day.weekday() == 0 and slot.shift == 0
        return ["FP-01"] + (["FP-02"] if monday else [])
    return {
        System.WATER_SUPPLY: ["WS-01" if slot.day.toordinal() % 2 else "WS-02"],
        System.POWER_DISTRIBUTION: ["PD-03"],
        System.CCTV: ["TV-01"],
    }[system]


class LogBuilder:
    """Builds the run logs in memory for one bulk insert."""

    def __init__(self, ctx, plant):
        self.ctx, self.plant, self.rng = ctx, plant, ctx.rng
        self.logs: list[RunLog] = []
        self.meters = {"AC-CH01": 16800.0, "AC-CH02": 9200.0}
        self.tz = timezone.get_current_timezone()

    def year(self, year: int, now: datetime) -> None:
        slots = year_slots(year, self.plant.shifts, now)
        targets = TARGETS.get(year, {})
        for system in (System.CENTRAL_AC, System.ELEVATOR, *EVERY_SHIFT):
            target = targets.get(system)
            if target is not None and (year, system) == (ACCIDENT_YEAR, System.ELEVATOR):
                target += 1  # the accident shift is logged but not counted
            for slot in choose(self.rng, system, slots, target):
                for code in units_for(system, slot):
                    self.add(self.plant.units[code], slot)

    def add(self, unit, slot: Slot) -> RunLog:
        shift = self.plant.shifts[slot.shift]
        starts = datetime.combine(slot.day, shift.start_time, self.tz)
        starts += timedelta(minutes=self.rng.randint(0, 10))
        ends = starts + timedelta(hours=shift.hours, minutes=-self.rng.randint(11, 25))
        operator = self.rng.choice(self.plant.operators)
        log = RunLog(
            site=self.ctx.site,
            equipment=unit,
            system=unit.category.system,
            shift_date=slot.day,
            shift=shift,
            started_at=starts,
            ended_at=ends,
            operator=operator,
            created_by_id=operator.user_id,
            created_at=ends,
            readings=self.readings(unit, slot),
        )
        if self.rng.random() < ABNORMAL_RATE:
            self.abnormal(log)
        self.logs.append(log)
        return log

    def readings(self, unit, slot: Slot) -> dict:
        values = {}
        for field in self.plant.fields.get(unit.category.code, []):
            if field.is_meter:
                self.meters[unit.code] += 8
                values[field.code] = self.meters[unit.code]
            elif field.minimum is None:  # the lifts' stop counter
                busy = 1.0 if slot.workday else 0.3
                values[field.code] = int(busy * self.rng.randint(*STOPS[slot.shift]))
            else:
                low, high = float(field.minimum), float(field.maximum)
                values[field.code] = round(self.rng.uniform(low, high), 2 if high < 5 else 1)
        return values

    def abnormal(self, log: RunLog) -> None:
        log.status = RunStatus.ABNORMAL
        log.anomaly = self.rng.choice(ANOMALIES[log.system])
        ranged = [f for f in self.plant.fields.get(log.equipment.category.code, []) if f.maximum]
        if ranged:
            field = self.rng.choice(ranged)
            high = float(field.maximum)
            if field.minimum == field.maximum:  # a state: 1 is normal, 0 is a fault
                log.readings[field.code] = 0
            else:
                log.readings[field.code] = round(high * 1.08 + (0.5 if high > 5 else 0.02), 2)

    def accident(self) -> RunLog:
        """Turn one July day-shift lift log of the accident year into the year's one accident."""
        lift = self.plant.units[ACCIDENT_LIFT]
        candidates = [
            log
            for log in self.logs
            if log.equipment is lift
            and log.shift_date.year == ACCIDENT_YEAR
            and log.shift_date.month == 7
            and log.shift is self.plant.shifts[0]
        ]
        log = candidates[len(candidates) // 2]
        log.status, log.anomaly, log.is_accident = RunStatus.ABNORMAL, ACCIDENT_TEXT, True
        return log

    def voided(self, year: int, by) -> None:
        """A few logs of ``year`` entered twice: the wrong one voided, the right one kept."""
        power = [log for log in self.logs if log.system == System.POWER_DISTRIBUTION]
        power = [log for log in power if log.shift_date.year == year]
        for original in self.rng.sample(power, VOIDED_2006):
            wrong = RunLog(
                **{f: getattr(original, f) for f in ("site", "equipment", "system")},
                **{f: getattr(original, f) for f in ("shift_date", "shift", "operator")},
                started_at=original.started_at,
                ended_at=original.ended_at,
                created_by_id=original.created_by_id,
                created_at=original.created_at - timedelta(minutes=5),
                readings={"voltage": 4000, "current": 450, "load": 300},
                voided_at=original.created_at,
                voided_by=by,
                void_reason="电压读数多录一位，作废后重新登记",
            )
            self.logs.append(wrong)

    def save(self) -> list[RunLog]:
        by_year: dict[int, list[RunLog]] = {}
        self.logs.sort(key=lambda log: (log.started_at, log.equipment.code))
        for log in self.logs:
            by_year.setdefault(log.shift_date.year, []).append(log)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="YX", year=year, count=len(group))
            for log, number in zip(group, numbers, strict=True):
                log.number = number
        return RunLog.objects.bulk_create(self.logs, batch_size=2000)


def _meter_readings(ctx, logs: list[RunLog]) -> None:
    """The chillers' running hours as read at the last log of each month."""
    last: dict[tuple, RunLog] = {}
    for log in logs:
        if "hours" in log.readings and log.voided_at is None:
            last[(log.equipment_id, log.shift_date.year, log.shift_date.month)] = log
    MeterReading.objects.bulk_create(
        MeterReading(
            site=ctx.site,
            equipment_id=log.equipment_id,
            read_at=log.ended_at,
            value=Decimal(str(log.readings["hours"])),
            run_log=log,
        )
        for log in last.values()
    )


def load(ctx, plant) -> list[RunLog]:
    """Write the logs; returns the abnormal ones (work orders are opened for some of them)."""
    builder = LogBuilder(ctx, plant)
    now = timezone.now()
    for year in sorted({2005, 2006, timezone.localdate().year}):
        builder.year(year, now)
    builder.accident()
    builder.voided(2006, ctx.users.get("fm"))
    logs = builder.save()
    _meter_readings(ctx, logs)
    return [log for log in logs if log.status == RunStatus.ABNORMAL and log.voided_at is None]
