"""The health-consultation room in the demo compound: five experts from the city's hospitals
holding two to four sessions a month, with bookings and attendance, and the consultations that
reproduce the seed's figure from rows: 2,760 in 2005, 3,000 in 2006 (健康咨询达3000人次) and this
year's share to date. Most consultations are anonymous (type and time only); a few people agreed
to a note. Two sessions in the coming weeks are open for booking."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from houqin.core.models import Person
from houqin.core.services import next_numbers
from houqin.outreach.choices import BookingStatus, ConsultationKind
from houqin.outreach.demo.rows import insert, is_workday
from houqin.outreach.models import Consultation, Expert, HealthBooking, HealthSession

CONSULTATIONS = {2005: 2_760, 2006: 3_000}
THIS_YEAR_CONSULTATIONS = 3_000  # a full year's worth; this year gets its share to date
EXPERTS = [
    ("刘建华", "主任医师", "郴州市第一人民医院", "心血管内科"),
    ("陈玉兰", "副主任医师", "郴州市第一人民医院", "内分泌科"),
    ("黄志明", "主治医师", "郴州市中医医院", "中医内科"),
    ("周慧", "副主任医师", "郴州市第三人民医院", "心理科"),
    ("李国平", "主任医师", "郴州市妇幼保健院", "营养科"),
]
TOPICS = {
    "心血管内科": ["高血压防治", "冠心病预防"],
    "内分泌科": ["糖尿病饮食与用药", "甲状腺健康"],
    "中医内科": ["中医体质辨识", "四季养生"],
    "心理科": ["职场压力与心理调适", "睡眠障碍"],
    "营养科": ["合理膳食", "体重管理"],
}
PLACE = "科普文明大院健康咨询室"
CAPACITY = 20
KINDS = {
    ConsultationKind.CHECK: 30,
    ConsultationKind.GENERAL: 22,
    ConsultationKind.CHRONIC: 18,
    ConsultationKind.NUTRITION: 12,
    ConsultationKind.TCM: 10,
    ConsultationKind.MENTAL: 5,
    ConsultationKind.OTHER: 3,
}
CONSENT_SHARE = 0.05
NOTES = ["血压偏高，建议低盐饮食并定期复测", "血糖正常，注意控制体重", "建议到医院专科复诊"]
STATUSES = [BookingStatus.ATTENDED] * 17 + [BookingStatus.NO_SHOW] * 2 + [BookingStatus.CANCELLED]


class HealthBuilder:
    """Builds the sessions, bookings and consultations in memory for a bulk insert."""

    def __init__(self, ctx, now: datetime):
        self.ctx, self.rng, self.now = ctx, ctx.rng, now
        self.tz = timezone.get_current_timezone()
        self.logger = ctx.users.get("librarian") or ctx.users["admin"]
        people = Person.objects.filter(site=ctx.site, is_active=True).order_by("pk")
        self.people = list(people.values_list("pk", "department_id"))
        self.experts = Expert.objects.bulk_create(
            Expert(site=ctx.site, name=n, title=t, institution=i, specialty=s)
            for n, t, i, s in EXPERTS
        )
        self.sessions: list[HealthSession] = []
        self.bookings: list[tuple[HealthSession, HealthBooking]] = []
        self.consultations: list[Consultation] = []

    def workdays(self, first: date, last: date) -> list[date]:
        days = [first + timedelta(n) for n in range((last - first).days + 1)]
        return [d for d in days if is_workday(d)]

    def month_sessions(self, year: int, month: int, last: date) -> list[HealthSession]:
        """Two to four afternoon sessions on working days of the month (none after ``last``)."""
        first = date(year, month, 1)
        end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        days = self.workdays(first, min(end, last))
        chosen = sorted(self.rng.sample(days, min(len(days), self.rng.randint(2, 4))))
        return [self.session(day) for day in chosen]

    def session(self, day: date) -> HealthSession:
        expert = self.rng.choice(self.experts)
        starts = datetime.combine(day, time(14, 30), self.tz)
        session = HealthSession(
            site=self.ctx.site,
            expert=expert,
            topic=self.rng.choice(TOPICS[expert.specialty]),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2, minutes=30),
            place=PLACE,
            capacity=CAPACITY,
        )
        self.sessions.append(session)
        self.book(session)
        return session

    def book(self, session: HealthSession) -> None:
        """People book a few days ahead; after the session each came or did not."""
        held = session.ends_at <= self.now
        for person, _dept in self.rng.sample(self.people, self.rng.randint(6, CAPACITY - 2)):
            booked = session.starts_at - timedelta(days=self.rng.randint(1, 10), hours=3)
            status = self.rng.choice(STATUSES) if held else BookingStatus.BOOKED
            self.bookings.append(
                (
                    session,
                    HealthBooking(
                        site=self.ctx.site,
                        person_id=person,
                        booked_at=min(booked, self.now - timedelta(hours=1)),
                        status=status,
                    ),
                )
            )

    def consultation(self, at: datetime, session: HealthSession | None) -> None:
        rng = self.rng
        consent = rng.random() < CONSENT_SHARE
        person, department = rng.choice(self.people) if consent else (None, None)
        self.consultations.append(
            Consultation(
                site=self.ctx.site,
                consulted_at=at,
                session=session,
                kind=rng.choices(list(KINDS), list(KINDS.values()))[0],
                consent=consent,
                person_id=person,
                department_id=department,
                note=rng.choice(NOTES) if consent else "",
                logged_by=self.logger,
                created_at=at,
                created_by=self.logger,
            )
        )

    def year(self, year: int, count: int, last: date) -> None:
        """The year's sessions to ``last`` and ``count`` consultations: about a third at the
        sessions, the rest walk-ins on working days."""
        sessions = [s for m in range(1, last.month + 1) for s in self.month_sessions(year, m, last)]
        at_sessions = 0
        for session in sessions:
            for _i in range(min(self.rng.randint(20, 35), count - at_sessions)):
                minutes = self.rng.randint(0, 145)
                self.consultation(session.starts_at + timedelta(minutes=minutes), session)
                at_sessions += 1
        days = self.workdays(date(year, 1, 1), last)
        for _i in range(count - at_sessions):
            minutes = self.rng.randint(8 * 60 + 30, 17 * 60 + 20)
            day = self.rng.choice(days)
            at = datetime.combine(day, time(minutes // 60, minutes % 60), self.tz)
            self.consultation(at, None)

    def save(self) -> None:
        HealthSession.objects.bulk_create(self.sessions)
        for session, booking in self.bookings:
            booking.session = session
        HealthBooking.objects.bulk_create([b for _s, b in self.bookings], batch_size=2000)
        self.consultations.sort(key=lambda c: c.consulted_at)
        by_year: dict[int, list[Consultation]] = {}
        for row in self.consultations:
            by_year.setdefault(timezone.localtime(row.consulted_at).year, []).append(row)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="ZX", year=year, count=len(group))
            for row, number in zip(group, numbers, strict=True):
                row.number = number
        insert(Consultation, self.consultations)


def load(ctx) -> None:
    """The experts, every year's sessions and consultations, and two sessions ahead."""
    now = timezone.now()
    today = timezone.localdate(now)
    builder = HealthBuilder(ctx, now)
    for year, count in CONSULTATIONS.items():
        builder.year(year, count, date(year, 12, 31))
    if today.year > 2006 and today > date(today.year, 1, 1):
        yesterday = today - timedelta(days=1)
        share = (yesterday - date(today.year, 1, 1)).days / 365
        builder.year(today.year, round(THIS_YEAR_CONSULTATIONS * share), yesterday)
    for day in builder.workdays(today + timedelta(days=3), today + timedelta(days=21))[::7][:2]:
        builder.session(day)
    builder.save()
