"""The demo compound's equipment registry: the category tree of the six systems the seed counts
plus drainage and the boiler, the readings each logged category takes, the plant rooms of both
buildings, about forty units with their maintenance contractors, six lifts with registration
and yearly periodic-inspection certificates (one expiring within 30 days of today, so the
dashboard warns), the three operating shifts and every unit's QR scan link."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from houqin.core import roles
from houqin.core.demo import person_name
from houqin.core.models import Building, Floor, Location, Membership, Person, ScanLink, User
from houqin.facilities import lifts
from houqin.facilities.choices import CertificateKind, SpecialKind, System
from houqin.facilities.models import (
    Certificate,
    Contractor,
    Equipment,
    EquipmentCategory,
    OperatingShift,
    ReadingField,
)

# (code, name, system, special kind, parent code)
CATEGORIES = [
    ("AC", "中央空调", System.CENTRAL_AC, "", None),
    ("AC-CH", "冷水机组", System.CENTRAL_AC, "", "AC"),
    ("AC-PU", "冷冻冷却水泵", System.CENTRAL_AC, "", "AC"),
    ("AC-CT", "冷却塔", System.CENTRAL_AC, "", "AC"),
    ("AC-AH", "空调机组", System.CENTRAL_AC, "", "AC"),
    ("EL", "电梯", System.ELEVATOR, "", None),
    ("EL-TR", "曳引式客梯", System.ELEVATOR, SpecialKind.TRACTION_LIFT, "EL"),
    ("WS", "供水", System.WATER_SUPPLY, "", None),
    ("WS-PU", "生活变频水泵", System.WATER_SUPPLY, "", "WS"),
    ("WS-TK", "生活水箱", System.WATER_SUPPLY, "", "WS"),
    ("PD", "配电", System.POWER_DISTRIBUTION, "", None),
    ("PD-TR", "变压器", System.POWER_DISTRIBUTION, "", "PD"),
    ("PD-LV", "低压配电柜", System.POWER_DISTRIBUTION, "", "PD"),
    ("PD-GE", "柴油发电机组", System.POWER_DISTRIBUTION, "", "PD"),
    ("FP", "消防", System.FIRE_PROTECTION, "", None),
    ("FP-AH", "火灾报警控制器", System.FIRE_PROTECTION, "", "FP"),
    ("FP-PU", "消防水泵", System.FIRE_PROTECTION, "", "FP"),
    ("TV", "电视监控", System.CCTV, "", None),
    ("TV-NV", "监控主机", System.CCTV, "", "TV"),
    ("DR", "给排水", System.OTHER, "", None),
    ("DR-PU", "排污泵", System.OTHER, "", "DR"),
    ("BL", "锅炉", System.OTHER, SpecialKind.BOILER, None),
]
# category code: (code, label, unit, lowest, highest, is_meter)
READINGS = {
    "AC-CH": [
        ("supply_temp", "供水温度", "°C", 6, 12, False),
        ("return_temp", "回水温度", "°C", 10, 17, False),
        ("hours", "累计运行小时", "h", None, None, True),
    ],
    "EL-TR": [("stops", "停站次数", "次", None, None, False)],
    "WS-PU": [("pressure", "出水压力", "MPa", "0.35", "0.60", False)],
    "PD-LV": [
        ("voltage", "电压", "V", 370, 420, False),
        ("current", "电流", "A", 100, 900, False),
        ("load", "负荷", "kW", 60, 560, False),
    ],
    "FP-AH": [("host_ok", "报警主机状态正常(1/0)", "", 1, 1, False)],
    "FP-PU": [("pressure", "管网压力", "MPa", "0.30", "0.50", False)],
    "TV-NV": [("online", "在线摄像机", "台", 38, 40, False)],
}
# (code, name, building code, level): the plant rooms the units stand in
ROOMS = [
    ("B-P01", "制冷机房", "B", 1),
    ("B-P02", "生活水泵房", "B", 1),
    ("B-P03", "高低压配电房", "B", 1),
    ("B-P04", "柴油发电机房", "B", 1),
    ("B-P05", "消防水泵房", "B", 1),
    ("B-P06", "锅炉房", "B", 1),
    ("A-P12", "屋面设备层", "A", 12),
    ("A-ML", "综合楼电梯机房", "A", 12),
    ("B-ML", "附属楼电梯机房", "B", 4),
    ("A-P01", "监控中心", "A", 1),
    ("A-AH04", "4楼空调机房", "A", 4),
    ("A-AH08", "8楼空调机房", "A", 8),
]
# Rooms where faults are reported (offices, toilets, halls).
REPORT_ROOMS = [
    ("A-201", "2楼第一会议室", "A", 2),
    ("A-305", "3楼办公区", "A", 3),
    ("A-3WC", "3楼卫生间", "A", 3),
    ("A-512", "5楼办公区", "A", 5),
    ("A-6WC", "6楼卫生间", "A", 6),
    ("A-701", "7楼常委会议室", "A", 7),
    ("A-903", "9楼办公区", "A", 9),
    ("A-11WC", "11楼卫生间", "A", 11),
    ("B-201", "附属楼2楼职工食堂", "B", 2),
    ("B-305", "附属楼3楼档案室", "B", 3),
]
CONTRACTORS = {
    "lift": ("郴州安达电梯维保有限公司", "TS3143001-2008", "刘工", "0735-2231567", "96333"),
    "ac": ("湖南新冷制冷设备安装有限公司", "", "陈经理", "0735-2856412", "13907356688"),
    "fire": ("湘南消防工程有限公司", "消维(湘)0315", "周工", "0735-2219119", "0735-2219119"),
    "power": ("郴州市电力安装工程公司", "", "黄工", "0735-2678120", "95598"),
}
# (code, name, category, room, contractor key, maker, model)
UNITS = [
    ("AC-CH01", "1号离心式冷水机组", "AC-CH", "B-P01", "ac", "约克", "YKEPEPP55CNF"),
    ("AC-CH02", "2号螺杆式冷水机组", "AC-CH", "B-P01", "ac", "开利", "30HXC200"),
    ("AC-PU01", "1号冷冻水泵", "AC-PU", "B-P01", "ac", "格兰富", "NK125-315"),
    ("AC-PU02", "2号冷冻水泵", "AC-PU", "B-P01", "ac", "格兰富", "NK125-315"),
    ("AC-PU03", "备用冷冻水泵", "AC-PU", "B-P01", "ac", "格兰富", "NK125-315"),
    ("AC-PU04", "1号冷却水泵", "AC-PU", "B-P01", "ac", "格兰富", "NK150-250"),
    ("AC-PU05", "2号冷却水泵", "AC-PU", "B-P01", "ac", "格兰富", "NK150-250"),
    ("AC-PU06", "备用冷却水泵", "AC-PU", "B-P01", "ac", "格兰富", "NK150-250"),
    ("AC-CT01", "1号冷却塔", "AC-CT", "A-P12", "ac", "良机", "LBC-300"),
    ("AC-CT02", "2号冷却塔", "AC-CT", "A-P12", "ac", "良机", "LBC-300"),
    ("AC-AH01", "4楼大厅空调机组", "AC-AH", "A-AH04", "ac", "约克", "YBFC-20"),
    ("AC-AH02", "4楼组合式空调机组", "AC-AH", "A-AH04", "ac", "约克", "YBFC-25"),
    ("AC-AH03", "8楼组合式空调机组", "AC-AH", "A-AH08", "ac", "约克", "YBFC-25"),
    ("AC-AH04", "会议室新风机组", "AC-AH", "A-AH04", "ac", "约克", "YBFC-10"),
    ("AC-AH05", "附属楼新风机组", "AC-AH", "B-P01", "ac", "约克", "YBFC-10"),
    ("AC-AH06", "食堂空调机组", "AC-AH", "B-P01", "ac", "约克", "YBFC-15"),
    ("EL-01", "综合楼1号客梯", "EL-TR", "A-ML", "lift", "三菱", "GPS-III"),
    ("EL-02", "综合楼2号客梯", "EL-TR", "A-ML", "lift", "三菱", "GPS-III"),
    ("EL-03", "综合楼3号客梯", "EL-TR", "A-ML", "lift", "三菱", "GPS-III"),
    ("EL-04", "综合楼4号客梯", "EL-TR", "A-ML", "lift", "三菱", "GPS-III"),
    ("EL-05", "附属楼1号客梯", "EL-TR", "B-ML", "lift", "奥的斯", "GEN2"),
    ("EL-06", "附属楼2号货梯", "EL-TR", "B-ML", "lift", "奥的斯", "GEN2"),
    ("WS-01", "1号生活变频水泵", "WS-PU", "B-P02", "", "威乐", "MVI-1608"),
    ("WS-02", "2号生活变频水泵", "WS-PU", "B-P02", "", "威乐", "MVI-1608"),
    ("WS-03", "屋顶不锈钢生活水箱", "WS-TK", "A-P12", "", "", "36 m³"),
    ("PD-01", "1号干式变压器", "PD-TR", "B-P03", "power", "顺特", "SCB10-800"),
    ("PD-02", "2号干式变压器", "PD-TR", "B-P03", "power", "顺特", "SCB10-800"),
    ("PD-03", "低压配电总柜", "PD-LV", "B-P03", "power", "正泰", "GCK"),
    ("PD-04", "消防及应急配电柜", "PD-LV", "B-P03", "power", "正泰", "GGD"),
    ("PD-05", "柴油发电机组", "PD-GE", "B-P04", "power", "康明斯", "C400D5"),
    ("FP-01", "火灾自动报警控制器", "FP-AH", "A-101", "fire", "海湾", "JB-QB-GST5000"),
    ("FP-02", "消火栓泵", "FP-PU", "B-P05", "fire", "上海连成", "XBD8/30"),
    ("FP-03", "自动喷淋泵", "FP-PU", "B-P05", "fire", "上海连成", "XBD7/25"),
    ("FP-04", "消防稳压泵组", "FP-PU", "B-P05", "fire", "上海连成", "ZW(L)-I-X-7"),
    ("TV-01", "监控中心主机", "TV-NV", "A-P01", "", "海康威视", "DS-8632N"),
    ("TV-02", "1号硬盘录像机", "TV-NV", "A-P01", "", "海康威视", "DS-8116HF"),
    ("TV-03", "2号硬盘录像机", "TV-NV", "A-P01", "", "海康威视", "DS-8116HF"),
    ("DR-01", "1号排污泵", "DR-PU", "B-P02", "", "凯泉", "WQ50-20"),
    ("DR-02", "2号排污泵", "DR-PU", "B-P02", "", "凯泉", "WQ50-20"),
    ("BL-01", "食堂热水锅炉", "BL", "B-P06", "", "郑锅", "CWNS0.7"),
]
# Each lift's year of acceptance and how many days from today its inspection anniversary falls:
# only the warned lift's is within the 30-day warning, whatever day the demo is loaded.
LIFT_ANNIVERSARY = {
    "EL-01": (1998, 75),
    "EL-02": (1998, 75),
    "EL-03": (1998, 18),
    "EL-04": (1998, 130),
    "EL-05": (2003, 200),
    "EL-06": (2003, 260),
}
WARNED_LIFT = "EL-03"  # its periodic inspection falls due within 30 days of today
SHIFTS = [("早班", time(8, 0)), ("中班", time(16, 0)), ("夜班", time(0, 0))]
EXTRA_TECHNICIANS = 3  # technicians without a demo login, to spread the work


@dataclass
class Plant:
    """What the other facilities demo modules need from the registry."""

    units: dict[str, Equipment]
    shifts: list[OperatingShift]
    fields: dict[str, list[ReadingField]]  # category code → its reading fields
    contractors: dict[str, Contractor]
    rooms: list[Location]
    technicians: list[User] = field(default_factory=list)
    operators: list[Person] = field(default_factory=list)


def _categories(ctx) -> dict[str, EquipmentCategory]:
    made: dict[str, EquipmentCategory] = {}
    for position, (code, name, system, special, parent) in enumerate(CATEGORIES):
        made[code] = EquipmentCategory.objects.create(
            site=ctx.site,
            code=code,
            name=name,
            system=system,
            special_kind=special,
            parent=made.get(parent) if parent else None,
            position=position,
        )
    return made


def _reading_fields(ctx, categories) -> dict[str, list[ReadingField]]:
    rows = []
    for code, specs in READINGS.items():
        for position, (field_code, label, unit, low, high, is_meter) in enumerate(specs):
            rows.append(
                ReadingField(
                    site=ctx.site,
                    category=categories[code],
                    code=field_code,
                    label=label,
                    unit=unit,
                    minimum=low,
                    maximum=high,
                    is_meter=is_meter,
                    is_required=not is_meter,
                    position=position,
                )
            )
    made = ReadingField.objects.bulk_create(rows)
    by_code: dict[str, list[ReadingField]] = {}
    for reading in made:
        by_code.setdefault(reading.category.code, []).append(reading)
    return by_code


def _rooms(ctx, specs, kind) -> dict[str, Location]:
    buildings = {b.code: b for b in Building.objects.filter(site=ctx.site)}
    floors = {(f.building_id, f.level): f for f in Floor.objects.filter(site=ctx.site)}
    rows = []
    for code, name, building_code, level in specs:
        building = buildings[building_code]
        floor = floors.get((building.pk, level))
        rows.append(
            Location(site=ctx.site, building=building, floor=floor, code=code, name=name, kind=kind)
        )
    return {loc.code: loc for loc in Location.objects.bulk_create(rows)}


def _contractors(ctx) -> dict[str, Contractor]:
    return {
        key: Contractor.objects.create(
            site=ctx.site,
            name=name,
            licence_no=licence,
            contact=contact,
            phone=phone,
            emergency_phone=emergency,
        )
        for key, (name, licence, contact, phone, emergency) in CONTRACTORS.items()
    }


def first_used_on(code: str) -> date:
    """The lift's acceptance date, on the day of year its anniversary falls (see above)."""
    year, ahead = LIFT_ANNIVERSARY[code]
    day = timezone.localdate() + timedelta(days=ahead)
    return date(year, day.month, min(day.day, 28))


