"""The meetings module's part of the demo compound: nine rooms of the 区机关大院 and about 900
bookings a year over 2005, 2006 and this year to a few weeks ahead.

Meetings are held on working days between 09:00 and 17:30 and last one to three hours; the
局务会 meets every Monday morning in the first meeting room. The rhythm follows the year: few
meetings around the Spring Festival and in August, many in November and December before the year
closes. Most bookings ask for service items (tea and water, name cards …); a booking is one
meeting service (会议服务) once every item is done, so the year's figure is counted from rows:
exactly 712 served in 2006 and 689 in 2005, as the annual reports state. Today's and the coming
weeks' bookings keep their items open, so the service staff have work to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from houqin.core.models import Building, Floor, Location, Person
from houqin.core.services import next_numbers
from houqin.meetings.choices import BookingStatus, Frequency, Layout, RoomFeature, ServiceItem
from houqin.meetings.models import Blackout, Booking, BookingService, Room, Series
from houqin.utils.workdays import calendar_day

SERVED = {2005: 689, 2006: 712}
THIS_YEAR_SERVED = 700  # a full year's worth; this year gets its share up to today
# Bookings of a full year that are not served: no service asked, cancelled, not checked in.
UNSERVED = {"plain": 110, "cancelled": 40, "released": 12}
DAYS_AHEAD = 21
WEEKLY_TITLE = "局务会"
# Relative number of meetings per month: quiet at the Spring Festival and in August, busy
# before the year closes.
MONTH_WEIGHT = {1: 9, 2: 6, 3: 11, 4: 10, 5: 9, 6: 10, 7: 9, 8: 5, 9: 10, 10: 9, 11: 12, 12: 14}
# (code, name, location code, building, floor, seats, features, layouts, approval)
P, S, SO, V, W, R = (
    RoomFeature.PROJECTOR,
    RoomFeature.SCREEN,
    RoomFeature.SOUND,
    RoomFeature.VIDEO,
    RoomFeature.WHITEBOARD,
    RoomFeature.RECORDING,
)
ROOMS = [
    ("HYS-01", "大会议室", "A-1001", "A", 10, 120, [P, S, SO, R], ["theatre", "classroom"], False),
    ("HYS-02", "第一会议室", "A-201", "A", 2, 30, [P, SO, W], ["boardroom", "u_shape"], False),
    ("HYS-03", "第二会议室", "A-202", "A", 2, 24, [P, W], ["boardroom", "u_shape"], False),
    ("HYS-04", "第三会议室", "A-302", "A", 3, 20, [S, W], ["boardroom", "round_table"], False),
    ("HYS-05", "常委会议室", "A-701", "A", 7, 25, [S, SO, R], ["boardroom"], True),
    ("HYS-06", "视频会议室", "A-808", "A", 8, 40, [V, S, SO, R], ["boardroom", "classroom"], False),
    ("HYS-07", "接待室", "A-105", "A", 1, 12, [S], ["round_table"], False),
    ("HYS-08", "小会议室", "A-506", "A", 5, 10, [W], ["boardroom"], False),
    ("HYS-09", "附属楼多功能厅", "B-301", "B", 3, 80, [P, S, SO], ["theatre", "classroom"], False),
]
APPROVING_DEPARTMENTS = ["QWB", "ZFB", "RDB", "ZXB", "JGJ"]
TOPICS = [
    "专题工作会",
    "业务培训会",
    "工作协调会",
    "项目评审会",
    "预算编制协调会",
    "安全生产工作会",
    "党风廉政建设会",
    "学习交流会",
    "座谈会",
    "工作推进会",
    "接待座谈",
    "情况通报会",
]
YEAR_END_TOPICS = ["年度工作总结会", "述职述廉会", "民主生活会", "来年工作计划讨论会"]
CANCEL_REASONS = ["会议延期", "领导另有安排", "改为视频会议", "与上级会议时间冲突"]
COMMENTS = ["", "", "", "服务周到", "茶水及时", "会场布置很好", "话筒有杂音"]
RATINGS = [5] * 64 + [4] * 32 + [3] * 3 + [2]
DURATIONS = [60, 60, 90, 90, 120, 120, 150, 180]
DAY_START, DAY_END = 9 * 60, 17 * 60 + 30


@dataclass
class Slot:
    """A booking placed in time, before it is given its people, status and services."""

    room: int
    day: date
    start: int  # minutes after midnight
    minutes: int


@dataclass
class Planner:
    """Places meetings in the rooms without overlaps, on working days weighted by season."""

    rng: object
    rooms: list[Room]
    busy: dict = field(default_factory=dict)  # (room index, day) → [(start, end)]
    days: dict = field(default_factory=dict)  # year → ([working days], [weights])

    def working_days(self, first: date, last: date) -> tuple[list[date], list[int]]:
        days, weights = [], []
        day = first
        while day <= last:
            if calendar_day(day).is_workday:
                days.append(day)
                weights.append(MONTH_WEIGHT[day.month])
            day += timedelta(days=1)
        return days, weights

    def take(self, room: int, day: date, start: int, minutes: int) -> Slot | None:
        """The slot if the room is free then (kept from now on), else None."""
        taken = self.busy.setdefault((room, day), [])
        end = start + minutes
        if any(start < b and a < end for a, b in taken):
            return None
        taken.append((start, end))
        return Slot(room, day, start, minutes)

    def place(self, days: tuple[list[date], list[int]]) -> Slot:
        """A free slot on a random working day (weighted by season) in a random room."""
        rng = self.rng
        while True:
            day = rng.choices(days[0], days[1])[0]
            room = rng.randrange(len(self.rooms))
            minutes = rng.choice(DURATIONS)
            start = DAY_START + 30 * rng.randrange((DAY_END - DAY_START - minutes) // 30 + 1)
            slot = self.take(room, day, start, minutes)
            if slot is not None:
                return slot


def _location(ctx, code: str, name: str, building: str, level: int) -> Location:
    """The room's place; the facilities demo may already have made it (faults are reported
    in meeting rooms too)."""
    found = Location.objects.filter(site=ctx.site, code=code).first()
    if found is not None:
        return found
    build = Building.objects.get(site=ctx.site, code=building)
    floor = Floor.objects.get(building=build, level=level)
    return Location.objects.create(site=ctx.site, building=build, floor=floor, code=code, name=name)


def _rooms(ctx) -> list[Room]:
    rooms = []
    for code, name, place, building, level, seats, features, layouts, approval in ROOMS:
        rooms.append(
            Room(
                site=ctx.site,
                code=code,
                name=name,
                location=_location(ctx, place, name, building, level),
                capacity=seats,
                features=[str(f) for f in features],
                layouts=layouts,
                requires_approval=approval,
                max_minutes=240 if seats < 50 else 480,
            )
        )
    rooms = Room.objects.bulk_create(rooms)
    leaders = rooms[4]
    leaders.allowed_departments.set([ctx.departments[c] for c in APPROVING_DEPARTMENTS])
    return rooms


def _blackout(ctx, rooms: list[Room], planner: Planner, today: date) -> None:
    """The third meeting room's audio-visual refit, starting in ten days."""
    tz = timezone.get_current_timezone()
    first, last = today + timedelta(days=10), today + timedelta(days=14)
    Blackout.objects.create(
        site=ctx.site,
        room=rooms[3],
        starts_at=datetime.combine(first, time(0), tz),
        ends_at=datetime.combine(last + timedelta(days=1), time(0), tz),
        reason="音视频设备改造",
    )
    day = first
    while day <= last:
        planner.busy[(3, day)] = [(0, 24 * 60)]
        day += timedelta(days=1)


