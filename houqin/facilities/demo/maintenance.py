"""The demo compound's preventive maintenance: every lift's TSG T5002 half-monthly, quarterly,
half-yearly and yearly maintenance by the lift contractor; the fire facilities' GB 25201 daily
patrol, monthly check and yearly test; the compound's own plans for the chillers, cooling
towers, pumps, water tank, transformers, generator and boiler. Tasks of 2005, 2006 and this year
are written in bulk: mostly done on time, some late, a few overdue now, the next month's
scheduled."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from houqin.core.services import next_numbers
from houqin.facilities import schedule
from houqin.facilities.choices import HolidayRule, IntervalUnit, TaskStatus
from houqin.facilities.choices import MaintenanceStandard as Std
from houqin.facilities.models import MaintenancePlan, MaintenanceTask, PlanItem, TaskCheck
from houqin.facilities.schedule import STANDARD_RULES, Rule

LIFT_ITEMS = {
    Std.LIFT_HALF_MONTH: [
        "机房、滑轮间环境",
        "手动紧急操作装置",
        "曳引机、制动器工作情况",
        "轿门、层门门锁触点",
        "轿厢照明、风扇、应急照明",
        "轿厢检修开关、急停开关",
        "对讲装置",
    ],
    Std.LIFT_QUARTER: ["减速机润滑油", "制动器动作灵活可靠", "编码器清洁", "限速器轮槽"],
    Std.LIFT_HALF_YEAR: [
        "电动机与减速机联轴器",
        "曳引轮槽、钢丝绳磨损",
        "限速器钢丝绳",
        "对重缓冲距",
        "补偿链（绳）与轿厢、对重接合处",
    ],
    Std.LIFT_YEAR: [
        "控制柜接触器、继电器触点",
        "制动器铁芯（柱塞）",
        "导轨支架",
        "层门装置",
        "上行超速保护装置动作试验",
        "轿厢称重装置",
    ],
}
FIRE_ITEMS = {
    Std.FIRE_DAILY: [
        "火灾报警控制器运行状态",
        "消防控制室值班记录",
        "疏散通道、安全出口",
        "应急照明和疏散指示标志",
    ],
    Std.FIRE_MONTH: [
        "消火栓箱及配件",
        "灭火器压力和有效期",
        "消防水泵手动启泵试验",
        "喷淋末端试水装置",
        "防火门闭门器",
    ],
    Std.FIRE_YEAR: [
        "火灾探测器逐一功能试验",
        "联动控制功能试验",
        "消防水泵流量压力测试",
        "防排烟系统联动",
        "检测报告出具",
    ],
}
# (unit codes, name, standard, every, unit, first date, holiday rule, contractor, items)
PLANS = [
    (
        ["AC-CH01", "AC-CH02"],
        "冷水机组季度保养",
        Std.OWN,
        3,
        IntervalUnit.MONTH,
        "01-20",
        ["检查冷媒压力", "清洗水过滤器", "紧固电气接线", "检查油位油色"],
    ),
    (
        ["AC-CH01", "AC-CH02"],
        "冷水机组开机前年度检修",
        Std.OWN,
        1,
        IntervalUnit.YEAR,
        "04-20",
        ["冷凝器通炮清洗", "更换润滑油及油过滤器", "安全保护装置校验"],
    ),
    (
        ["AC-CT01", "AC-CT02"],
        "冷却塔清洗",
        Std.OWN,
        6,
        IntervalUnit.MONTH,
        "05-08",
        ["清洗塔盘和填料", "检查风机皮带", "水质处理"],
    ),
    (
        ["AC-PU01", "AC-PU04", "WS-01", "WS-02"],
        "水泵半年保养",
        Std.OWN,
        6,
        IntervalUnit.MONTH,
        "03-15",
        ["轴承加注润滑脂", "检查机械密封", "测量电机绝缘"],
    ),
    (
        ["WS-03"],
        "生活水箱清洗消毒",
        Std.OWN,
        6,
        IntervalUnit.MONTH,
        "04-10",
        ["排空清洗", "消毒", "水质送检"],
    ),
    (
        ["PD-01", "PD-02"],
        "变压器预防性试验",
        Std.OWN,
        1,
        IntervalUnit.YEAR,
        "11-10",
        ["绝缘电阻测试", "直流电阻测试", "清扫紧固"],
    ),
    (
        ["PD-05"],
        "柴油发电机组月度试运行",
        Std.OWN,
        1,
        IntervalUnit.MONTH,
        "01-25",
        ["空载试运行15分钟", "检查蓄电池电压", "检查油位水位"],
    ),
    (
        ["BL-01"],
        "锅炉年度检修",
        Std.OWN,
        1,
        IntervalUnit.YEAR,
        "09-12",
        ["清理燃烧器", "安全阀校验", "水垢清除"],
    ),
]
LIFT_PLANS = [
    ("半月维护保养", Std.LIFT_HALF_MONTH, 15, IntervalUnit.DAY, "01-05"),
    ("季度维护保养", Std.LIFT_QUARTER, 3, IntervalUnit.MONTH, "01-12"),
    ("半年维护保养", Std.LIFT_HALF_YEAR, 6, IntervalUnit.MONTH, "03-12"),
    ("年度维护保养", Std.LIFT_YEAR, 1, IntervalUnit.YEAR, "08-12"),
]
FIRE_PLANS = [
    ("FP-01", "消防设施每日巡查", Std.FIRE_DAILY, 1, IntervalUnit.DAY, "01-01"),
    ("FP-01", "消防设施月度检查", Std.FIRE_MONTH, 1, IntervalUnit.MONTH, "01-10"),
    ("FP-01", "消防设施年度检测", Std.FIRE_YEAR, 1, IntervalUnit.YEAR, "11-20"),
]
YEARLY_CONTRACTOR = {"PD": "power", "AC": "ac"}  # yearly work on these units is contracted
LATE_SHARE = 0.08
OVERDUE_WINDOW = 12  # days before today in which the overdue tasks fall due
OVERDUE_NOW = 3
HORIZON = 30  # tasks are generated this many days ahead


def is_daily(plan: MaintenancePlan) -> bool:
    return plan.interval_unit == IntervalUnit.DAY and plan.interval == 1


def _first(md: str) -> date:
    month, day = md.split("-")
    return date(2005, int(month), int(day))


def _specs() -> list[tuple]:
    """(unit code, name, standard, every, unit, first date, contractor key, items) per plan."""
    specs = []
    for code in ("EL-01", "EL-02", "EL-03", "EL-04", "EL-05", "EL-06"):
        for name, std, every, unit, first in LIFT_PLANS:
            specs.append((code, name, std, every, unit, first, "lift", LIFT_ITEMS[std]))
    for code, name, std, every, unit, first in FIRE_PLANS:
        specs.append((code, name, std, every, unit, first, "fire", FIRE_ITEMS[std]))
    for codes, name, std, every, unit, first, items in PLANS:
        yearly = unit == IntervalUnit.YEAR
        contractor = YEARLY_CONTRACTOR.get(codes[0][:2], "") if yearly else ""
        specs += [(c, name, std, every, unit, first, contractor, items) for c in codes]
    return specs


def _plans(ctx, plant) -> list[tuple[MaintenancePlan, list[str]]]:
    made = []
    for code, name, std, every, unit, first, contractor, items in _specs():
        equipment = plant.units[code]
        rule = STANDARD_RULES.get(std, Rule(every, unit, HolidayRule.LATER))
        plan = MaintenancePlan(
            site=ctx.site,
            equipment=equipment,
            name=f"{equipment.name}{name}" if std != Std.OWN else f"{code} {name}",
            standard=std,
            interval=rule.interval,
            interval_unit=rule.unit,
            start_on=_first(first),
            holiday_rule=rule.holiday_rule,
            lead_days=1 if (every, unit) == (1, IntervalUnit.DAY) else 3,
            assignee=None if contractor else ctx.rng.choice(plant.operators),
            contractor=plant.contractors.get(contractor),
        )
        made.append((plan, items))
    MaintenancePlan.objects.bulk_create([plan for plan, _items in made])
    PlanItem.objects.bulk_create(
        PlanItem(site=ctx.site, plan=plan, text=text, position=i)
        for plan, items in made
        for i, text in enumerate(items)
    )
    return made


def occurrences(plan: MaintenancePlan, years: set[int], until: date) -> list[tuple[date, date]]:
    """(rule date, due date) of the plan up to ``until`` in one of the demo's ``years``."""
    rule = Rule(plan.interval, plan.interval_unit, plan.holiday_rule)
    rule = STANDARD_RULES.get(plan.standard, rule)
    return [
        pair
        for pair in schedule.occurrences(plan.start_on, rule, through=until)
        if pair[0].year in years
    ]