def _units(ctx, categories, rooms, contractors) -> dict[str, Equipment]:
    rows = []
    for i, (code, name, category, room, contractor, maker, model) in enumerate(UNITS, start=1):
        is_lift = category == "EL-TR"
        first_used = first_used_on(code) if is_lift else None
        installed = first_used or date(1998 if i % 3 else 2003, 1 + i % 12, 1 + i % 27)
        rows.append(
            Equipment(
                site=ctx.site,
                code=code,
                name=name,
                category=categories[category],
                location=rooms[room],
                contractor=contractors.get(contractor),
                maker=maker,
                model_no=model,
                serial_no=f"SN{1998 + i % 6}{i:04d}",
                installed_on=installed - timedelta(days=60) if is_lift else installed,
                first_used_on=first_used,
                registration_no=f"梯11湘L{i:05d}({first_used.year % 100:02d})" if is_lift else "",
            )
        )
    return {unit.code: unit for unit in Equipment.objects.bulk_create(rows)}


def _lift_certificates(ctx, lift, today: date) -> list[Certificate]:
    """Each year's inspection (TSG T7001: periodic or self-testing) a few days before the
    anniversary of ``first_used_on``, from 2005 up to today; a periodic one is valid until the
    next anniversary."""
    rows, base = [], lift.first_used_on
    early = 5 if lift.code == WARNED_LIFT else 3 + ctx.rng.randrange(22)
    for n in range(2005 - base.year, today.year - base.year + 2):
        due = lifts.anniversary(base, n)
        if due - timedelta(days=early) > today:
            break
        kind = lifts.kind_of_year(n)
        rows.append(
            Certificate(
                site=ctx.site,
                equipment=lift,
                kind=kind,
                number=f"DJ-{lift.code}-{due.year}",
                issuer="郴州市特种设备检验所" if kind == lifts.PERIODIC else "维保单位自行检测",
                issued_on=due - timedelta(days=early),
                expires_on=lifts.anniversary(base, n + 1) if kind == lifts.PERIODIC else None,
            )
        )
    return rows