class BookingBuilder:
    """Builds bookings, their series and service items in memory for a bulk insert."""

    def __init__(self, ctx, rooms: list[Room], now: datetime):
        self.ctx, self.rng, self.rooms, self.now = ctx, ctx.rng, rooms, now
        self.tz = timezone.get_current_timezone()
        self.planner = Planner(ctx.rng, rooms)
        self.bookings: list[Booking] = []
        self.items: list[list[BookingService]] = []
        self.series: list[tuple[Series, list[Booking]]] = []
        self.server = ctx.users.get("service") or ctx.users["admin"]
        people = Person.objects.filter(user__in=ctx.users.values()).select_related("department")
        departments = {p.user_id: p.department for p in people}
        # staff book most meetings; the leader's office and the meeting manager many of the rest
        self.organisers = [(u, departments.get(u.pk)) for u in ctx.users.values()]
        self.weights = [6 if n == "staff" else 3 if n in ("mm", "leader") else 1 for n in ctx.users]

    def moment(self, slot: Slot, minutes: int = 0) -> datetime:
        start = datetime.combine(slot.day, time(0), self.tz)
        return start + timedelta(minutes=slot.start + minutes)

    def booking(self, slot: Slot, title: str | None = None, organiser=None) -> Booking:
        rng, room = self.rng, self.rooms[slot.room]
        user, department = organiser or self.organiser(room)
        starts = self.moment(slot)
        created = starts - timedelta(days=rng.randint(1, 12), minutes=rng.randint(0, 600))
        booking = Booking(
            site=self.ctx.site,
            room=room,
            title=title or self.topic(slot.day),
            organiser=user,
            created_by=user,
            created_at=min(created, self.now - timedelta(hours=1)),
            department=department,
            attendees=rng.randint(max(2, room.capacity // 4), room.capacity),
            starts_at=starts,
            ends_at=starts + timedelta(minutes=slot.minutes),
            layout=rng.choice(room.layouts) if room.layouts else Layout.BOARDROOM,
        )
        self.bookings.append(booking)
        self.items.append([])
        return booking

    def organiser(self, room: Room) -> tuple:
        """Someone who may book ``room`` (the standing committee room is for a few offices)."""
        while True:
            user, department = self.rng.choices(self.organisers, self.weights)[0]
            if not room.requires_approval or department.code in APPROVING_DEPARTMENTS:
                return user, department

    def topic(self, day: date) -> str:
        if day.month == 12 and self.rng.random() < 0.4:
            return self.rng.choice(YEAR_END_TOPICS)
        return self.rng.choice(TOPICS)

    def services(self, booking: Booking) -> list[BookingService]:
        """The items a meeting of this room and size asks for; tea and water always."""
        rng, features = self.rng, set(booking.room.features)
        wanted = [(ServiceItem.TEA, booking.attendees)]
        options = [
            (ServiceItem.NAME_CARDS, 0.4, booking.attendees),
            (ServiceItem.SOUND, 0.6 if RoomFeature.SOUND in features else 0, 1),
            (ServiceItem.PROJECTION, 0.5 if RoomFeature.PROJECTOR in features else 0, 1),
            (ServiceItem.VIDEO_CONFERENCE, 0.8 if RoomFeature.VIDEO in features else 0, 1),
            (ServiceItem.BANNER, 0.3 if booking.room.capacity >= 50 else 0.02, 1),
            (ServiceItem.PHOTOGRAPHY, 0.08, 1),
            (ServiceItem.FLOWERS, 0.06, 1),
        ]
        wanted += [(item, n) for item, share, n in options if rng.random() < share]
        rows = [BookingService(site=self.ctx.site, item=item, quantity=n) for item, n in wanted]
        self.items[-1] = rows
        return rows

    def serve(self, booking: Booking) -> None:
        """Checked in, every item done around the meeting, mostly rated by the organiser."""
        rng = self.rng
        booking.checked_in_at = booking.starts_at - timedelta(minutes=rng.randint(0, 10))
        minutes = int((booking.ends_at - booking.starts_at).total_seconds() // 60)
        for item in self.services(booking):
            # set out before the meeting; tea topped up and the room cleared after it
            offset = rng.randint(-40, -5) if item.item != ServiceItem.TEA else minutes + 10
            item.done_at = booking.starts_at + timedelta(minutes=offset + rng.randint(0, 5))
            item.done_by = self.server
        booking.served_at = max(item.done_at for item in self.items[-1])
        rated_at = booking.served_at + timedelta(hours=rng.randint(1, 20))
        if rng.random() < 0.85 and rated_at <= self.now:
            booking.rating = rng.choice(RATINGS)
            booking.rating_comment = rng.choice(COMMENTS)
            booking.rated_at = rated_at

    def unserved(self, booking: Booking, kind: str) -> None:
        rng = self.rng
        if kind == "cancelled":
            booking.status = BookingStatus.CANCELLED
            booking.cancelled_at = max(
                booking.starts_at - timedelta(hours=rng.randint(2, 48)),
                booking.created_at + timedelta(minutes=30),
            )
            booking.cancel_reason = rng.choice(CANCEL_REASONS)
            self.services(booking)
        elif kind == "released":
            booking.status = BookingStatus.RELEASED
            booking.released_at = booking.starts_at + timedelta(
                minutes=booking.room.check_in_minutes
            )
        else:
            booking.checked_in_at = booking.starts_at - timedelta(minutes=rng.randint(0, 10))

    def weekly(self, first: date, last: date) -> int:
        """The Monday 局务会 in the first meeting room; returns the meetings served."""
        user = self.ctx.users.get("leader") or self.ctx.users["admin"]
        organiser = next(o for o in self.organisers if o[0] == user)
        series = Series(
            site=self.ctx.site,
            frequency=Frequency.WEEKLY,
            weekdays=[0],
            until=last,
            created_by=user,
            created_at=datetime.combine(first, time(9), self.tz) - timedelta(days=7),
        )
        occurrences, served = [], 0
        day = first + timedelta(days=(7 - first.weekday()) % 7)
        while day <= last:
            if not calendar_day(day).is_workday:
                series.exceptions.append(day.isoformat())
            elif (slot := self.planner.take(1, day, DAY_START, 120)) is not None:
                booking = self.booking(slot, WEEKLY_TITLE, organiser)
                served += self.settle(booking)
                occurrences.append(booking)
            day += timedelta(days=7)
        self.series.append((series, occurrences))
        return served

    def settle(self, booking: Booking) -> int:
        """Served if over by an hour before now, else confirmed with its items still open."""
        if booking.ends_at + timedelta(hours=1) <= self.now:
            self.serve(booking)
            return 1
        self.services(booking)
        return 0

    def year(self, year: int, served: int, share: float, last: date, weekly: date) -> None:
        """One year's bookings to ``last``: ``served`` meeting services and ``share`` of a
        year's unserved ones; the weekly series runs to ``weekly``."""
        days = self.planner.working_days(date(year, 1, 1), last)
        served -= self.weekly(date(year, 1, 1), weekly)
        for _i in range(served):
            self.serve(self.booking(self.planner.place(days)))
        for kind, count in UNSERVED.items():
            for _i in range(round(count * share)):
                self.unserved(self.booking(self.planner.place(days)), kind)

    def ahead(self, today: date) -> None:
        """Today's meetings and those of the next weeks: confirmed, items still open."""
        days = self.planner.working_days(today + timedelta(days=1), today + timedelta(DAYS_AHEAD))
        for room in (0, 1, 5, 6):
            for start in (DAY_START, 14 * 60 + 30):
                slot = self.planner.take(room, today, start, 90)
                if slot is not None:  # today's service is still to do, whatever the hour
                    self.services(self.booking(slot))
        for _i in range(len(days[0]) * 4):
            self.settle(self.booking(self.planner.place(days)))

    def save(self) -> None:
        """Number the bookings by the year they were made in and write everything."""
        Series.objects.bulk_create([s for s, _ in self.series])
        for series, occurrences in self.series:
            for booking in occurrences:
                booking.series = series
        pairs = sorted(zip(self.bookings, self.items, strict=True), key=lambda p: p[0].created_at)
        by_year: dict[int, list[Booking]] = {}
        for booking, _items in pairs:
            by_year.setdefault(timezone.localtime(booking.created_at).year, []).append(booking)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="HY", year=year, count=len(group))
            for booking, number in zip(group, numbers, strict=True):
                booking.number = number
        Booking.objects.bulk_create([b for b, _ in pairs], batch_size=1000)
        for booking, items in pairs:
            for item in items:
                item.booking = booking
        BookingService.objects.bulk_create([i for _, its in pairs for i in its], batch_size=2000)


def load(ctx) -> list[Room]:
    """The rooms, a blackout period and every year's bookings."""
    now = timezone.now()
    today = timezone.localdate(now)
    rooms = _rooms(ctx)
    builder = BookingBuilder(ctx, rooms, now)
    _blackout(ctx, rooms, builder.planner, today)
    for year in sorted({2005, 2006}):
        builder.year(year, SERVED[year], 1.0, date(year, 12, 31), date(year, 12, 31))
    if today.year > 2006:
        yesterday, ahead = today - timedelta(days=1), today + timedelta(days=DAYS_AHEAD)
        share = (yesterday - date(today.year, 1, 1)).days / 365
        served = round(THIS_YEAR_SERVED * share)
        builder.year(today.year, served, share, yesterday, min(ahead, date(today.year, 12, 31)))
    builder.ahead(today)
    builder.save()
    return rooms
