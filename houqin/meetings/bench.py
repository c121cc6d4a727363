"""`make bench` part (g): room availability search — which rooms with at least N seats are free
for a two-hour slot — over 50 rooms at the bench site with a month of bookings and ten years of
history before it at the same rate (4–6 meetings a room a working day, about 600,000 rows),
measured through ``meetings.queries.bookings.availability`` against its raw SQL floor.

Rows are written with COPY (PostgreSQL) or multi-row INSERTs inside one transaction; generation
is skipped when the rows are already there.

Run alone while developing: ``python -m houqin.meetings.bench --mtg-years 1``.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent.parent
SITE_CODE = "bench"
ROOMS = 50
MONTH = (2025, 3)  # the measured month, the last one generated
TZ = ZoneInfo("Asia/Shanghai")
SLOT = (datetime(2025, 3, 12, 12, 30, tzinfo=TZ), 120)  # measured: start, minutes
SEATS = 20
# Meetings start on the half-hour grid and last up to 90 minutes, so no two overlap.
STARTS = [(8, 30), (10, 0), (11, 30), (13, 30), (15, 0), (16, 30)]
COLUMNS = (
    "site_id, number, created_at, created_by_id, void_reason, room_id, title, organiser_id, "
    "attendees, attendee_names, starts_at, ends_at, layout, status, cancel_reason, note, "
    "rating_comment, ics_uid"
)
TITLES = ["工作例会", "专题会", "培训会", "协调会", "评审会", "座谈会"]


def _rooms(site) -> list[tuple[int, int]]:
    """(room id, seats) of the bench site's 50 rooms, created once."""
    from houqin.meetings.models import Room

    if Room.objects.filter(site=site).count() < ROOMS:
        rng = random.Random(50)
        Room.objects.bulk_create(
            Room(
                site=site,
                code=f"B-HYS-{n:02d}",
                name=f"基准会议室{n:02d}",
                capacity=rng.choice((8, 10, 12, 16, 20, 24, 30, 40, 60, 120)),
                features=["projector"] if n % 2 else ["screen", "sound"],
            )
            for n in range(1, ROOMS + 1)
        )
    return list(Room.objects.filter(site=site).order_by("code").values_list("pk", "capacity"))


def _booker(site) -> int:
    """The organiser of the generated bookings."""
    from django.contrib.auth.models import Group

    from houqin.core import roles
    from houqin.core.models import Membership, User

    user, _ = User.objects.get_or_create(username="bench-booker")
    role = Group.objects.get(name=roles.MEETING_MANAGER)
    Membership.objects.get_or_create(user=user, site=site, role=role)
    return user.pk