def _boiler_certificates(ctx, boiler, today: date) -> list[Certificate]:
    """Yearly periodic inspections of the boiler from 2005; the latest is valid ~5 months."""
    certs, issued = [], today.replace(year=today.year - 1) + timedelta(days=150)
    while issued.year >= 2005:
        certs.append(
            Certificate(
                site=ctx.site,
                equipment=boiler,
                kind=CertificateKind.PERIODIC,
                number=f"GL-{issued.year}",
                issuer="郴州市特种设备检验所",
                issued_on=issued,
                expires_on=issued.replace(year=issued.year + 1) - timedelta(days=1),
            )
        )
        issued = issued.replace(year=issued.year - 1)
    return certs


def _certificates(ctx, units) -> None:
    today, rows = timezone.localdate(), []
    for unit in units.values():
        if not unit.category.special_kind:
            continue
        rows.append(
            Certificate(
                site=ctx.site,
                equipment=unit,
                kind=CertificateKind.REGISTRATION,
                number=unit.registration_no or f"锅湘L{unit.pk:04d}",
                issuer="郴州市质量技术监督局",
                issued_on=unit.first_used_on or unit.installed_on,
            )
        )
        if unit.first_used_on:
            rows += _lift_certificates(ctx, unit, today)
        else:
            rows += _boiler_certificates(ctx, unit, today)
    Certificate.objects.bulk_create(rows)