class TaskBuilder:
    """Builds tasks and their checklist lines in memory for a bulk insert."""

    def __init__(self, ctx, today: date, users: dict):
        self.ctx, self.rng, self.today = ctx, ctx.rng, today
        self.tasks: list[MaintenanceTask] = []
        self.checks: list[list[TaskCheck]] = []
        self.users = users  # person id → user, for who recorded the work
        self.tz = timezone.get_current_timezone()

    def add(self, plan: MaintenancePlan, items: list[str], scheduled: date, due: date) -> None:
        task = MaintenanceTask(
            site=self.ctx.site,
            plan=plan,
            equipment=plan.equipment,
            scheduled_on=scheduled,
            due_on=due,
            assignee=plan.assignee,
            created_at=self.moment(due - timedelta(days=HORIZON), time(1, 0)),
        )
        self.status(task, plan)
        done = task.status == TaskStatus.DONE
        self.tasks.append(task)
        self.checks.append(
            [
                TaskCheck(site=self.ctx.site, text=text, position=i, passed=True if done else None)
                for i, text in enumerate(items)
            ]
        )

    def moment(self, day: date, at: time) -> datetime:
        return min(datetime.combine(day, at, self.tz), timezone.now())

    def status(self, task: MaintenanceTask, plan: MaintenancePlan) -> None:
        if task.due_on >= self.today:
            ahead = (task.due_on - self.today).days
            task.status = TaskStatus.DUE if ahead <= plan.lead_days else TaskStatus.SCHEDULED
            return
        late = not is_daily(plan) and self.rng.random() < LATE_SHARE
        done_on = task.due_on + timedelta(days=self.rng.randint(1, 6) if late else 0)
        done_on = min(done_on, self.today - timedelta(days=1))
        task.status = TaskStatus.DONE
        task.done_at = self.moment(done_on, time(self.rng.randint(9, 16), self.rng.randrange(60)))
        task.done_by = self.users.get(plan.assignee_id) or self.users.get("fm")
        task.result = "配件到货后完成，设备运行正常" if late else "按计划完成，设备运行正常"

    def leave_overdue(self, count: int) -> None:
        """The latest few periodic tasks due before today are not done yet: overdue now."""
        window = self.today - timedelta(days=OVERDUE_WINDOW)
        recent = [
            (task, checks)
            for task, checks in zip(self.tasks, self.checks, strict=True)
            if window <= task.due_on < self.today and not is_daily(task.plan)
        ]
        recent.sort(key=lambda pair: pair[0].due_on, reverse=True)
        for task, checks in recent[:count]:
            task.status, task.done_at, task.done_by, task.result = (
                TaskStatus.OVERDUE,
                None,
                None,
                "",
            )
            for check in checks:
                check.passed = None

    def save(self) -> None:
        by_year: dict[int, list[MaintenanceTask]] = {}
        for task in self.tasks:
            by_year.setdefault(task.due_on.year, []).append(task)
        for year, group in by_year.items():
            group.sort(key=lambda t: (t.due_on, t.plan.pk))
            numbers = next_numbers(site=self.ctx.site, prefix="WB", year=year, count=len(group))
            for task, number in zip(group, numbers, strict=True):
                task.number = number
        MaintenanceTask.objects.bulk_create(self.tasks, batch_size=1000)
        for task, checks in zip(self.tasks, self.checks, strict=True):
            for check in checks:
                check.task = task
        TaskCheck.objects.bulk_create((c for g in self.checks for c in g), batch_size=2000)


def load(ctx, plant) -> None:
    """Plans with their checklists, and their tasks of 2005, 2006 and this year."""
    today = timezone.localdate()
    until = today + timedelta(days=HORIZON)
    users = {person.pk: person.user for person in plant.operators}
    users["fm"] = ctx.users.get("fm")
    builder = TaskBuilder(ctx, today, users)
    plans = _plans(ctx, plant)
    for plan, items in plans:
        for scheduled, due in occurrences(plan, {2005, 2006, today.year}, until):
            builder.add(plan, items, scheduled, due)
        plan.generated_through = until
    builder.leave_overdue(OVERDUE_NOW)
    builder.save()
    MaintenancePlan.objects.bulk_update([p for p, _i in plans], ["generated_through"])
