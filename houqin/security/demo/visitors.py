"""The security module's part of the demo compound: two years of visitor registrations (2005
and 2006) with the rhythm of a real gate — busy working days, quiet weekends and holidays
(chinese-calendar, 调休 working days included) — a few invitations, blacklist refusals, and
visitors inside today."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from houqin.core.crypto import encrypt, keyed_hash
from houqin.core.services import next_numbers, scan_link_create
from houqin.security.choices import IdTypeChoices, VisitPurpose, VisitStatus
from houqin.security.models import BlacklistEntry, Invitation, Visit
from houqin.utils.idnumbers import check_char, mask_id_number, mask_phone
from houqin.utils.workdays import calendar_day

REGIONS = ["431002", "431003", "431021", "431022", "431081", "430102", "430103", "440305"]
ORGANISATIONS = [
    "市财政局",
    "市审计局",
    "湖南某建设工程有限公司",
    "郴州日报社",
    "市电信分公司",
    "区人民医院",
    "某物业服务公司",
    "市公安局北湖分局",
    "区第一中学",
    "某办公用品公司",
    "区供电局",
    "市自来水公司",
    "",
]
PURPOSES = [
    (VisitPurpose.BUSINESS, 40),
    (VisitPurpose.MEETING, 22),
    (VisitPurpose.DELIVERY, 12),
    (VisitPurpose.MAINTENANCE, 8),
    (VisitPurpose.PETITION, 5),
    (VisitPurpose.INTERVIEW, 5),
    (VisitPurpose.PERSONAL, 6),
    (VisitPurpose.OTHER, 2),
]
BLOCKED_PER_YEAR = 14


def resident_id(rng, born_from=1950, born_to=1988) -> str:
    """A valid 18-digit resident ID number (GB 11643 check digit)."""
    born = date(rng.randint(born_from, born_to), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randint(1, 999):03d}"
    return first17 + check_char(first17)


def _daily_count(rng, day: date) -> int:
    if calendar_day(day).is_workday:
        base = 58 if day.weekday() in (0, 1) else 48  # Mondays and Tuesdays are busiest
        return max(0, int(rng.gauss(base, 8)))
    return rng.randint(2, 9)


def _arrival(rng, day: date, tz) -> datetime:
    hour = rng.choices([8, 9, 10, 11, 14, 15, 16, 17, 19], [10, 22, 18, 8, 14, 15, 9, 3, 1])[0]
    return datetime.combine(day, time(hour, rng.randint(0, 59)), tz)


class _Builder:
    def __init__(self, ctx):
        self.ctx, self.rng = ctx, ctx.rng
        self.guards = [ctx.users["guard"], ctx.users["duty"]]
        self.hosts = [p for p in ctx.people if p.department_id]
        self.purposes = [p for p, _w in PURPOSES]
        self.weights = [w for _p, w in PURPOSES]

    def visit(
        self, at: datetime, *, status=VisitStatus.LEFT, entry=None, invitation=None, id_number=None
    ) -> Visit:
        rng = self.rng
        host = rng.choice(self.hosts)
        id_number = id_number or resident_id(rng)
        phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        stay = timedelta(minutes=int(rng.expovariate(1 / 70)) + 10)
        out = at + stay if status == VisitStatus.LEFT else None
        companions = rng.choices([0, 1, 2, 3, 5], [70, 18, 7, 4, 1])[0]
        plate = f"湘L{rng.randint(10000, 99999)}" if rng.random() < 0.3 else ""
        return Visit(
            site=self.ctx.site,
            visitor_name=rng.choice("王李张刘陈杨黄赵周吴")
            + rng.choice("伟芳军敏华强丽斌")
            + rng.choice(["", "明", "红", "平"]),
            id_type=IdTypeChoices.RESIDENT_ID,
            id_number_enc=encrypt(id_number),
            id_hash=keyed_hash(id_number),
            phone_enc=encrypt(phone),
            id_mask=mask_id_number(id_number),
            phone_mask=mask_phone(phone),
            organisation=rng.choice(ORGANISATIONS),
            host_department_id=host.department_id,
            host_person=host,
            purpose=rng.choices(self.purposes, self.weights)[0],
            companions=companions,
            vehicle_plate=plate,
            has_vehicle=bool(plate),
            gate=rng.choice(self.ctx.gates),
            status=status,
            checked_in_at=at,
            checked_out_at=out,
            checked_in_by=rng.choice(self.guards),
            checked_out_by=rng.choice(self.guards) if out else None,
            created_at=at,
            created_by=rng.choice(self.guards),
            invitation=invitation,
            blacklist_entry=entry,
        )


def _blacklist(ctx, builder) -> list[tuple[BlacklistEntry, str]]:
    entries = []
    reasons = ["多次冲闯大门，扰乱办公秩序", "携带违禁物品被查获", "冒用他人证件登记"]
    for i, reason in enumerate(reasons):
        number = resident_id(ctx.rng)
        entry = BlacklistEntry.objects.create(
            site=ctx.site,
            number=f"HMD-2005-{i + 1:05d}",
            name=builder.visit(
                datetime(2005, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
            ).visitor_name,
            id_hash=keyed_hash(number),
            id_number_masked=mask_id_number(number),
            reason=reason,
            created_by=ctx.users["secadmin"],
        )
        entries.append((entry, number))
    return entries


def _year(ctx, builder, year: int, blacklist) -> list[Visit]:
    tz = ZoneInfo(settings.TIME_ZONE)
    rng = ctx.rng
    visits = []
    day = date(year, 1, 1)
    while day.year == year:
        visits.extend(builder.visit(_arrival(rng, day, tz)) for _ in range(_daily_count(rng, day)))
        day += timedelta(days=1)
    for _ in range(BLOCKED_PER_YEAR):
        entry, number = rng.choice(blacklist)
        at = _arrival(rng, date(year, rng.randint(1, 12), rng.randint(1, 28)), tz)
        visits.append(builder.visit(at, status=VisitStatus.REFUSED, entry=entry, id_number=number))
    return visits


def _number(ctx, visits: list[Visit]) -> None:
    visits.sort(key=lambda v: v.checked_in_at)
    by_year: dict[int, list[Visit]] = {}
    for visit in visits:
        by_year.setdefault(timezone.localtime(visit.checked_in_at).year, []).append(visit)
    for year, group in by_year.items():
        for visit, number in zip(
            group,
            next_numbers(site=ctx.site, prefix="FK", year=year, count=len(group)),
            strict=True,
        ):
            visit.number = number


def _invitations(ctx, builder, visits: list[Visit]) -> None:
    """Turn about one registration in twelve into one that came through an invitation."""
    invited = [v for v in visits if v.status == VisitStatus.LEFT][::12]
    numbers = {}
    for visit in invited:
        year = timezone.localtime(visit.checked_in_at).year
        numbers.setdefault(year, []).append(visit)
    for year, group in numbers.items():
        for visit, number in zip(
            group,
            next_numbers(site=ctx.site, prefix="YQ", year=year, count=len(group)),
            strict=True,
        ):
            invitation = Invitation.objects.create(
                site=ctx.site,
                number=number,
                visitor_name=visit.visitor_name,
                id_type=visit.id_type,
                id_number_enc=visit.id_number_enc,
                id_hash=visit.id_hash,
                phone_enc=visit.phone_enc,
                id_mask=visit.id_mask,
                phone_mask=visit.phone_mask,
                organisation=visit.organisation,
                host_person=visit.host_person,
                host_department_id=visit.host_department_id,
                purpose=visit.purpose,
                companions=visit.companions,
                expected_at=visit.checked_in_at - timedelta(minutes=10),
                valid_until=visit.checked_in_at + timedelta(hours=12),
                created_at=visit.checked_in_at - timedelta(days=1),
                created_by=visit.host_person.user if visit.host_person.user_id else None,
            )
            visit.invitation = invitation


def _today(ctx, builder) -> None:
    """A handful of visitors inside right now (one overstaying) and one pending invitation."""
    now = timezone.now()
    visits = [
        builder.visit(now - timedelta(minutes=m), status=VisitStatus.INSIDE)
        for m in (15, 40, 75, 130, 60 * (settings.VISIT_OVERSTAY_HOURS + 1))
    ]
    _number(ctx, visits)
    Visit.objects.bulk_create(visits)
    staff = ctx.users["staff"]
    invitation = Invitation.objects.create(
        site=ctx.site,
        number=next_numbers(site=ctx.site, prefix="YQ", year=timezone.localtime(now).year)[0],
        visitor_name="欧阳明",
        id_type=IdTypeChoices.RESIDENT_ID,
        id_number_enc=encrypt("431002198003150017"),
        id_hash=keyed_hash("431002198003150017"),
        phone_enc=encrypt("13907351234"),
        id_mask=mask_id_number("431002198003150017"),
        phone_mask=mask_phone("13907351234"),
        organisation="市发改委",
        host_person=staff.person,
        host_department=staff.person.department,
        purpose=VisitPurpose.MEETING,
        expected_at=now + timedelta(hours=2),
        valid_until=now + timedelta(days=1),
        created_by=staff,
    )
    invitation.scan_link = scan_link_create(
        target=invitation, purpose="invitation", expires_at=invitation.valid_until, max_uses=1
    )
    invitation.save(update_fields=["scan_link"])


def load(ctx) -> None:
    """Visitor registrations for 2005 and 2006, and today's gate."""
    builder = _Builder(ctx)
    blacklist = _blacklist(ctx, builder)
    visits = _year(ctx, builder, 2005, blacklist) + _year(ctx, builder, 2006, blacklist)
    _number(ctx, visits)
    _invitations(ctx, builder, visits)
    Visit.objects.bulk_create(visits, batch_size=2000)
    _today(ctx, builder)