def _scan_links(ctx, units) -> None:
    content_type = ContentType.objects.get_for_model(Equipment)
    ScanLink.objects.bulk_create(
        ScanLink(site=ctx.site, purpose="equipment", content_type=content_type, object_id=u.pk)
        for u in units.values()
    )


def _shifts(ctx) -> list[OperatingShift]:
    return OperatingShift.objects.bulk_create(
        OperatingShift(site=ctx.site, name=name, start_time=start, hours=8, position=i)
        for i, (name, start) in enumerate(SHIFTS)
    )


def _technicians(ctx) -> list[User]:
    """The demo login ``tech`` and a few colleagues who have no demo password."""
    group = Group.objects.get(name=roles.TECHNICIAN)
    wyk = ctx.departments.get("WYK")
    users = [ctx.users["tech"]] if "tech" in ctx.users else []
    for i in range(1, EXTRA_TECHNICIANS + 1):
        name = person_name(ctx.rng)
        user = User.objects.create_user(
            username=f"wyk-tech{i}", password=None, last_name=name[0], first_name=name[1:]
        )
        Person.objects.create(
            site=ctx.site, name=name, department=wyk, user=user, employee_no=f"WYK-T{i}"
        )
        Membership.objects.create(user=user, site=ctx.site, role=group)
        users.append(user)
    return users


def load(ctx) -> Plant:
    """The registry; returns what run logs, maintenance and work orders are built on."""
    categories = _categories(ctx)
    fields = _reading_fields(ctx, categories)
    rooms = _rooms(ctx, ROOMS, Location.Kind.PLANT)
    rooms["A-101"] = Location.objects.get(site=ctx.site, code="A-101")
    contractors = _contractors(ctx)
    units = _units(ctx, categories, rooms, contractors)
    _certificates(ctx, units)
    _scan_links(ctx, units)
    report_rooms = _rooms(ctx, REPORT_ROOMS, Location.Kind.ROOM)
    technicians = _technicians(ctx)
    operators = list(Person.objects.filter(user__in=technicians))
    return Plant(
        units=units,
        shifts=_shifts(ctx),
        fields=fields,
        contractors=contractors,
        rooms=list(report_rooms.values()),
        technicians=technicians,
        operators=operators,
    )
