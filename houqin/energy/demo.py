"""Demo rows of the energy and supplies module on the main site: tariffs (a time-of-use
一般工商业 electricity tariff whose prices rose on 2006-07-01, water, the canteen's gas), the
meters of the two buildings with sub-meters of the office building, a reading every morning
at 08:30 for 2005, 2006 and this year up to yesterday (the annex's meter replaced in May 2006,
the office building's five-digit water register rolling over in 2006, one implausible jump
confirmed this year and one awaiting review), the statistics base and budgets; and the
office-supplies store with its catalogue, purchases and departmental requisitions.

THE FIGURE: the 2006 savings (2005 cost − 2006 cost of electricity, water and office supplies)
come to exactly 63,000 yuan from rows. The use of 2006 is generated about 38,000 yuan (power)
and 9,000 yuan (water) below 2005; after the readings are written the energy parts are measured
with ``queries.consumption.savings`` and the last supplies issues of December 2006 close the
remainder to the cent (a line of binding cord sold by weight takes the odd yuan and fen).

Years between 2006 and this year have no readings: each meter's first reading this year is an
initial reading (a new baseline) taken when the collectors were switched on."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal

from django.utils import timezone

from houqin.approvals.models import ApprovalRequest
from houqin.approvals.services import approval_decide
from houqin.core.models import Building, Floor, Person
from houqin.core.services import next_numbers
from houqin.energy import approvals as _approvals  # noqa: F401  (registers the approval kind)
from houqin.energy.choices import BudgetItem, EnergyType, ReadingKind, ReadingSource
from houqin.energy.models import (
    EnergyBudget,
    EnergyYear,
    Meter,
    Reading,
    Requisition,
    RequisitionLine,
    Tariff,
)
from houqin.energy.queries.consumption import savings
from houqin.energy.queries.supplies import supplies_cost
from houqin.energy.services.readings import meter_replace, reading_review, readings_load
from houqin.energy.services.supplies import (
    requisition_issue,
    requisition_return,
    requisition_submit,
)
from houqin.energy.services.tariffs import tariff_save
from houqin.reports.registry import year_bounds
from houqin.stock.models import Item, Store
from houqin.stock.services import stock_issue, stock_receive, stock_return

SEED_SAVINGS = Decimal(63_000)
# The module's own random seed: its figures stay the same whatever the other modules' demos
# draw before it.
SEED = 20061231
TARGET = {"electricity": 38_000, "water": 9_000}
SUPPLIES_2005 = 68_000
CLOSING_MARGIN = 3_000  # the 2006 supplies left to the closing issues of December
READ_AT = time(8, 30)
E, W, G = EnergyType.ELECTRICITY, EnergyType.WATER, EnergyType.GAS
TOU = [
    ("peak", time(8), time(11)),
    ("peak", time(18), time(23)),
    ("flat", time(7), time(8)),
    ("flat", time(11), time(18)),
    ("valley", time(23), time(7)),
]
TOU_PRICES = {
    date(2005, 1, 1): {"peak": "1.0000", "flat": "0.6500", "valley": "0.3500"},
    date(2006, 7, 1): {"peak": "1.0300", "flat": "0.6700", "valley": "0.3600"},
}
FLAT = [("WATER", "非居民用水", W, "2.5000"), ("GAS", "商业用天然气", G, "2.9000")]


@dataclass(frozen=True)
class Spec:
    """A demo meter: where it is, its register, and its use per day in 2005 (after the
    multiplier); a sub-meter's use is a share of its main meter's."""

    code: str
    name: str
    kind: str
    building: str
    daily: float
    multiplier: int = 1
    floor: int | None = None
    department: str = ""
    parent: str = ""
    rollover: int | None = None
    start: int = 1000


SPECS = [
    Spec("E-A-00", "综合办公大楼总表", E, "A", 3300, 80, start=21_350),
    Spec("E-A-HV", "中央空调机房", E, "A", 0.35, 20, floor=1, parent="E-A-00"),
    Spec("E-A-CZ", "区财政局", E, "A", 0.07, floor=8, department="CZJ", parent="E-A-00"),
    Spec("E-A-JG", "区机关事务管理局", E, "A", 0.05, floor=3, department="JGJ", parent="E-A-00"),
    Spec("E-B-00", "附属楼总表", E, "B", 820, 50, start=8_420),
    Spec("E-B-ST", "食堂", E, "B", 0.30, floor=1, parent="E-B-00"),
    Spec("W-A-00", "综合办公大楼总水表", W, "A", 77, rollover=100_000, start=52_300),
    Spec("W-A-GR", "绿化用水", W, "A", 0.10, parent="W-A-00"),
    Spec("W-B-00", "附属楼(食堂)水表", W, "B", 49, start=31_800),
    Spec("G-B-00", "食堂天然气表", G, "B", 66, floor=1, start=12_600),
]
REPLACED = ("E-B-00", (date(2006, 5, 16), time(10)), "DTSD341-0605118")
CONFIRMED_JUMP = ("W-A-00", (8, 18), "消防水池清洗后补水,现场核实属实")
PENDING_JUMP = "W-B-00"
HOLIDAYS = {
    2005: [(date(2005, 2, 8), 7), (date(2005, 5, 1), 7), (date(2005, 10, 1), 7)],
    2006: [(date(2006, 1, 29), 7), (date(2006, 5, 1), 7), (date(2006, 10, 1), 7)],
}
YEARS = {
    2005: (548, "28600", {E: 1_050_000, W: 120_000, G: 75_000, "supplies": 75_000}),
    2006: (562, "28600", {E: 1_020_000, W: 112_000, G: 75_000, "supplies": 62_000}),
}
THIS_YEAR = (612, "29800", {E: 1_180_000, W: 125_000, G: 90_000, "supplies": 70_000})
C = ("纸张", "耗材", "文具", "档案用品", "电池电器", "清洁用品")
# code, name, spec, unit, category, unit cost, reorder level, usual quantity asked, weight
CATALOGUE = [
    ("BG-001", "A4复印纸", "70g 500张/包×5包", "箱", C[0], "118.00", 20, 2, 10),
    ("BG-002", "A3复印纸", "70g 500张/包×5包", "箱", C[0], "236.00", 4, 1, 2),
    ("BG-003", "红头文件纸", "A4 80g", "包", C[0], "45.00", 10, 2, 3),
    ("BG-004", "信封", "5号 牛皮纸 100个/包", "包", C[0], "12.00", 10, 2, 3),
    ("BG-005", "稿纸", "16开 100页", "本", C[0], "2.50", 50, 20, 3),
    ("BG-006", "笔记本", "B5 软抄本", "本", C[0], "4.80", 60, 10, 4),
    ("BG-011", "硒鼓", "HP 12A", "个", C[1], "420.00", 6, 1, 6),
    ("BG-012", "硒鼓", "HP 49A", "个", C[1], "560.00", 4, 1, 3),
    ("BG-013", "墨盒", "Canon 黑色", "个", C[1], "185.00", 6, 2, 3),
    ("BG-014", "复印机碳粉", "理光 1230D", "支", C[1], "310.00", 4, 1, 3),
    ("BG-015", "色带", "EPSON LQ-1600K", "个", C[1], "35.00", 10, 3, 2),
    ("BG-016", "软盘", "3.5英寸 10片/盒", "盒", C[1], "28.00", 5, 1, 1),
    ("BG-017", "U盘", "1GB", "个", C[1], "150.00", 5, 1, 2),
    ("BG-018", "刻录光盘", "DVD-R 50片/桶", "桶", C[1], "95.00", 3, 1, 1),
    ("BG-021", "中性笔", "0.5mm 黑色 12支/盒", "盒", C[2], "18.00", 20, 3, 6),
    ("BG-022", "圆珠笔", "蓝色 50支/盒", "盒", C[2], "25.00", 8, 1, 3),
    ("BG-023", "签字笔芯", "0.5mm 20支/盒", "盒", C[2], "10.00", 20, 3, 4),
    ("BG-024", "铅笔", "HB 10支/盒", "盒", C[2], "6.00", 10, 2, 2),
    ("BG-025", "荧光笔", "5色/套", "套", C[2], "12.00", 10, 2, 2),
    ("BG-026", "订书机", "12号", "个", C[2], "22.00", 5, 1, 2),
    ("BG-027", "订书钉", "12号 1000枚/盒", "盒", C[2], "2.00", 50, 10, 3),
    ("BG-028", "回形针", "29mm 100枚/盒", "盒", C[2], "1.50", 40, 10, 2),
    ("BG-029", "长尾夹", "32mm 12个/盒", "盒", C[2], "6.50", 20, 4, 2),
    ("BG-030", "胶水", "40ml", "瓶", C[2], "2.50", 30, 5, 2),
    ("BG-031", "透明胶带", "48mm×100m", "卷", C[2], "5.00", 20, 5, 3),
    ("BG-032", "计算器", "卡西欧 DS-120", "个", C[2], "95.00", 3, 1, 1),
    ("BG-033", "印台", "蓝色", "个", C[2], "12.00", 5, 1, 1),
    ("BG-034", "剪刀", "办公用", "把", C[2], "8.00", 5, 1, 1),
    ("BG-041", "档案盒", "A4 背宽5cm", "个", C[3], "8.50", 50, 20, 4),
    ("BG-042", "文件夹", "A4 双强力夹", "个", C[3], "6.00", 40, 10, 4),
    ("BG-043", "资料册", "A4 60页", "本", C[3], "16.00", 20, 5, 2),
    ("BG-044", "档案袋", "牛皮纸 A4", "个", C[3], "0.80", 200, 50, 3),
    ("BG-045", "凭证封面", "财务用 100套/包", "包", C[3], "20.00", 5, 2, 1),
    ("BG-051", "5号电池", "南孚 2节/卡", "卡", C[4], "6.00", 30, 5, 3),
    ("BG-052", "7号电池", "南孚 2节/卡", "卡", C[4], "6.00", 30, 5, 2),
    ("BG-053", "插线板", "公牛 6位 3米", "个", C[4], "48.00", 5, 1, 2),
    ("BG-054", "节能灯管", "T5 28W", "支", C[4], "18.00", 30, 5, 2),
    ("BG-061", "抽纸", "3层 130抽", "包", C[5], "3.20", 100, 20, 3),
    ("BG-062", "洗手液", "500ml", "瓶", C[5], "15.00", 20, 4, 2),
    ("BG-063", "垃圾袋", "45×50cm 50只/卷", "卷", C[5], "4.50", 40, 10, 2),
]
# Binding cord sold by weight: the last line of the closing issues takes the odd yuan and fen.
CORD = ("BG-070", "捆扎绳", "尼龙 散装称重", "公斤", C[2], "10.00", 2, 1, 0)
PURPOSES = ["日常办公", "日常办公", "会议用品", "档案整理", "年度报表", "迎检资料", "培训用品"]
SUPPLIERS = ["郴州市新华文化用品有限公司", "郴州市办公设备经营部", "湘南文化用品批发部"]


def _at(day: date, moment: time = READ_AT) -> datetime:
    return datetime.combine(day, moment, timezone.get_current_timezone())


def _days(start: date, end: date):
    """Every day from ``start`` up to, not including, ``end``."""
    for n in range((end - start).days):
        yield start + timedelta(days=n)


def _factor(spec: Spec, day: date) -> float:
    """How the day's use compares with the year's average: weekends, holidays, summer air
    conditioning and winter heating for power, summer watering for water."""
    factor = 0.45 if day.weekday() >= 5 else 1.12
    for first, length in HOLIDAYS.get(day.year, []):
        if first <= day < first + timedelta(days=length):
            factor = 0.35
    if spec.kind == E:
        factor *= {6: 1.2, 7: 1.45, 8: 1.5, 9: 1.25, 12: 1.15, 1: 1.2, 2: 1.05}.get(day.month, 0.85)
    elif spec.kind == W:
        factor *= {6: 1.15, 7: 1.25, 8: 1.25, 9: 1.1, 12: 0.85, 1: 0.85, 2: 0.9}.get(day.month, 1)
    return factor


class EnergyLoader:
    """Tariffs, meters, readings and the statistics base of the main site."""

    def __init__(self, ctx):
        self.ctx, self.rng, self.site = ctx, random.Random(SEED), ctx.site
        self.fm = ctx.users.get("fm") or ctx.users["admin"]
        self.today = timezone.localdate()
        self.buildings = {b.code: b for b in Building.objects.filter(site=self.site)}
        self.meters: dict[str, Meter] = {}

    # Tariffs and meters ----------------------------------------------------------------------

    def tariffs(self) -> dict:
        power = Tariff(
            site=self.site,
            code="POWER-TOU",
            name="一般工商业 1–10千伏 分时电价",
            energy_type=E,
            is_time_of_use=True,
            note="峰 8–11时、18–23时;平 7–8时、11–18时;谷 23–7时",
        )
        prices = [
            {"valid_from": day, "period": p, "starts": s, "ends": e, "price": table[p]}
            for day, table in TOU_PRICES.items()
            for p, s, e in TOU
        ]
        tariffs = {E: tariff_save(tariff=power, prices=prices, by=self.fm)}
        for code, name, kind, price in FLAT:
            tariff = Tariff(site=self.site, code=code, name=name, energy_type=kind)
            row = {"valid_from": date(2005, 1, 1), "starts": time(0), "ends": time(0)}
            tariffs[kind] = tariff_save(tariff=tariff, prices=[{**row, "price": price}], by=self.fm)
        return tariffs

    def meter_rows(self) -> None:
        tariffs = self.tariffs()
        floors = {(f.building_id, f.level): f for f in Floor.objects.filter(site=self.site)}
        for spec in SPECS:
            building = self.buildings[spec.building]
            self.meters[spec.code] = Meter.objects.create(
                site=self.site,
                code=spec.code,
                name=spec.name,
                energy_type=spec.kind,
                building=building,
                floor=floors.get((building.pk, spec.floor)),
                department=self.ctx.departments.get(spec.department),
                parent=self.meters.get(spec.parent),
                tariff=tariffs[spec.kind],
                serial=f"{spec.code}-{2001 + len(self.meters) % 4}",
                multiplier=spec.multiplier,
                rollover_at=spec.rollover,
            )

    # Use per day -----------------------------------------------------------------------------

    def uses(self, days: list[date], scale: dict) -> dict[str, list[float]]:
        """Each meter's use on each day (after the multiplier); a sub-meter's is a share of
        its main meter's."""
        uses: dict[str, list[float]] = {}
        for spec in SPECS:
            if spec.parent:
                main = uses[spec.parent]
                uses[spec.code] = [u * spec.daily * self.rng.uniform(0.9, 1.1) for u in main]
                continue
            k = scale.get(spec.kind, 1.0)
            uses[spec.code] = [
                spec.daily * k * _factor(spec, day) * self.rng.gauss(1, 0.04) for day in days
            ]
        return uses

    def calibrated(self) -> tuple[list[date], dict]:
        """The uses of 2005 and 2006, with 2006 scaled so that each saving is about its
        target at the tariffs' prices (the exact figure is closed with supplies later)."""
        d05 = list(_days(date(2005, 1, 1), date(2006, 1, 1)))
        d06 = list(_days(date(2006, 1, 1), date(2007, 1, 1)))
        u05, u06 = self.uses(d05, {}), self.uses(d06, {})
        scale = {}
        for kind, target in TARGET.items():
            mains = [s.code for s in SPECS if s.kind == kind and not s.parent]
            last = sum(sum(u05[c][1:]) * _price(kind, date(2005, 6, 1)) for c in mains)
            this = sum(u * _price(kind, d) for c in mains for u, d in zip(u06[c], d06, strict=True))
            scale[kind] = (last - target) / this
        for spec in SPECS:
            k = scale.get(spec.kind, 0.97)
            u06[spec.code] = [u * k for u in u06[spec.code]]
        return d05 + d06, {c: u05[c] + u06[c] for c in u05}

    # Readings --------------------------------------------------------------------------------

    def register(self, spec: Spec, start: float, uses: list[float]) -> list[Decimal]:
        """The register values read each morning: the start, then the running sum of use
        divided by the multiplier, wrapped at the rollover."""
        values, total = [], start
        for use in [0.0, *uses[1:]]:
            total += use / spec.multiplier
            value = total % spec.rollover if spec.rollover else total
            values.append(Decimal(f"{value:.2f}"))
        return values

    def history(self) -> None:
        """2005 and 2006: one load, the annex's meter replacement, then its later readings."""
        days, uses = self.calibrated()
        code, (day, moment), serial = REPLACED
        swap_at = _at(day, moment)
        before, after = [], []
        for spec in SPECS:
            values = self.register(spec, spec.start, uses[spec.code])
            for day, value in zip(days, values, strict=True):
                row = {"meter": self.meters[spec.code], "read_at": _at(day), "value": value}
                (after if spec.code == code and row["read_at"] > swap_at else before).append(row)
        readings_load(rows=before, by=self.fm, source=ReadingSource.IMPORT)
        self.replace(code, swap_at, serial, before, after)
        readings_load(rows=after, by=self.fm, source=ReadingSource.IMPORT)

    def replace(self, code: str, at: datetime, serial: str, before, after) -> None:
        """The old mechanical meter's final reading, the new electronic one from zero: the
        readings after the swap are shifted to the new register."""
        meter = self.meters[code]
        last = max((r for r in before if r["meter"] is meter), key=lambda r: r["read_at"])
        shift = (after[0]["value"] - last["value"]) / Decimal(24) * Decimal("1.5")
        final = (last["value"] + shift).quantize(Decimal("0.01"))
        meter_replace(
            meter=meter,
            at=at,
            final_value=final,
            serial=serial,
            initial_value=0,
            by=self.ctx.users.get("tech") or self.fm,
            note="机械式电能表计量偏差,更换为电子式多功能电能表",
        )
        self.meters[code].refresh_from_db()
        for row in after:
            row["value"] = row["value"] - final

    def this_year(self) -> None:
        """This year up to yesterday, posted by the collectors: an initial reading on 1 January,
        a confirmed jump in August and one awaiting review yesterday."""
        first, end = date(self.today.year, 1, 1), self.today
        days = list(_days(first, end))
        if len(days) < 40:
            return
        uses = self.uses(days, {E: 1.08, W: 1.05, G: 1.1})
        jump_code, (month, day), _note = CONFIRMED_JUMP
        jump_day = date(self.today.year, month, day)
        rows = []
        for spec in SPECS:
            series = uses[spec.code]
            if spec.code == jump_code and jump_day in days:
                series[days.index(jump_day)] *= 6
            if spec.code == PENDING_JUMP:
                series[-1] *= 9
            start = self.rng.randint(10_000, 60_000)
            for n, value in enumerate(self.register(spec, start, series)):
                row = {"meter": self.meters[spec.code], "read_at": _at(days[n]), "value": value}
                if n == 0:
                    row.update(kind=ReadingKind.INITIAL, note="远传抄表系统启用,重新确定基数")
                rows.append(row)
        readings_load(rows=rows, by=self.fm, source=ReadingSource.API)
        self.review(jump_code, jump_day)

    def review(self, code: str, day: date) -> None:
        reading = Reading.objects.filter(
            meter=self.meters[code], read_at=_at(day), flag_status="pending"
        ).first()
        if reading is not None:
            reading_review(reading=reading, by=self.fm, note=CONFIRMED_JUMP[2])

    def statistics(self) -> None:
        years = dict(YEARS)
        if self.today.year > 2006:
            years[self.today.year] = THIS_YEAR
        for year, (people, area, budget) in years.items():
            EnergyYear.objects.create(
                site=self.site, year=year, people=people, floor_area_m2=Decimal(area)
            )
            EnergyBudget.objects.bulk_create(
                EnergyBudget(site=self.site, year=year, item=BudgetItem(item), amount=amount)
                for item, amount in budget.items()
            )