def _working_days(years: int) -> list[date]:
    """Working days from ``years`` years before the measured month to its end."""
    from houqin.utils.workdays import calendar_day

    year, month = MONTH
    day, end = date(year - years, month, 1), date(year + month // 12, month % 12 + 1, 1)
    days = []
    while day < end:
        if calendar_day(day).is_workday:
            days.append(day)
        day += timedelta(days=1)
    return days


def _rows(rng, site, rooms, user: int, days: list[date]):
    """Booking rows in time order, numbered per year: 4–6 a room a working day, a few
    cancelled or released (they no longer hold their slot)."""
    from django.db import connection

    tz, adapt = TZ, connection.ops.adapt_datetimefield_value
    numbers: dict[int, int] = {}
    for day in days:
        for room, seats in rooms:
            for hour, minute in sorted(rng.sample(STARTS, rng.randint(4, 6))):
                start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
                end = start + timedelta(minutes=rng.choice((60, 90)))
                numbers[day.year] = n = numbers.get(day.year, 0) + 1
                roll = rng.random()
                status = "confirmed" if roll < 0.95 else "cancelled" if roll < 0.99 else "released"
                yield (
                    site.pk, f"HY-{day.year}-{n:05d}", adapt(start - timedelta(days=3)), user, "",
                    room, rng.choice(TITLES), user, rng.randint(2, seats), "", adapt(start),
                    adapt(end), "boardroom", status, "", "", "", "",
                )  # fmt: skip


def _clear(site) -> None:
    from django.db import connection

    from houqin.meetings.models import Booking, BookingService

    with connection.cursor() as cursor:
        for model in (BookingService, Booking):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE site_id = %s", [site.pk])
        cursor.execute("DELETE FROM core_sequence WHERE site_id = %s AND prefix = 'HY'", [site.pk])


def _advance_sequence(site) -> None:
    """Make the booking numbers continue after the generated rows."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from houqin.core.models import Sequence
    from houqin.meetings.models import Booking

    per_year = (
        Booking.objects.filter(site=site)
        .annotate(y=ExtractYear("starts_at"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in per_year:
        Sequence.objects.update_or_create(
            site=site, prefix="HY", year=row["y"], defaults={"last_value": row["n"]}
        )


def generate(site, years: int) -> int:
    """Write the bench site's bookings unless about that many are there already."""
    from django.db import transaction

    from houqin.facilities.bench import _insert
    from houqin.meetings.models import Booking

    rooms, user, days = _rooms(site), _booker(site), _working_days(years)
    have, want = Booking.objects.filter(site=site).count(), len(days) * len(rooms) * 5
    if abs(have - want) < 0.03 * want:
        return have
    with transaction.atomic():
        _clear(site)
        written = _insert(
            Booking._meta.db_table, COLUMNS, _rows(random.Random(12), site, rooms, user, days)
        )
        _advance_sequence(site)
    from houqin.core.db import analyze

    analyze(Booking)  # statistics, as autovacuum keeps them
    return written


def _slot() -> tuple[datetime, datetime]:
    start, minutes = SLOT
    return start, start + timedelta(minutes=minutes)


def floor_sql(site) -> tuple[str, list]:
    """The free rooms selected directly: rooms with enough seats and no holding booking that
    overlaps the slot (NOT EXISTS), smallest first."""
    from django.db import connection

    adapt = connection.ops.adapt_datetimefield_value
    start, end = _slot()
    sql = (
        "SELECT r.id, r.code, r.name, r.capacity, r.features FROM meetings_room r "
        "WHERE r.site_id = %s AND r.is_active AND r.capacity >= %s AND NOT EXISTS ("
        "SELECT 1 FROM meetings_booking b WHERE b.room_id = r.id "
        "AND b.status IN ('pending', 'confirmed') AND b.voided_at IS NULL "
        "AND b.starts_at < %s AND b.ends_at > %s) ORDER BY r.capacity, r.code"
    )
    return sql, [site.pk, SEATS, adapt(end), adapt(start)]


def metrics_floor(site, year: int) -> list[tuple[str, list]]:
    """The year's meeting figures in hand-written SQL: meetings served, bookings held, and the
    organisers' ratings (count, satisfied, sum and average: the meeting rating and this
    source's part of the satisfaction rate)."""
    from houqin.bench import year_bounds

    live = "FROM meetings_booking WHERE site_id = %s AND voided_at IS NULL"
    params = [site.pk, *year_bounds(year)]
    return [
        (f"SELECT COUNT(*) {live} AND served_at >= %s AND served_at < %s", params),
        (
            f"SELECT COUNT(*) {live} AND starts_at >= %s AND starts_at < %s "
            "AND status NOT IN ('cancelled', 'rejected')",
            params,
        ),
        (
            "SELECT COUNT(*), SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END), SUM(rating), "
            f"AVG(rating) {live} AND rated_at >= %s AND rated_at < %s AND rating IS NOT NULL",
            params,
        ),
    ]


def timers(site):
    """(availability through the query module, the floor), each returning the free room ids."""
    from django.db import connection

    from houqin.meetings.queries.bookings import availability

    start, end = _slot()
    sql, params = floor_sql(site)

    def houqin():
        return [room.pk for room in availability([site.pk], start, end, seats=SEATS)]

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    return houqin, floor


def bench_meetings(args) -> list[tuple]:
    """Rows (label, houqin, floor, ratio, target, ok) of the meetings measurement."""
    from houqin.bench import paired_ms
    from houqin.core.models import Site

    years = getattr(args, "mtg_years", 10)
    site = Site.objects.get_or_create(code=SITE_CODE, defaults={"name": "基准测试院区"})[0]
    started = time.monotonic()
    count = generate(site, years)
    print(
        f"meetings at site {SITE_CODE}: {ROOMS} rooms, {count:,} bookings over {years} years "
        f"and a month ({time.monotonic() - started:.0f} s to prepare)",
        flush=True,
    )
    houqin, floor = timers(site)
    free, expected = houqin(), floor()
    if sorted(free) != sorted(expected):
        print(f"   availability: {len(free)} rooms, floor: {len(expected)} rooms — they differ")
    value, base = paired_ms(houqin, floor, args.repeat)
    label = f"(g) free rooms ≥ {SEATS} seats, 2 h slot (ms)"
    return [(label, value, base, value / base, "<= 3", value / base <= 3)]


def main(argv=None) -> int:
    """Prepare the data and print this module's rows alone (the whole bench is houqin.bench)."""
    from houqin.bench import run_module

    return run_module(argv, "meetings benchmark", [("--mtg-years", int, 10)], bench_meetings)


if __name__ == "__main__":
    sys.exit(main())
