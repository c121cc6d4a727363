"""The signage module's part of the demo compound: six screens of the 区机关大院 and the messages
shown on them over 2005, 2006 and this year.

One message counts once in the year's figure (图文信息) however many screens show it, and only
approved, non-void ones count, by the day they start showing: exactly 568 in 2006 and 541 in
2005, as the annual reports state. Some go to every screen, most to a few; a handful each year
were rejected, withdrawn or left as drafts, and two were voided after approval — none of those
count. Today's current messages make the display pages show something.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from houqin.core.models import Building, Floor, Location
from houqin.core.services import next_numbers
from houqin.signage.choices import MessageKind, MessageStatus, ScreenKind
from houqin.signage.models import Message, Screen
from houqin.utils.workdays import calendar_day

APPROVED = {2005: 541, 2006: 568}
THIS_YEAR = 590  # a full year's worth; this year gets its share up to today
# Not counted, each year: (status, how many)
NOT_COUNTED = [
    (MessageStatus.REJECTED, 4),
    (MessageStatus.WITHDRAWN, 3),
    (MessageStatus.DRAFT, 2),
]
VOIDED = 2
ALL_SCREENS_SHARE = 0.35
MONTH_WEIGHT = {1: 9, 2: 6, 3: 10, 4: 10, 5: 10, 6: 10, 7: 9, 8: 6, 9: 10, 10: 10, 11: 11, 12: 13}
# (code, name, kind, location code, location name, building, floor, portrait)
SCREENS = [
    ("LED-01", "大厅LED屏", ScreenKind.LED, "A-HALL", "综合楼一楼大厅", "A", 1, False),
    ("LOB-B1", "附属楼大厅显示屏", ScreenKind.LOBBY, "B-HALL", "附属楼一楼大厅", "B", 1, False),
    ("ELV-A1", "综合楼1号电梯屏", ScreenKind.ELEVATOR, "A-EL1", "综合楼1号电梯厅", "A", 1, True),
    ("ELV-A2", "综合楼2号电梯屏", ScreenKind.ELEVATOR, "A-EL2", "综合楼2号电梯厅", "A", 1, True),
    ("ELV-B1", "附属楼电梯屏", ScreenKind.ELEVATOR, "B-EL1", "附属楼电梯厅", "B", 1, True),
    ("KSK-01", "食堂信息查询机", ScreenKind.KIOSK, "B-201", "附属楼2楼职工食堂", "B", 2, True),
]
# (kind of text, title, body, days shown)
TEXTS = [
    ("会议通知", "会议通知", "{day}在大会议室召开{topic}，请参会人员提前十分钟入场。", 2),
    ("会议通知", "会议通知", "{day}下午在视频会议室召开{topic}，请相关科室负责人参加。", 2),
    ("政策宣传", "政策宣传", "厉行节约、反对浪费，人走灯灭、节约用水，从我做起。", 14),
    ("政策宣传", "政策宣传", "深入学习贯彻{topic}精神，推进机关作风建设。", 10),
    ("政策宣传", "公共机构节能", "夏季空调温度不低于26℃，冬季不高于20℃。", 14),
    ("安全提示", "安全提示", "请勿在楼道堆放杂物，保持消防通道畅通。", 7),
    ("安全提示", "安全提示", "外来人员请到东大门登记，配合门卫查验证件。", 7),
    ("安全提示", "消防安全", "本月{day}进行消防演练，听到警报请按疏散路线撤离。", 5),
    ("天气预警", "天气预警", "气象台发布暴雨蓝色预警，请关好门窗，注意出行安全。", 2),
    ("天气预警", "天气预警", "气象台发布高温黄色预警，请注意防暑降温。", 3),
    ("天气预警", "天气预警", "气象台发布寒潮预警，请注意防寒保暖、防冰冻。", 3),
    ("服务信息", "食堂公告", "职工食堂本周推出{topic}，欢迎品尝。", 5),
    ("服务信息", "停水通知", "{day}9:00—12:00综合楼二次供水设备检修，届时停水。", 2),
]
TOPICS = ["工作会议", "专题学习会", "安全生产工作会", "党风廉政建设会", "业务培训会", "湘南风味菜"]
GREETINGS = {
    "New Year's Day": "恭祝全体干部职工元旦快乐！",
    "Spring Festival": "恭祝全体干部职工新春快乐、万事如意！",
    "Tomb-sweeping Day": "清明时节，文明祭扫，注意防火。",
    "Labour Day": "向辛勤工作的全体劳动者致敬！五一节快乐！",
    "Dragon Boat Festival": "端午安康！",
    "Mid-autumn Festival": "中秋快乐，阖家团圆！",
    "National Day": "热烈庆祝中华人民共和国成立{years}周年！",
}
CURRENT = [
    ("欢迎标语", "欢迎各级领导莅临指导工作！", True),
    ("安全提示", "冬季用电安全：下班请关闭电暖器、饮水机电源。", True),
    ("会议通知", "今天下午在大会议室召开年度工作推进会，请参会人员准时出席。", False),
    ("服务信息", "职工食堂今日供应：红烧鱼块、清炒时蔬、冬瓜排骨汤。", False),
    ("天气预警", "近期气温下降，请注意添衣保暖、出行安全。", True),
]


def _location(ctx, code, name, building, level) -> Location:
    found = Location.objects.filter(site=ctx.site, code=code).first()
    if found is not None:  # the facilities demo made the canteen already
        return found
    build = Building.objects.get(site=ctx.site, code=building)
    floor = Floor.objects.get(building=build, level=level)
    return Location.objects.create(site=ctx.site, building=build, floor=floor, code=code, name=name)


def _screens(ctx, now: datetime) -> list[Screen]:
    rows = [
        Screen(
            site=ctx.site,
            code=code,
            name=name,
            kind=kind,
            location=_location(ctx, place, place_name, building, level),
            is_portrait=portrait,
            last_seen_at=now - timedelta(seconds=30 + 17 * i),
        )
        for i, (code, name, kind, place, place_name, building, level, portrait) in enumerate(
            SCREENS
        )
    ]
    return Screen.objects.bulk_create(rows)


class MessageBuilder:
    """Builds the messages and their screens in memory for a bulk insert."""

    def __init__(self, ctx, screens: list[Screen], now: datetime):
        self.ctx, self.rng, self.screens, self.now = ctx, ctx.rng, screens, now
        self.tz = timezone.get_current_timezone()
        self.author = ctx.users.get("mm") or ctx.users["admin"]
        self.messages: list[Message] = []
        self.targets: list[list[Screen]] = []

    def days(self, first: date, last: date) -> tuple[list[date], list[int]]:
        """Working days (weighted by season) and the holidays' first days with their names."""
        days, weights, holidays = [], [], {}
        day = first
        while day <= last:
            info = calendar_day(day)
            if info.is_workday:
                days.append(day)
                weights.append(MONTH_WEIGHT[day.month])
            elif info.holiday in GREETINGS and info.holiday not in holidays.values():
                holidays[day] = info.holiday
            day += timedelta(days=1)
        self.holidays = holidays
        return days, weights

    def message(self, start: datetime, title: str, body: str, days: int, status) -> Message:
        rng = self.rng
        created = start - timedelta(hours=rng.randint(2, 30))
        message = Message(
            site=self.ctx.site,
            title=title,
            kind=MessageKind.TEXT,
            body=body,
            valid_from=start,
            valid_until=start + timedelta(days=days),
            seconds=rng.choice((10, 15, 15, 20)),
            all_screens=rng.random() < ALL_SCREENS_SHARE,
            status=status,
            created_at=min(created, self.now - timedelta(minutes=30)),
            created_by=self.author,
        )
        if status == MessageStatus.APPROVED:
            approved = message.created_at + timedelta(minutes=rng.randint(10, 90))
            message.approved_at = min(approved, self.now)
        self.messages.append(message)
        picked = [] if message.all_screens else rng.sample(self.screens, rng.randint(1, 3))
        self.targets.append(picked)
        return message

    def ordinary(self, days, status) -> Message:
        """A notice, campaign, safety tip or weather warning on a working morning."""
        rng = self.rng
        day = rng.choices(days[0], days[1])[0]
        _kind, title, body, shown = rng.choice(TEXTS)
        start = datetime.combine(day, time(rng.randint(7, 11), rng.choice((0, 30))), self.tz)
        when = f"{(day + timedelta(days=1)).month}月{(day + timedelta(days=1)).day}日"
        body = body.format(day=when, topic=rng.choice(TOPICS))
        return self.message(start, title, body, shown, status)

    def year(self, year: int, approved: int, last: date, share: float) -> None:
        days = self.days(date(year, 1, 1), last)
        for day, name in self.holidays.items():  # one greeting for each festival
            text = GREETINGS[name].format(years=year - 1949)
            start = datetime.combine(day - timedelta(days=1), time(8), self.tz)
            if start.year == year:
                self.message(start, "节日祝福", text, 3, MessageStatus.APPROVED).all_screens = True
                self.targets[-1] = []
                approved -= 1
        for _i in range(approved):
            self.ordinary(days, MessageStatus.APPROVED)
        for status, count in NOT_COUNTED:
            for _i in range(max(1, round(count * share))):
                self.ordinary(days, status).approved_at = None
        for _i in range(VOIDED if share > 0.5 else 0):
            voided = self.ordinary(days, MessageStatus.APPROVED)
            voided.voided_at, voided.voided_by = voided.approved_at, self.author
            voided.void_reason = "内容有误，重新发布"

    def current(self) -> None:
        """What the screens show today."""
        for i, (title, body, everywhere) in enumerate(CURRENT):
            start = self.now - timedelta(days=i % 3, hours=2 + i)
            message = self.message(start, title, body, 3 + i, MessageStatus.APPROVED)
            message.all_screens = everywhere
            self.targets[-1] = [] if everywhere else self.screens[i % 2 :: 2]

    def save(self) -> None:
        pairs = sorted(zip(self.messages, self.targets, strict=True), key=lambda p: p[0].created_at)
        by_year: dict[int, list[Message]] = {}
        for message, _screens in pairs:
            by_year.setdefault(timezone.localtime(message.created_at).year, []).append(message)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="TW", year=year, count=len(group))
            for message, number in zip(group, numbers, strict=True):
                message.number = number
        Message.objects.bulk_create([m for m, _ in pairs], batch_size=1000)
        through = Message.screens.through
        links = [through(message_id=m.pk, screen_id=s.pk) for m, screens in pairs for s in screens]
        through.objects.bulk_create(links, batch_size=2000)


def load(ctx) -> list[Screen]:
    """The screens and every year's messages."""
    now = timezone.now()
    today = timezone.localdate(now)
    screens = _screens(ctx, now)
    builder = MessageBuilder(ctx, screens, now)
    for year in (2005, 2006):
        builder.year(year, APPROVED[year], date(year, 12, 31), 1.0)
    if today.year > 2006:
        yesterday = today - timedelta(days=1)
        share = (yesterday - date(today.year, 1, 1)).days / 365
        current = len(CURRENT)
        builder.year(today.year, round(THIS_YEAR * share) - current, yesterday, share)
        builder.current()
    builder.save()
    return screens