def _price(kind: str, day: date) -> float:
    """The average price of a day's use under the demo tariffs (time-of-use periods pro rata:
    each covers eight hours)."""
    if kind != E:
        return 2.5
    table = TOU_PRICES[max(d for d in TOU_PRICES if d <= day)]
    return sum(float(table[p]) for p in ("peak", "flat", "valley")) / 3


class SuppliesLoader:
    """The office-supplies store: catalogue, purchases at the start of each year, departmental
    requisitions issued through the stock ledger, a few returns, this year's open requisitions."""

    def __init__(self, ctx):
        self.ctx, self.rng, self.site = ctx, random.Random(SEED + 1), ctx.site
        self.by = ctx.users.get("store") or ctx.users["admin"]
        keeper = Person.objects.filter(user=self.by).first()
        self.store = Store.objects.create(
            site=self.site, code="BGYP", name="办公用品库", keeper=keeper
        )
        self.items = {row[0]: self.item(row) for row in [*CATALOGUE, CORD]}
        self.weights = {row[0]: row[8] for row in CATALOGUE}
        self.usual = {row[0]: row[7] for row in CATALOGUE}
        self.on_hand = {code: Decimal(0) for code in self.items}
        people = Person.objects.filter(site=self.site, department__isnull=False)
        self.staff: dict = {}
        for person in people.select_related("department"):
            self.staff.setdefault(person.department.code, []).append(person)

    def item(self, row) -> Item:
        code, name, spec, unit, category, cost, reorder, *_ = row
        return Item.objects.create(
            site=self.site,
            code=code,
            name=name,
            spec=spec,
            unit=unit,
            ledger="office",
            category=category,
            unit_cost=Decimal(cost),
            reorder_level=Decimal(reorder),
        )

    # Planning --------------------------------------------------------------------------------

    def plan(self, year: int, target: float, months: range, last_day: int = 28) -> list[tuple]:
        """(moment, department code, [(item code, quantity)]) of the requisitions of ``months``,
        about ``target`` yuan a year, oldest first."""
        plan = []
        for month in months:
            budget, spent = target / 12 * (1.3 if month in (1, 12) else 0.97), 0.0
            while spent < budget:
                day = date(year, month, self.rng.randint(3, last_day))
                if day.weekday() >= 5:
                    continue
                lines = self.lines()
                spent += sum(float(self.items[c].unit_cost * q) for c, q in lines)
                dept = self.rng.choice(sorted(self.staff))
                plan.append(
                    (_at(day, time(self.rng.randint(9, 16), self.rng.randint(0, 59))), dept, lines)
                )
        return self.trimmed(plan, target * len(months) / 12)

    def trimmed(self, plan: list[tuple], target: float) -> list[tuple]:
        """The plan without randomly chosen requisitions until it costs at most ``target``."""
        value = [sum(float(self.items[c].unit_cost * q) for c, q in row[2]) for row in plan]
        total = sum(value)
        while total > target:
            n = self.rng.randrange(len(plan))
            total -= value.pop(n)
            plan.pop(n)
        return sorted(plan, key=lambda row: row[0])

    def lines(self) -> list[tuple[str, Decimal]]:
        codes = list(self.weights)
        chosen = set(self.rng.choices(codes, [self.weights[c] for c in codes], k=4))
        count = self.rng.randint(2, 4)
        return [(c, Decimal(self.usual[c] * self.rng.randint(2, 4))) for c in sorted(chosen)][
            :count
        ]

    # Writing ---------------------------------------------------------------------------------

    def receive(self, at: datetime, needs: dict[str, Decimal], lean: set = frozenset()) -> None:
        """A purchase bringing every item up to what ``needs`` asks and a buffer above its
        reorder level (none for ``lean`` items, which then run low)."""
        supplier = self.rng.choice(SUPPLIERS)
        for code, need in needs.items():
            item = self.items[code]
            buffer = Decimal(0) if code in lean else item.reorder_level * Decimal("1.5")
            short = (need + buffer - self.on_hand[code]).to_integral_value(ROUND_CEILING)
            if short > 0:
                stock_receive(
                    store=self.store,
                    item=item,
                    quantity=short,
                    by=self.by,
                    moved_at=at,
                    party=supplier,
                    note="集中采购入库",
                )
                self.on_hand[code] += short

    def run(self, plan: list[tuple], lean: set = frozenset()) -> list[Requisition]:
        """A purchase at the start of each year (and half-year this year), then every requisition
        of ``plan`` issued."""
        halves: dict[tuple, dict] = {}
        for at, _dept, lines in plan:
            half = halves.setdefault((at.year, at.year > 2006 and at.month > 6), {})
            for code, quantity in lines:
                half[code] = half.get(code, Decimal(0)) + quantity
        done = set()
        requisitions = []
        for at, dept, lines in plan:
            key = (at.year, at.year > 2006 and at.month > 6)
            if key not in done:
                day = date(at.year, 7 if key[1] else 1, 2)
                self.receive(_at(day, time(9)), halves[key], lean if key[1] else frozenset())
                done.add(key)
            requisitions.append(self.issued(at, dept, lines))
        return requisitions

    def issued(self, at: datetime, dept: str, lines) -> Requisition:
        """A requisition written as asked, approved and issued at ``at``."""
        person = self.rng.choice(self.staff[dept])
        asked = at - timedelta(days=1, hours=self.rng.randint(0, 5))
        req = Requisition.objects.create(
            site=self.site,
            number=next_numbers(site=self.site, prefix="LY", year=asked.year)[0],
            created_at=asked,
            created_by=person.user,
            department=self.ctx.departments[dept],
            requested_by=person,
            store=self.store,
            purpose=self.rng.choice(PURPOSES),
            status="issued",
            issued_at=at,
            issued_by=self.by,
            received_by=person.name,
        )
        RequisitionLine.objects.bulk_create(self.issue_line(req, code, q) for code, q in lines)
        return req

    def issue_line(self, req: Requisition, code: str, quantity: Decimal) -> RequisitionLine:
        """One line of ``req`` issued through the stock ledger at the requisition's moment."""
        item = self.items[code]
        move = stock_issue(
            store=self.store,
            item=item,
            quantity=quantity,
            by=self.by,
            moved_at=req.issued_at,
            party=req.department.name,
            reference=req,
            reference_text=req.number,
        )
        self.on_hand[code] -= quantity
        return RequisitionLine(
            site=self.site,
            requisition=req,
            item=item,
            quantity=quantity,
            issued_quantity=quantity,
            movement=move,
        )

    def give_back(self, req: Requisition, at: datetime) -> None:
        """One item of an issued requisition brought back unused (退库)."""
        line = req.lines.select_related("item").first()
        stock_return(
            store=self.store,
            item=line.item,
            quantity=Decimal(1),
            by=self.by,
            moved_at=at,
            party=req.department.name,
            note="型号不符,退库",
            reference=req,
            reference_text=req.number,
        )
        self.on_hand[line.item.code] += 1

    # The figure ------------------------------------------------------------------------------

    def close_2006(self) -> None:
        """The last issues of December 2006, worth exactly what brings the 2006 savings to
        63,000 yuan: the dearest items first, the odd yuan and fen in binding cord."""
        left = savings(site_ids=[self.site.pk], year=2006)["total"]["saving"] - SEED_SAVINGS
        if left < 10:
            raise RuntimeError(f"The demo's 2006 savings are short of the seed by {-left} yuan.")
        lines, rest = [], left - 5
        for code in sorted(self.usual, key=lambda c: -self.items[c].unit_cost):
            cost = self.items[code].unit_cost
            quantity = min(int(rest // cost), self.usual[code] * 3)
            if quantity > 0:
                lines.append((code, Decimal(quantity)))
                rest -= quantity * cost
        cord = (rest + 5) / self.items[CORD[0]].unit_cost
        lines.append((CORD[0], cord.quantize(Decimal("0.001"))))
        chunks = [lines[i : i + 4] for i in range(0, len(lines), 4)]
        needs = {code: quantity for code, quantity in lines}
        self.receive(_at(date(2006, 12, 25), time(9)), needs, lean=set(needs))
        for n, chunk in enumerate(chunks):
            at = _at(date(2006, 12, 26 + n % 4), time(10 + n // 4))
            self.issued(at, sorted(self.staff)[n % len(self.staff)], chunk)
        total = savings(site_ids=[self.site.pk], year=2006)["total"]["saving"]
        if total != SEED_SAVINGS:
            raise RuntimeError(f"The demo's 2006 savings came to {total}, not {SEED_SAVINGS}.")

    def history(self) -> None:
        """2005 and 2006 to 20 December, then the closing issues."""
        reqs05 = self.run(self.plan(2005, SUPPLIES_2005, range(1, 13)))
        self.give_back(reqs05[40], reqs05[40].issued_at + timedelta(days=3))
        spent05 = float(_supplies(self.site, 2005))
        target06 = spent05 - 16_000 - CLOSING_MARGIN
        reqs06 = self.plan(2006, target06, range(1, 13), last_day=20)
        issued06 = self.run(reqs06)
        self.give_back(issued06[25], issued06[25].issued_at + timedelta(days=2))
        self.close_2006()

    def current(self, today: date) -> None:
        """This year to last month as history, then requisitions through the services: three
        awaiting approval, one rejected, one approved and waiting, one issued today."""
        if today.month > 1:
            lean = {"BG-011", "BG-061", "BG-031"}
            self.run(self.plan(today.year, 70_000, range(1, today.month)), lean=lean)
        depts = ["FGJ", "CZJ", "ZZB", "XCB", "WYK", "HWK"]
        reqs = [self.submit(code, n) for n, code in enumerate(depts)]
        leader = self.ctx.users.get("leader")
        if leader is None:
            return
        self.decide(reqs[3], leader, approve=False, comment="本月已领用,请按定额合理安排")
        self.decide(reqs[4], leader, approve=True)
        self.decide(reqs[5], leader, approve=True)
        requisition_issue(requisition=reqs[5], by=self.by, received_by=reqs[5].requested_by.name)
        requisition_return(
            requisition=reqs[5], item=self.items["BG-021"], quantity=1, by=self.by, note="多领,退回"
        )

    def submit(self, dept: str, n: int) -> Requisition:
        staff = self.ctx.users.get("staff")
        person = self.staff[dept][0]
        by = self.by
        if dept == "FGJ" and staff is not None:
            person, by = Person.objects.get(user=staff), staff
        lines = [
            {"item": self.items[c], "quantity": q}
            for c, q in (("BG-021", 3), ("BG-001", 2), ("BG-041", 10 + n))
        ]
        return requisition_submit(
            department=self.ctx.departments[dept],
            requested_by=person,
            store=self.store,
            lines=lines,
            purpose=PURPOSES[n],
            by=by,
        )

    def decide(self, req: Requisition, leader, *, approve: bool, comment: str = "") -> None:
        request = ApprovalRequest.objects.filter(object_id=req.pk, kind="supplies_requisition")
        approval_decide(request=request.get(), by=leader, approve=approve, comment=comment)
        req.refresh_from_db()


def _supplies(site, year: int) -> Decimal:
    start, end = year_bounds(year)
    return supplies_cost(site_ids=[site.pk], start=start, end=end)


def load(ctx) -> None:
    """The energy and supplies demo records of the main site (see the module's docstring)."""
    energy = EnergyLoader(ctx)
    energy.meter_rows()
    energy.statistics()
    energy.history()
    supplies = SuppliesLoader(ctx)
    supplies.history()
    energy.this_year()
    supplies.current(energy.today)
