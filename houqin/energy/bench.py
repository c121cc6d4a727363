"""`make bench` part (n): energy consumption at the scale of a large compound — 200 meters in 20
buildings (per building two main electricity meters, one main water meter and seven
sub-meters) read every hour for a year (200 × 8,760 = 1,752,000 readings) — measuring the
monthly consumption by building of the year through ``consumption_by`` against hand-written SQL
computing the same grouped sums.

Readings are written with their consumption, cost and ``used_on`` computed by the generator,
with COPY (PostgreSQL) or multi-row INSERTs in one transaction (SQLite); generation is skipped
when the rows are already there.

Run alone while developing: ``python -m houqin.energy.bench``.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

SITE_CODE = "ebench"
TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2025
BUILDINGS = 20
METERS_PER_BUILDING = 10
HOURS = 8760
READING_COLUMNS = (
    "site_id, meter_id, read_at, value, kind, source, multiplier, consumption, used_on, cost, "
    "rolled_over, flag, flag_status, flag_note, reviewed_by_id, reviewed_at, note, created_at, "
    "created_by_id, voided_at, voided_by_id, void_reason"
)


def _site():
    """The bench site with its buildings and meters (created once)."""
    from houqin.core.models import Building, Site
    from houqin.energy.models import Meter

    site = Site.objects.get_or_create(code=SITE_CODE, defaults={"name": "能耗基准院区"})[0]
    for b in range(1, BUILDINGS + 1):
        building = Building.objects.get_or_create(
            site=site, code=f"EB{b:02d}", defaults={"name": f"基准楼{b:02d}"}
        )[0]
        if not Meter.objects.filter(building=building).exists():
            _meters(site, building, b)
    return site


def _meters(site, building, number: int) -> None:
    """Two main electricity meters, a main water meter and seven sub-meters of the first."""
    from houqin.energy.models import Meter

    def meter(n: int, kind: str, parent=None):
        return Meter.objects.create(
            site=site,
            code=f"EB{number:02d}-{n:02d}",
            name=f"基准表{number:02d}-{n:02d}",
            energy_type=kind,
            building=building,
            parent=parent,
        )

    first = meter(1, "electricity")
    meter(2, "electricity")
    meter(3, "water")
    for n in range(4, METERS_PER_BUILDING + 1):
        meter(n, "electricity", parent=first)


def _hours():
    """(read_at, used_on) of every hourly reading of the year, adapted for the database once:
    01:00 on 1 January to 00:00 on the next 1 January (counted on 31 December)."""
    from django.db import connection

    adapt_at, adapt_on = (
        connection.ops.adapt_datetimefield_value,
        connection.ops.adapt_datefield_value,
    )
    first = datetime(YEAR, 1, 1, tzinfo=TZ)
    hours = []
    for h in range(1, HOURS + 1):
        moment = first + timedelta(hours=h)
        day = (moment - timedelta(hours=1)).date()  # 00:00 closes the day before
        hours.append((adapt_at(moment), adapt_on(day)))
    return hours


def _profile(rng, kind: str) -> list[tuple[str, str, float]]:
    """A meter's use by hour of day: (use, cost, use as float) as text, computed once."""
    base = rng.uniform(1, 20) if kind == "electricity" else rng.uniform(0.1, 2)
    price = 0.65 if kind == "electricity" else 3.5
    profile = []
    for hour in range(24):
        use = round(base * (1.6 if 8 <= hour < 18 else 0.5), 3)
        profile.append((f"{use:.3f}", f"{use * price:.2f}", use))
    return profile


def _rows(site, meters, hours, created):
    """Every reading of the bench meters: ids and adapted values only (no query inside)."""
    rng = random.Random(2025)
    for meter_id, kind in meters:
        profile, register = _profile(rng, kind), 0.0
        for n, (read_at, used_on) in enumerate(hours):
            use, cost, amount = profile[(n + 1) % 24]
            register += amount
            yield (
                site, meter_id, read_at, f"{register:.3f}", "regular", "api", "1", use,
                used_on, cost, False, "", "", "", None, None, "", created, None, None, None, "",
            )  # fmt: skip


def generate(site) -> int:
    """Write the bench readings unless they are there already; returns how many there are."""
    from django.db import connection, transaction
    from django.utils import timezone

    from houqin.core.db import analyze
    from houqin.energy.models import Meter, Reading
    from houqin.facilities.bench import _insert

    have = Reading.objects.filter(site=site)
    expected = BUILDINGS * METERS_PER_BUILDING * HOURS
    if have.count() != expected:
        meters = list(Meter.objects.filter(site=site).values_list("pk", "energy_type"))
        created = connection.ops.adapt_datetimefield_value(timezone.now())
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM energy_reading WHERE site_id = %s", [site.pk])
            _insert(
                Reading._meta.db_table, READING_COLUMNS, _rows(site.pk, meters, _hours(), created)
            )
        analyze(Reading)
    return have.count()


def floor_sql(site_id: int) -> tuple[str, list]:
    """Monthly use and cost of the main meters by building and energy type, selected
    directly."""
    from django.db import connection

    month = (
        "date_trunc('month', r.used_on::timestamp)::date"
        if connection.vendor == "postgresql"
        else "strftime('%%Y-%%m-01', r.used_on)"
    )
    sql = (
        f"SELECT m.building_id, b.name, m.energy_type, {month}, SUM(r.consumption), "
        "SUM(r.cost) FROM energy_reading r JOIN energy_meter m ON m.id = r.meter_id "
        "JOIN core_building b ON b.id = m.building_id WHERE r.site_id = %s "
        "AND r.voided_at IS NULL AND r.consumption IS NOT NULL AND r.used_on >= %s "
        f"AND r.used_on < %s AND m.parent_id IS NULL GROUP BY m.building_id, b.name, "
        f"m.energy_type, {month}"
    )
    return sql, [site_id, date(YEAR, 1, 1).isoformat(), date(YEAR + 1, 1, 1).isoformat()]


def bench_energy(args) -> list[tuple]:
    """Rows (label, houqin, floor, ratio, target, ok) of the consumption measurement."""
    from houqin.bench import paired_ms
    from houqin.energy.queries.consumption import consumption_by
    from houqin.facilities.bench import _sql_timer

    started = time.monotonic()
    site = _site()
    count = generate(site)
    print(
        f"energy: {count:,} hourly readings of {BUILDINGS * METERS_PER_BUILDING} meters "
        f"({time.monotonic() - started:.0f} s to prepare)",
        flush=True,
    )

    def query():
        return consumption_by(
            site_ids=[site.pk],
            start=date(YEAR, 1, 1),
            end=date(YEAR + 1, 1, 1),
            by="building",
            per_month=True,
        )

    floor = _sql_timer([floor_sql(site.pk)])
    _check(query(), floor()[0])
    value, base = paired_ms(query, floor, args.repeat)
    label = "(n) monthly use by building, 1.75M readings (ms)"
    return [(label, value, base, value / base, "<= 3", value / base <= 3)]


def _check(rows: list[dict], floor: list[tuple]) -> None:
    """Say so when the query and its floor disagree (they must add the same readings)."""
    if len(rows) != len(floor):
        print(f"   energy: {len(rows)} groups, floor {len(floor)} — they differ")


def main(argv=None) -> int:
    """Prepare the data and print this module's rows alone (the whole bench is houqin.bench)."""
    from houqin.bench import run_module

    return run_module(argv, "energy consumption benchmark", [], bench_energy)


if __name__ == "__main__":
    sys.exit(main())
