"""Synthetic visitor registrations at city scale, for `houqin generate-scale` and `make bench`.

Rows are written with one multi-row INSERT per batch through the database cursor: building a
million model instances would measure Python, not the design under test. Visitors repeat, as at a
real gate: a pool of distinct people is encrypted once and drawn from.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from houqin.core.crypto import encrypt, keyed_hash
from houqin.core.models import Department, Person, Sequence, Site
from houqin.security.choices import VisitPurpose, VisitStatus
from houqin.security.demo.visitors import resident_id
from houqin.security.models import Visit
from houqin.utils.idnumbers import mask_id_number, mask_phone

BATCH = 1000  # SQLite allows 32,766 parameters a statement
POOL = 5000
COLUMNS = [
    "site_id",
    "number",
    "created_at",
    "visitor_name",
    "id_type",
    "id_number_enc",
    "id_hash",
    "phone_enc",
    "id_mask",
    "phone_mask",
    "organisation",
    "host_department_id",
    "host_person_id",
    "purpose",
    "purpose_detail",
    "companions",
    "vehicle_plate",
    "has_vehicle",
    "items_carried",
    "status",
    "checked_in_at",
    "checked_out_at",
    "void_reason",
]


def _pool(rng: random.Random) -> list[tuple]:
    people = []
    for i in range(POOL):
        number = resident_id(rng)
        phone = f"139{rng.randint(10000000, 99999999)}"
        people.append(
            (
                f"访客{i:04d}",
                encrypt(number),
                keyed_hash(number),
                encrypt(phone),
                mask_id_number(number),
                mask_phone(phone),
            )
        )
    return people


def _rows(rng, site, hosts, pool, count, start: datetime, days: int):
    purposes = list(VisitPurpose.values)
    adapt = connection.ops.adapt_datetimefield_value
    per_day = count / days
    numbers: dict[int, int] = {}  # the year's last number, for FK-YYYY-NNNNNN
    for i in range(count):
        day = int(i / per_day)
        at = start + timedelta(days=day, hours=8, seconds=rng.randint(0, 9 * 3600))
        year = at.year
        numbers[year] = numbers.get(year, 0) + 1
        name, id_enc, id_hash, phone_enc, id_mask, phone_mask = pool[rng.randrange(POOL)]
        host = hosts[rng.randrange(len(hosts))]
        out = at + timedelta(minutes=rng.randint(10, 240))
        yield (
            site.pk,
            f"FK-{year}-{numbers[year]:06d}",
            adapt(at),
            name,
            "resident_id",
            id_enc,
            id_hash,
            phone_enc,
            id_mask,
            phone_mask,
            "",
            host[1],
            host[0],
            purposes[rng.randrange(len(purposes))],
            "",
            rng.choice((0, 0, 0, 1, 2)),
            "",
            False,
            "",
            VisitStatus.LEFT,
            adapt(at),
            adapt(out),
            "",
        )


def generate_visits(
    *,
    site_code: str = "bench",
    count: int = 1_000_000,
    years: int = 5,
    end_year: int = 2026,
    seed: int = 5,
    progress=None,
) -> int:
    """Write ``count`` registrations for one site over ``years`` years ending with ``end_year``."""
    rng = random.Random(seed)
    site, _created = Site.objects.get_or_create(code=site_code, defaults={"name": "基准测试院区"})
    if not Department.objects.filter(site=site).exists():
        for i in range(20):
            dept = Department.objects.create(site=site, code=f"D{i:02d}", name=f"部门{i:02d}")
            Person.objects.bulk_create(
                Person(site=site, name=f"职工{i:02d}{j:02d}", department=dept) for j in range(10)
            )
    hosts = list(Person.objects.filter(site=site).values_list("pk", "department_id"))
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime(end_year - years + 1, 1, 1, tzinfo=tz)
    days = (datetime(end_year + 1, 1, 1, tzinfo=tz) - start).days
    table = Visit._meta.db_table
    placeholders = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    rows = _rows(rng, site, hosts, _pool(rng), count, start, days)
    written = 0
    while True:
        batch = [next(rows, None) for _ in range(BATCH)]
        batch = [r for r in batch if r is not None]
        if not batch:
            break
        with transaction.atomic(), connection.cursor() as cursor:
            sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES " + ", ".join(
                [placeholders] * len(batch)
            )
            cursor.execute(sql, [value for row in batch for value in row])
        written += len(batch)
        if progress and written % 100_000 == 0:
            progress(written)
    _advance_sequences(site)
    _analyze(table)
    return written


def _analyze(table: str) -> None:
    """Refresh PostgreSQL's statistics and visibility map after a bulk load, as autovacuum would
    on a running server (SQLite keeps planning without statistics, as a new installation does)."""
    if connection.vendor == "postgresql":
        verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{verb} {table}")


def _advance_sequences(site: Site) -> None:
    """Make the number sequences continue after the generated rows."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    per_year = (
        Visit.objects.filter(site=site)
        .annotate(y=ExtractYear("checked_in_at"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in per_year:
        Sequence.objects.update_or_create(
            site=site, prefix="FK", year=row["y"], defaults={"last_value": row["n"]}
        )
