"""The demo compound's work orders (报修 → 派工 → 维修 → 完工 → 评价): about 600 in 2006, a few
fewer in 2005 and this year to date. Staff report faults in offices, toilets and meeting rooms
(and on the air-conditioning, lifts and pumps), the public by scanning a label, operators from
abnormal run-log entries, the security office from safety hazards. Reports come in working
hours; each order is assigned within the hour, repaired the same day as a rule and mostly rated
4 or 5. A handful are still open now, assigned to the demo technician ``tech``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from houqin.core.demo import person_name
from houqin.core.services import next_numbers
from houqin.facilities.choices import WorkOrderPriority, WorkOrderSource, WorkOrderStatus
from houqin.facilities.models import RunLog, WorkOrder, WorkOrderPart
from houqin.security.choices import HazardCategory
from houqin.security.models import Hazard
from houqin.utils.workdays import calendar_day

PER_YEAR = {2005: 560, 2006: 600}
THIS_YEAR = 580  # a full year's worth; this year gets its share up to today
RUN_LOG_SHARE = 0.5  # abnormal run-log entries that became a work order
HAZARDS_PER_YEAR = 12
PUBLIC_SHARE = 0.2
RATED_SHARE = 0.85
HAZARD_CATEGORIES = [HazardCategory.FIRE, HazardCategory.ELECTRICAL, HazardCategory.STRUCTURAL]
# (fault, unit code prefix or "", what was done, part: (name, unit, quantity, unit price))
FAULTS = [
    ("办公室日光灯不亮", "", "更换灯管及镇流器", ("LED灯管", "根", 2, "18.00")),
    ("墙面插座无电", "", "更换损坏插座，检查线路", ("五孔插座", "个", 1, "15.00")),
    ("卫生间水龙头漏水", "", "更换水龙头阀芯", ("水龙头阀芯", "个", 1, "25.00")),
    ("卫生间蹲便器堵塞", "", "疏通管道", None),
    ("洗手池下水不畅", "", "清理存水弯", None),
    ("办公室门锁损坏，无法反锁", "", "更换门锁", ("执手门锁", "把", 1, "85.00")),
    ("窗户把手松动", "", "更换窗把手", ("窗把手", "个", 1, "12.00")),
    ("会议室话筒无声", "", "更换话筒电池，检修调音台", ("5号电池", "节", 4, "2.50")),
    ("走廊应急照明灯不亮", "", "更换应急灯电池", ("应急灯电池", "块", 1, "40.00")),
    ("饮水机漏水", "", "更换进水阀", ("进水阀", "个", 1, "30.00")),
    ("空调不制冷", "AC-AH", "清洗过滤网，调整风阀", ("空调过滤网", "片", 2, "35.00")),
    ("空调出风口滴水", "AC-AH", "疏通冷凝水管，重新包扎保温", ("橡塑保温管", "米", 3, "8.00")),
    ("电梯外呼按钮失灵", "EL-", "更换外呼按钮", ("电梯外呼按钮", "个", 1, "120.00")),
    ("电梯关门缓慢", "EL-", "调整门机皮带和门刀", None),
    ("排污泵频繁启动", "DR-", "更换浮球开关", ("浮球开关", "个", 1, "65.00")),
    ("食堂热水不热", "BL-", "清理燃烧器，调整温控器", None),
]
RUN_LOG_FIX = "检查处理，恢复正常运行"
HAZARD_FIX = "按隐患整改要求维修完毕"
COMMENTS = ["", "", "维修及时", "师傅很专业，谢谢", "处理得很快", "响应稍慢"]
RATINGS = [5] * 60 + [4] * 30 + [3] * 7 + [2] * 2 + [1]
RESPOND_WITHIN = {
    WorkOrderPriority.URGENT: timedelta(minutes=30),
    WorkOrderPriority.NORMAL: timedelta(hours=4),
    WorkOrderPriority.LOW: timedelta(hours=24),
}


class OrderBuilder:
    """Builds the work orders and their parts in memory for a bulk insert."""

    def __init__(self, ctx, plant, now: datetime):
        self.ctx, self.plant, self.rng, self.now = ctx, plant, ctx.rng, now
        self.orders: list[WorkOrder] = []
        self.parts: list[list[WorkOrderPart]] = []
        self.reporters = [u for name, u in sorted(ctx.users.items()) if name != "admin"]
        self.tz = timezone.get_current_timezone()

    def working_moment(self, year: int) -> datetime:
        """A moment in working hours of a working day of ``year`` before now."""
        last = min(date(year, 12, 31), timezone.localdate(self.now) - timedelta(days=1))
        span = (last - date(year, 1, 1)).days + 1
        for _attempt in range(20):
            day = date(year, 1, 1) + timedelta(days=self.rng.randrange(span))
            if calendar_day(day).is_workday:
                break
        minutes = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return datetime.combine(day, time(minutes // 60, minutes % 60), self.tz)

    def order(self, *, reported_at, source, description, **fields) -> WorkOrder:
        order = WorkOrder(
            site=self.ctx.site,
            source=source,
            description=description,
            reported_at=reported_at,
            created_at=reported_at,
            **fields,
        )
        if order.location is None and order.equipment is not None:
            order.location = order.equipment.location
        order.created_by = order.reporter
        self.orders.append(order)
        self.parts.append([])
        return order

    def general(self, year: int) -> None:
        """A staff or public report of an everyday fault."""
        text, prefix, fix, part = self.rng.choice(FAULTS)
        unit = self.unit(prefix)
        public = self.rng.random() < PUBLIC_SHARE
        order = self.order(
            reported_at=self.working_moment(year),
            source=WorkOrderSource.PUBLIC if public else WorkOrderSource.STAFF,
            description=f"{unit.name}{text}" if unit else text,
            equipment=unit,
            location=None if unit else self.rng.choice(self.plant.rooms),
            priority=self.priority(),
            reporter=None if public else self.rng.choice(self.reporters),
            reporter_name=person_name(self.rng) if public else "",
            reporter_phone=f"13{self.rng.randrange(10**9):09d}" if public else "",
        )
        self.work(order, fix)
        if part and self.rng.random() < 0.7:
            name, unit_name, quantity, price = part
            self.parts[-1].append(
                WorkOrderPart(
                    site=self.ctx.site,
                    name=name,
                    unit=unit_name,
                    quantity=Decimal(quantity),
                    unit_price=Decimal(price),
                )
            )

    def unit(self, prefix: str):
        if not prefix:
            return None
        units = [u for code, u in sorted(self.plant.units.items()) if code.startswith(prefix)]
        return self.rng.choice(units)

    def priority(self) -> str:
        roll = self.rng.random()
        if roll < 0.1:
            return WorkOrderPriority.URGENT
        return WorkOrderPriority.LOW if roll > 0.85 else WorkOrderPriority.NORMAL

    def from_log(self, log: RunLog) -> None:
        operator = self.ctx_user(log.created_by_id)
        order = self.order(
            reported_at=min(log.ended_at + timedelta(minutes=5), self.now),
            source=WorkOrderSource.RUN_LOG,
            description=f"{log.equipment.name}：{log.anomaly}"[:500],
            equipment=log.equipment,
            priority=WorkOrderPriority.URGENT if log.is_accident else WorkOrderPriority.NORMAL,
            reporter=operator,
        )
        self.work(order, RUN_LOG_FIX)
        log.work_order = order

    def from_hazard(self, hazard) -> None:
        order = self.order(
            reported_at=min(hazard.found_at + timedelta(hours=1), self.now),
            source=WorkOrderSource.HAZARD,
            description=hazard.description,
            location=hazard.location,
            hazard=hazard,
            reporter=self.ctx.users.get("secadmin"),
        )
        self.work(order, HAZARD_FIX)

    def ctx_user(self, user_id):
        for user in self.plant.technicians:
            if user.pk == user_id:
                return user
        return None

    def work(self, order: WorkOrder, fix: str) -> None:
        """Assigned, started, repaired and (mostly) rated — as far as ``now`` allows."""
        rng = self.rng
        order.respond_by = order.reported_at + RESPOND_WITHIN[order.priority]
        order.assigned_to = rng.choice(self.plant.technicians)
        order.assigned_at = order.reported_at + timedelta(minutes=rng.randint(5, 45))
        delay = {"urgent": (5, 25), "normal": (15, 200), "low": (120, 1200)}[order.priority]
        order.started_at = order.assigned_at + timedelta(minutes=rng.randint(*delay))
        order.completed_at = order.started_at + timedelta(minutes=rng.randint(20, 240))
        hours = (order.completed_at - order.started_at).total_seconds() / 3600
        order.labour_hours = Decimal(max(1, round(hours * 2))) / 2
        order.resolution = fix
        if rng.random() < RATED_SHARE:
            order.rated_at = order.completed_at + timedelta(hours=rng.randint(1, 30))
            order.rating = rng.choice(RATINGS)
            order.rating_comment = rng.choice(COMMENTS)
        self.settle(order)

    def settle(self, order: WorkOrder) -> None:
        """The status the timestamps give at ``now``; later steps have not happened yet."""
        steps = [
            ("rated_at", WorkOrderStatus.CLOSED),
            ("completed_at", WorkOrderStatus.DONE),
            ("started_at", WorkOrderStatus.IN_PROGRESS),
            ("assigned_at", WorkOrderStatus.ASSIGNED),
        ]
        order.status = WorkOrderStatus.REPORTED
        for name, status in reversed(steps):
            moment = getattr(order, name)
            if moment is not None and moment <= self.now:
                order.status = status
            else:
                self.clear_from(order, name)
                break
        if order.status == WorkOrderStatus.CLOSED:
            order.closed_at = order.rated_at
        elif order.status == WorkOrderStatus.DONE and self.now - order.completed_at > timedelta(
            days=3
        ):
            order.status, order.closed_at = (
                WorkOrderStatus.CLOSED,
                order.completed_at + timedelta(days=3),
            )  # closed by hand when the reporter did not rate

    @staticmethod
    def clear_from(order: WorkOrder, name: str) -> None:
        names = ["assigned_at", "started_at", "completed_at", "rated_at"]
        for later in names[names.index(name) :]:
            setattr(order, later, None)
        if order.completed_at is None:
            order.resolution, order.labour_hours = "", None
        if order.rated_at is None:
            order.rating, order.rating_comment = None, ""
        if order.assigned_at is None:
            order.assigned_to = None

    def open_now(self, tech) -> None:
        """A handful of orders still open, for the technician's and the dispatcher's lists."""
        stages = [WorkOrderStatus.REPORTED, WorkOrderStatus.ASSIGNED, WorkOrderStatus.ASSIGNED]
        stages += [WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.IN_PROGRESS]
        for i, stage in enumerate(stages):
            text = FAULTS[(i * 5) % len(FAULTS)][0]
            order = self.order(
                reported_at=self.now - timedelta(hours=2 + 7 * i),
                source=WorkOrderSource.STAFF,
                description=text,
                location=self.rng.choice(self.plant.rooms),
                reporter=self.rng.choice(self.reporters),
            )
            order.status = stage
            order.respond_by = order.reported_at + RESPOND_WITHIN[order.priority]
            if stage != WorkOrderStatus.REPORTED:
                order.assigned_to = tech
                order.assigned_at = order.reported_at + timedelta(minutes=20)
            if stage == WorkOrderStatus.IN_PROGRESS:
                order.started_at = order.assigned_at + timedelta(minutes=40)

    def save(self) -> list[WorkOrder]:
        by_year: dict[int, list[WorkOrder]] = {}
        pairs = sorted(zip(self.orders, self.parts, strict=True), key=lambda p: p[0].reported_at)
        self.orders, self.parts = [p[0] for p in pairs], [p[1] for p in pairs]
        for order in self.orders:
            by_year.setdefault(timezone.localtime(order.reported_at).year, []).append(order)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="WX", year=year, count=len(group))
            for order, number in zip(group, numbers, strict=True):
                order.number = number
        WorkOrder.objects.bulk_create(self.orders, batch_size=1000)
        for order, parts in zip(self.orders, self.parts, strict=True):
            for part in parts:
                part.work_order = order
        WorkOrderPart.objects.bulk_create(p for group in self.parts for p in group)
        return self.orders


def _hazards(ctx, year: int, now: datetime) -> list:
    hazards = Hazard.objects.filter(
        site=ctx.site, found_at__year=year, found_at__lt=now, category__in=HAZARD_CATEGORIES
    )
    return list(hazards.order_by("found_at")[:HAZARDS_PER_YEAR])


def load(ctx, plant, abnormal: list[RunLog]) -> list[WorkOrder]:
    """Every year's orders; abnormal run-log entries get some, linked both ways."""
    now = timezone.now()
    builder = OrderBuilder(ctx, plant, now)
    linked = [log for log in abnormal if log.is_accident or ctx.rng.random() < RUN_LOG_SHARE]
    for log in linked:
        builder.from_log(log)
    localnow = timezone.localdate(now)  # this year's share counts the days before today
    this_year = localnow.year
    for year in sorted({2005, 2006, this_year}):
        hazards = _hazards(ctx, year, now)
        for hazard in hazards:
            builder.from_hazard(hazard)
        total = PER_YEAR.get(year) or THIS_YEAR * (localnow.timetuple().tm_yday - 1) // 365
        made = sum(1 for log in linked if log.shift_date.year == year) + len(hazards)
        for _i in range(max(0, total - made)):
            builder.general(year)
    if "tech" in ctx.users:
        builder.open_now(ctx.users["tech"])
    orders = builder.save()
    RunLog.objects.bulk_update(linked, ["work_order"], batch_size=1000)
    return orders
