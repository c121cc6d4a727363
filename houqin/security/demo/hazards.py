"""The demo compound's cameras, alarms, hazards and incidents for 2005 and 2006: about forty
cameras on the site's places; camera alarms (mostly false alarms, some hazards); hazards found by
reports, patrols and cameras, nearly all rectified by a technician and verified by a second
person; a few open now and one overdue. Incidents: no criminal case and no safety accident in
2006 (未发生一起刑事案件和安全责任事故), a couple of public-order events each year and one minor
safety accident in 2005. Written in bulk, numbered per year like the visitor ledger."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from houqin.core.models import Location
from houqin.core.services import next_numbers
from houqin.security.choices import (
    AlarmResult,
    AlarmSource,
    AlarmStatus,
    CameraKind,
    CameraStatus,
    HazardCategory,
    HazardGrade,
    HazardSource,
    HazardStatus,
    IncidentKind,
    IncidentStatus,
)
from houqin.security.models import Alarm, Camera, Hazard, Incident

CAMERA_COUNT = 40
CAMERA_SPOTS = ["出入口", "走廊", "楼梯口", "电梯厅", "停车场", "周界", "大厅", "机房"]
ALARMS_PER_YEAR = 160
HAZARDS_PER_YEAR = 55
FALSE_ALARMS = ["树枝晃动触发移动侦测", "夜间车灯反光", "保洁人员作业", "小动物经过", "画面抖动"]
HAZARDS = {
    HazardCategory.FIRE: ["消防通道堆放杂物", "灭火器压力不足", "安全出口指示灯不亮"],
    HazardCategory.ELECTRICAL: ["配电箱门未关闭", "插线板串接使用", "电缆外皮老化破损"],
    HazardCategory.STRUCTURAL: ["外墙瓷砖松动", "楼梯扶手松动", "屋面渗漏"],
    HazardCategory.SECURITY: ["周界围栏破损", "门禁失灵", "监控探头被遮挡"],
    HazardCategory.SANITATION: ["垃圾清运不及时", "下水道堵塞外溢"],
    HazardCategory.OTHER: ["地面湿滑未设警示", "井盖缺失"],
}
RECTIFICATIONS = ["已清理完毕", "已更换", "已维修加固", "已整改并加强巡查", "已设置警示标志"]
PUBLIC_ORDER = ["上访人员在大门口聚集，经劝导后离开", "无关人员强行进入办公区，已劝离"]


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


def _moment(rng, year: int) -> datetime:
    day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    return datetime.combine(day, time(rng.randrange(24), rng.randrange(60)), _tz())


def _cameras(ctx) -> list[Camera]:
    places = list(Location.objects.filter(site=ctx.site, is_active=True).order_by("code"))
    rows = []
    for i in range(CAMERA_COUNT):
        place = places[i % len(places)] if places else None
        spot = CAMERA_SPOTS[i % len(CAMERA_SPOTS)]
        rows.append(
            Camera(
                site=ctx.site,
                code=f"SXT-{i + 1:03d}",
                name=f"{place.name if place else ''}{spot}{i // len(CAMERA_SPOTS) + 1}号",
                location=place,
                kind=ctx.rng.choice(list(CameraKind.values)),
                recorder=f"NVR-{i // 16 + 1}",
                channel=i % 16 + 1,
                status=CameraStatus.FAULTY if i in (7, 29) else CameraStatus.WORKING,
            )
        )
    return Camera.objects.bulk_create(rows)


def _number(ctx, records: list, prefix: str, when) -> None:
    """Give records numbers in date order, per year (as the services would have)."""
    records.sort(key=when)
    by_year: dict[int, list] = {}
    for record in records:
        by_year.setdefault(timezone.localtime(when(record)).year, []).append(record)
    for year, group in by_year.items():
        numbers = next_numbers(site=ctx.site, prefix=prefix, year=year, count=len(group))
        for record, number in zip(group, numbers, strict=True):
            record.number = number


def _alarms(ctx, cameras) -> list[Alarm]:
    rng, users = ctx.rng, ctx.users
    rows = []
    for year in (2005, 2006):
        for _ in range(ALARMS_PER_YEAR):
            at = _moment(rng, year)
            camera = rng.choice(cameras)
            result = rng.choices([AlarmResult.FALSE_ALARM, AlarmResult.HAZARD], [88, 12])[0]
            rows.append(
                Alarm(
                    site=ctx.site,
                    source=AlarmSource.CAMERA,
                    camera=camera,
                    location=camera.location,
                    raised_at=at,
                    description=f"{camera.name}报警",
                    assigned_to=users["duty"],
                    status=AlarmStatus.VERIFIED,
                    result=result,
                    verified_at=at + timedelta(minutes=rng.randint(3, 25)),
                    verified_by=users["duty"],
                    verification_note=rng.choice(FALSE_ALARMS)
                    if result == AlarmResult.FALSE_ALARM
                    else "现场核实发现隐患",
                    created_at=at,
                )
            )
    rows.append(_open_alarm(ctx, rng.choice(cameras)))
    _number(ctx, rows, "BJ", lambda a: a.raised_at)
    return Alarm.objects.bulk_create(rows, batch_size=1000)


def _open_alarm(ctx, camera) -> Alarm:
    """One camera alarm raised a few minutes ago, waiting for the duty officer."""
    at = timezone.now() - timedelta(minutes=8)
    return Alarm(
        site=ctx.site,
        source=AlarmSource.CAMERA,
        camera=camera,
        location=camera.location,
        raised_at=at,
        description=f"{camera.name}移动侦测报警",
        assigned_to=ctx.users["duty"],
        created_at=at,
    )


def _hazard(ctx, at: datetime, *, source=HazardSource.REPORT, alarm=None) -> Hazard:
    """A hazard found at ``at``, rectified within days and verified by a second person."""
    rng, users = ctx.rng, ctx.users
    category = rng.choice(list(HAZARDS))
    days = rng.choice([3, 7, 15])
    deadline = timezone.localtime(at).date() + timedelta(days=days)
    # rectified and verified well within the deadline: the compound keeps its promises
    rectified = at + timedelta(days=rng.randint(0, days - 2), hours=rng.randint(1, 6))
    return Hazard(
        site=ctx.site,
        source=source,
        location=alarm.location if alarm else None,
        place="" if alarm else rng.choice(CAMERA_SPOTS),
        description=rng.choice(HAZARDS[category]),
        category=category,
        grade=HazardGrade.MAJOR if rng.random() < 0.08 else HazardGrade.ORDINARY,
        found_at=at,
        owner_department=ctx.departments["BWK" if category == HazardCategory.SECURITY else "WYK"],
        deadline=deadline,
        status=HazardStatus.CLOSED,
        rectification=rng.choice(RECTIFICATIONS),
        rectified_at=rectified,
        rectified_by=users["tech"],
        verified_at=rectified + timedelta(hours=rng.randint(2, 16)),
        verified_by=rng.choice([users["supervisor"], users["secadmin"]]),
        alarm=alarm,
        camera=alarm.camera if alarm else None,
        created_at=at,
        created_by=rng.choice([users["guard"], users["duty"], users["tech"]]),
    )


def _open_now(ctx) -> list[Hazard]:
    """A few hazards still open today, one of them past its deadline."""
    now, today = timezone.now(), timezone.localdate()
    rows = []
    for days_ago, deadline_in, status in (
        (2, 5, HazardStatus.REPORTED),
        (6, 4, HazardStatus.RECTIFIED),
        (20, -3, HazardStatus.REPORTED),
    ):
        hazard = _hazard(ctx, now - timedelta(days=days_ago))
        hazard.deadline = today + timedelta(days=deadline_in)
        hazard.status, hazard.verified_at, hazard.verified_by = status, None, None
        if status == HazardStatus.REPORTED:
            hazard.rectification, hazard.rectified_at, hazard.rectified_by = "", None, None
        rows.append(hazard)
    return rows


def _hazards(ctx, alarms) -> None:
    rng = ctx.rng
    rows = [
        _hazard(ctx, a.raised_at, source=HazardSource.ALARM, alarm=a)
        for a in alarms
        if a.result == AlarmResult.HAZARD
    ]
    for year in (2005, 2006):
        for _ in range(HAZARDS_PER_YEAR):
            source = rng.choices([HazardSource.REPORT, HazardSource.PATROL], [40, 60])[0]
            rows.append(_hazard(ctx, _moment(rng, year), source=source))
    rows += _open_now(ctx)
    _number(ctx, rows, "YH", lambda h: h.found_at)
    Hazard.objects.bulk_create(rows, batch_size=1000)


def _minor_accident(ctx) -> Incident:
    """The one safety accident of the two years (2005): a slip, no lasting harm."""
    return Incident(
        site=ctx.site,
        kind=IncidentKind.SAFETY_ACCIDENT,
        occurred_at=datetime(2005, 8, 16, 10, 20, tzinfo=_tz()),
        place="附属楼楼梯",
        description="保洁员在湿滑楼梯上滑倒，手腕轻微扭伤",
        losses="一人轻微扭伤，无财产损失",
        follow_up="送医检查后当日返岗；楼梯增设防滑条",
        status=IncidentStatus.CLOSED,
        created_by=ctx.users["duty"],
    )


def _incidents(ctx) -> None:
    rng = ctx.rng
    rows = [
        Incident(
            site=ctx.site,
            kind=IncidentKind.PUBLIC_ORDER,
            occurred_at=_moment(rng, year),
            place="东大门",
            description=text,
            follow_up="已登记并向带班领导报告",
            status=IncidentStatus.CLOSED,
            created_by=ctx.users["duty"],
        )
        for year in (2005, 2006)
        for text in PUBLIC_ORDER
    ]
    rows.append(_minor_accident(ctx))
    for row in rows:
        row.created_at = row.occurred_at
        row.closed_at = row.occurred_at + timedelta(days=2)
    _number(ctx, rows, "SJ", lambda i: i.occurred_at)
    Incident.objects.bulk_create(rows)


def load(ctx) -> None:
    """Cameras, two years of alarms, hazards and incidents, and today's open hazards."""
    cameras = _cameras(ctx)
    alarms = _alarms(ctx, cameras)
    _hazards(ctx, alarms)
    _incidents(ctx)
