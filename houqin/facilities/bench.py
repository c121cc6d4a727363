"""`make bench` part (f): the facilities module at ten years of SPEC §5 scale — 500,000 run logs
and 200,000 work orders at the bench site (a second site holds a little data, so filtering by
site is real) — measuring the run-log and work-order list pages for one month and the
facilities figures of the annual report for one year, each against its raw SQL floor.

The plant is six systems of about sixty units on three operating shifts. Each system runs the
shifts it would in a real compound (central air-conditioning in the cooling and heating
seasons, lifts round the clock on working days, the rest every shift), so the 台班 figures come
out near the seed's (about 630, 990 and 1095 a year). Rows are written with multi-row INSERTs
inside one transaction; generation is skipped when the rows are already there.

Run alone while developing: ``python -m houqin.facilities.bench --fac-years 1 --fac-scale 0.2``.
"""

from __future__ import annotations

import contextlib
import random
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

SITE_CODE, OTHER_CODE = "bench", "bench-fac-other"
END_YEAR = 2025  # the last generated year: the measured month and year lie in it
MONTH = (END_YEAR, 3)
WORK_ORDERS_PER_DAY = 20_000 / 365
OTHER_SCALE = 0.05  # the second site's share, over the last year only
# (system, category code, name, units, units logged every shift the system runs)
SYSTEMS = [
    ("central_ac", "AC", "中央空调", 12, 12),
    ("elevator", "EL", "电梯", 10, 10),
    ("water_supply", "WS", "供水", 8, 8),
    ("power_distribution", "PD", "配电", 10, 10),
    ("fire_protection", "FP", "消防", 12, 8),
    ("cctv", "TV", "电视监控", 8, 4),
]
READINGS = {
    "central_ac": ({"supply_temp": "7.0", "return_temp": "12.0"}, {"supply_temp": "7.5"}),
    "power_distribution": ({"voltage": "400", "load": "380"}, {"voltage": "396", "load": "410"}),
}
FAULTS = [
    "空调不制冷",
    "电梯异响",
    "卫生间水龙头漏水",
    "走廊灯不亮",
    "配电箱跳闸",
    "监控画面无信号",
    "消防栓箱门损坏",
    "办公室插座无电",
    "水泵振动大",
    "门禁无法刷卡",
]
PAGE_SIZE = 50


# --- the plant ---------------------------------------------------------------------------------


def _site(code: str, name: str):
    from houqin.core.models import Site

    return Site.objects.get_or_create(code=code, defaults={"name": name})[0]


def _plant(site, scale: float) -> dict:
    """Categories of the six systems, their units and three operating shifts (created once);
    returns ``{"units": {system: [logged unit ids]}, "all_units": [...], "shifts": [...]}``."""
    from houqin.facilities.models import Equipment, EquipmentCategory

    units, all_units = {}, []
    for i, (system, code, name, count, logged) in enumerate(SYSTEMS):
        category, _ = EquipmentCategory.objects.get_or_create(
            site=site, code=f"B-{code}", defaults={"name": name, "system": system, "position": i}
        )
        existing = Equipment.objects.filter(site=site, category=category)
        if not existing.exists():
            Equipment.objects.bulk_create(
                Equipment(
                    site=site, code=f"B-{code}-{n:02d}", name=f"{name}{n:02d}号", category=category
                )
                for n in range(1, count + 1)
            )
        ids = list(existing.order_by("code").values_list("pk", flat=True))
        units[system] = ids[: max(1, round(logged * scale))]
        all_units += ids
    return {"units": units, "all_units": all_units, "shifts": _shifts(site)}


def _shifts(site) -> list[tuple[int, int]]:
    """(shift id, start hour) of 早班, 中班 and 夜班."""
    from datetime import time as clock

    from houqin.facilities.models import OperatingShift

    shifts = []
    for i, (name, hour) in enumerate((("早班", 8), ("中班", 16), ("夜班", 0))):
        shift, _ = OperatingShift.objects.get_or_create(
            site=site, name=name, defaults={"start_time": clock(hour), "hours": 8, "position": i}
        )
        shifts.append((shift.pk, hour))
    return shifts


def _people(site, prefix: str, count: int) -> tuple[list[int], list[int]]:
    """(user ids, person ids) of ``count`` technicians of the site, created once."""
    from django.contrib.auth.models import Group

    from houqin.core import roles
    from houqin.core.models import Membership, Person, User

    role = Group.objects.get(name=roles.TECHNICIAN)
    users, persons = [], []
    for n in range(1, count + 1):
        user, _ = User.objects.get_or_create(username=f"{prefix}-tech-{n:02d}")
        Membership.objects.get_or_create(user=user, site=site, role=role)
        person, _ = Person.objects.get_or_create(
            user=user, defaults={"site": site, "name": f"维修工{n:02d}"}
        )
        users.append(user.pk)
        persons.append(person.pk)
    return users, persons


def bench_manager(site, other):
    """The facilities manager of the bench site, also a member at the other site (so the list
    pages really filter by site)."""
    from django.contrib.auth.models import Group

    from houqin.core import roles
    from houqin.core.models import Membership, User

    user, _ = User.objects.get_or_create(username="bench-fm")
    role = Group.objects.get(name=roles.FACILITIES_MANAGER)
    for s in (site, other):
        Membership.objects.get_or_create(user=user, site=s, role=role)
    return user


# --- rows --------------------------------------------------------------------------------------


def _days(first_year: int, last_year: int):
    day, end = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    while day < end:
        yield day
        day += timedelta(days=1)


def _runs(system: str, day: date, hour: int) -> bool:
    """Whether ``system`` runs the shift starting at ``hour`` on ``day``."""
    if system == "central_ac":  # cooling June–September, heating December–February
        return day.month in (6, 7, 8, 9, 12, 1, 2)
    if system == "elevator":  # the night shift only before working days
        return hour != 0 or day.weekday() < 5
    return True


def _run_log_rows(rng, site, plant, people, first_year: int, last_year: int):
    """Run-log rows in time order, numbered per year."""
    from django.db import connection

    from houqin.facilities.models import RunLog

    tz, adapt = ZoneInfo("Asia/Shanghai"), connection.ops.adapt_datetimefield_value
    prep = RunLog._meta.get_field("readings").get_db_prep_save
    readings = {key: [prep(r, connection) for r in value] for key, value in READINGS.items()}
    empty = prep({}, connection)
    numbers: dict[int, int] = {}
    for day in _days(first_year, last_year):
        for shift_id, hour in plant["shifts"]:
            start = datetime(day.year, day.month, day.day, hour, tzinfo=tz)
            started, ended = adapt(start), adapt(start + timedelta(hours=8))
            for system, unit_ids in plant["units"].items():
                if not _runs(system, day, hour):
                    continue
                for unit_id in unit_ids:
                    numbers[day.year] = n = numbers.get(day.year, 0) + 1
                    roll = rng.random()
                    yield (
                        site.pk, f"YX-{day.year}-{n:05d}", ended, "", unit_id, system, day,
                        shift_id, started, ended, people[rng.randrange(len(people))],
                        rng.choice(readings.get(system, (empty,))),
                        "abnormal" if roll < 0.01 else "normal",
                        "温度偏高" if roll < 0.01 else "", roll < 0.00002,
                    )  # fmt: skip


RUN_LOG_COLUMNS = (
    "site_id, number, created_at, void_reason, equipment_id, system, shift_date, shift_id, "
    "started_at, ended_at, operator_id, readings, status, anomaly, is_accident"
)
WORK_ORDER_COLUMNS = (
    "site_id, number, created_at, void_reason, voided_at, source, equipment_id, description, "
    "priority, reported_at, reporter_name, reporter_phone, client_hash, status, assigned_to_id, "
    "assigned_at, respond_by, started_at, completed_at, closed_at, resolution, labour_hours, "
    "rating, rating_comment, rated_at"
)
RESPONSE = {"urgent": timedelta(minutes=30), "normal": timedelta(hours=4), "low": timedelta(1)}


def _status(rng, at: datetime, end: datetime) -> str:
    """Old orders are closed or repaired; the last month's are still moving through the flow."""
    roll = rng.random()
    if end - at > timedelta(days=30):
        return "closed" if roll < 0.85 else "done"
    for status, share in (("reported", 0.1), ("assigned", 0.25), ("in_progress", 0.45)):
        if roll < share:
            return status
    return "done" if roll < 0.75 else "closed"


def _times(rng, at: datetime, status: str) -> dict:
    """The timestamps (and rating) an order in ``status`` carries."""
    t = {"assigned": None, "started": None, "completed": None, "closed": None, "rating": None}
    if status == "reported":
        return t
    t["assigned"] = at + timedelta(minutes=rng.randint(5, 90))
    if status != "assigned":
        t["started"] = t["assigned"] + timedelta(minutes=rng.randint(10, 120))
    if status in ("done", "closed"):
        t["completed"] = t["started"] + timedelta(minutes=rng.randint(20, 600))
    if status == "closed":
        t["closed"] = t["completed"] + timedelta(hours=rng.randint(1, 72))
        if rng.random() < 0.8:
            t["rating"] = rng.choice((5, 5, 5, 5, 5, 4, 4, 4, 3, 2))
    return t


def _work_order_rows(rng, site, plant, users, first_year, last_year, scale):
    """Work-order rows in time order, numbered per year."""
    from django.db import connection

    tz, adapt = ZoneInfo("Asia/Shanghai"), connection.ops.adapt_datetimefield_value
    end = datetime(last_year + 1, 1, 1, tzinfo=tz)
    numbers: dict[int, int] = {}
    per_day = WORK_ORDERS_PER_DAY * scale
    for day in _days(first_year, last_year):
        count = int(per_day) + (rng.random() < per_day % 1)
        moments = sorted(rng.randint(7 * 3600, 22 * 3600) for _ in range(count))
        for second in moments:
            at = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(seconds=second)
            numbers[day.year] = n = numbers.get(day.year, 0) + 1
            yield _work_order(rng, site, plant, users, at, end, f"WX-{day.year}-{n:05d}", adapt)


def _work_order(rng, site, plant, users, at, end, number, adapt):
    status = _status(rng, at, end)
    t = _times(rng, at, status)
    priority = rng.choice(("urgent", "normal", "normal", "normal", "normal", "low"))
    units = plant["all_units"]
    opt = lambda value: adapt(value) if value else None  # noqa: E731
    return (
        site.pk, number, adapt(at), "重复报修" if rng.random() < 0.003 else "",
        adapt(at + timedelta(hours=1)) if rng.random() < 0.003 else None,
        rng.choice(("staff", "staff", "staff", "public", "run_log", "inspection")),
        units[rng.randrange(len(units))] if rng.random() < 0.6 else None,
        FAULTS[rng.randrange(len(FAULTS))], priority, adapt(at), "", "", "", status,
        users[rng.randrange(len(users))] if t["assigned"] else None, opt(t["assigned"]),
        adapt(at + RESPONSE[priority]), opt(t["started"]), opt(t["completed"]), opt(t["closed"]),
        "已修复" if t["completed"] else "", "1.50" if t["completed"] else None, t["rating"], "",
        opt(t["closed"] if t["rating"] else None),
    )  # fmt: skip


def _copy(table: str, columns: str, rows) -> int:
    """Write ``rows`` with PostgreSQL's COPY, its fastest bulk load."""
    from django.db import connection

    written = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def _insert(table: str, columns: str, rows) -> int:
    """Write ``rows`` with COPY on PostgreSQL, else with multi-row INSERTs (SQLite takes at most
    32,766 parameters a statement)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return _copy(table, columns, rows)
    width = columns.count(",") + 1
    batch_size = 30_000 // width
    written = 0
    with connection.cursor() as cursor:
        while batch := [row for _, row in zip(range(batch_size), rows, strict=False)]:
            values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values}",
                [value for row in batch for value in row],
            )
            written += len(batch)
    return written


# --- generation --------------------------------------------------------------------------------


def _clear(site) -> None:
    """Remove the facilities records of a bench site before writing them again."""
    from django.db import connection

    from houqin.facilities.models import RunLog, WorkOrder

    with connection.cursor() as cursor:
        for model in (RunLog, WorkOrder):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE site_id = %s", [site.pk])
        cursor.execute(
            "DELETE FROM core_sequence WHERE site_id = %s AND prefix IN ('YX', 'WX')", [site.pk]
        )


def _advance_sequences(site) -> None:
    """Make the record numbers continue after the generated rows."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from houqin.core.models import Sequence
    from houqin.facilities.models import RunLog, WorkOrder

    for model, prefix, column in ((RunLog, "YX", "shift_date"), (WorkOrder, "WX", "reported_at")):
        per_year = (
            model.objects.filter(site=site)
            .annotate(y=ExtractYear(column))
            .values("y")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in per_year:
            Sequence.objects.update_or_create(
                site=site, prefix=prefix, year=row["y"], defaults={"last_value": row["n"]}
            )


def _expected_run_logs(plant, years: int) -> int:
    """About how many run logs the generator writes (to tell whether the data is there)."""
    per_day = {"central_ac": 3 * 212 / 365, "elevator": 2 + 261 / 365}
    return int(sum(365 * years * per_day.get(s, 3) * len(ids) for s, ids in plant["units"].items()))


def generate(site, *, years: int, scale: float, seed: int, first_year: int | None = None):
    """Write the site's run logs and work orders unless about that many are there already."""
    from django.db import transaction

    from houqin.facilities.models import RunLog, WorkOrder

    plant = _plant(site, scale)
    users, persons = _people(site, site.code, 8)
    have = (RunLog.objects.filter(site=site).count(), WorkOrder.objects.filter(site=site).count())
    want = (_expected_run_logs(plant, years), int(WORK_ORDERS_PER_DAY * scale * 365 * years))
    if all(abs(h - w) < 0.03 * w + 50 for h, w in zip(have, want, strict=True)):
        return have
    rng, first = random.Random(seed), first_year or END_YEAR - years + 1
    with transaction.atomic():
        _clear(site)
        logs = _insert(
            RunLog._meta.db_table,
            RUN_LOG_COLUMNS,
            _run_log_rows(rng, site, plant, persons, first, END_YEAR),
        )
        orders = _insert(
            WorkOrder._meta.db_table,
            WORK_ORDER_COLUMNS,
            _work_order_rows(rng, site, plant, users, first, END_YEAR, scale),
        )
        _advance_sequences(site)
    return logs, orders


def _analyze() -> None:
    from houqin.core.db import analyze
    from houqin.facilities.models import RunLog, WorkOrder

    analyze(RunLog, WorkOrder)


def prepare(args):
    """The bench sites with their data; returns (site, other site, facilities manager)."""
    years, scale = args.fac_years, args.fac_scale
    site = _site(SITE_CODE, "基准测试院区")
    other = _site(OTHER_CODE, "基准测试二院区")
    started = time.monotonic()
    logs, orders = generate(site, years=years, scale=scale, seed=6)
    generate(other, years=1, scale=scale * OTHER_SCALE, seed=7, first_year=END_YEAR)
    print(
        f"facilities at site {SITE_CODE}: {logs:,} run logs, {orders:,} work orders over "
        f"{years} years ({time.monotonic() - started:.0f} s to prepare)",
        flush=True,
    )
    _analyze()
    return site, other, bench_manager(site, other)


# --- measurements ------------------------------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = ZoneInfo("Asia/Shanghai")
    return (
        datetime(start.year, start.month, start.day, tzinfo=tz),
        datetime(end.year, end.month, end.day, tzinfo=tz),
    )


def _month() -> tuple[date, date]:
    """The measured month: first day and the first day after it."""
    year, month = MONTH
    return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)


def _date_params(url_name: str, field: str, first: date, last: date) -> dict:
    """The list view's query parameters for a from–to filter on ``field``, whatever the view
    calls that filter (its filterset is read rather than guessed)."""
    from django.urls import resolve, reverse

    view = resolve(reverse(url_name)).func.view_class
    for name, filter_ in view.filterset_class.base_filters.items():
        if filter_.field_name == field:
            return {f"{name}_after": first.isoformat(), f"{name}_before": last.isoformat()}
    raise LookupError(f"{url_name} has no date filter on {field}")


def _page_timer(user, site, url_name: str, field: str):
    """A function that fetches the list page for the measured month of ``site``, first page."""
    from urllib.parse import urlencode

    from django.test import Client
    from django.urls import reverse

    first, after = _month()
    params = {"site": site.code, **_date_params(url_name, field, first, after - timedelta(1))}
    url = f"{reverse(url_name)}?{urlencode(params)}"
    client = Client()
    client.force_login(user)

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return page


def _sql_timer(statements):
    """A function running ``[(sql, params)]`` and fetching every row."""
    from django.db import connection

    def run():
        results = []
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
        return results

    return run


def _adapt(*values):
    from django.db import connection

    return [
        connection.ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v
        for v in values
    ]


def run_log_floor(site) -> list[tuple[str, list]]:
    """The run-log page's rows and count for the month, selected directly in SQL: the log with
    its unit and the unit's place, shift, operator and work order, newest shift first."""
    first, after = _month()
    where = "r.site_id = %s AND r.shift_date >= %s AND r.shift_date < %s"
    rows = (
        "SELECT r.id, r.number, r.shift_date, r.system, r.started_at, r.status, r.anomaly, "
        "r.is_accident, r.voided_at, e.code, e.name, l.code, l.name, s.name, p.name, w.number "
        "FROM facilities_runlog r JOIN facilities_equipment e ON e.id = r.equipment_id "
        "LEFT JOIN core_location l ON l.id = e.location_id "
        "JOIN facilities_operatingshift s ON s.id = r.shift_id "
        "LEFT JOIN core_person p ON p.id = r.operator_id "
        f"LEFT JOIN facilities_workorder w ON w.id = r.work_order_id WHERE {where} "
        f"ORDER BY r.shift_date DESC, r.started_at DESC LIMIT {PAGE_SIZE}"
    )
    params = _adapt(site.pk, first, after)
    return [(f"SELECT COUNT(*) FROM facilities_runlog r WHERE {where}", params), (rows, params)]


def work_order_floor(site) -> list[tuple[str, list]]:
    """The work-order page's rows and count for the month, selected directly in SQL: the order
    with its place, unit, reporter and technician, latest report first."""
    where = "w.site_id = %s AND w.reported_at >= %s AND w.reported_at < %s"
    rows = (
        "SELECT w.id, w.number, w.reported_at, w.source, w.description, w.priority, w.status, "
        "w.reporter_name, w.started_at, w.completed_at, w.labour_hours, w.rating, w.voided_at, "
        "l.name, e.code, e.name, u.username, u.last_name, u.first_name, r.username, "
        "r.last_name, r.first_name FROM facilities_workorder w "
        "LEFT JOIN core_location l ON l.id = w.location_id "
        "LEFT JOIN facilities_equipment e ON e.id = w.equipment_id "
        "LEFT JOIN core_user u ON u.id = w.assigned_to_id "
        f"LEFT JOIN core_user r ON r.id = w.reporter_id WHERE {where} "
        f"ORDER BY w.reported_at DESC LIMIT {PAGE_SIZE}"
    )
    params = _adapt(site.pk, *_bounds(*_month()))
    return [(f"SELECT COUNT(*) FROM facilities_workorder w WHERE {where}", params), (rows, params)]


def _measure_page(label, user, site, url_name, field, floor, repeat):
    from houqin.bench import paired_ms

    try:
        page = _page_timer(user, site, url_name, field)
    except Exception as error:  # the view is not there yet: say so, measure the rest
        print(f"   {label}: not measured ({type(error).__name__}: {error})")
        return None
    value, base = paired_ms(page, _sql_timer(floor), repeat)
    return (label, value, base, value / base, "<= 5", value / base <= 5)


def _facility_sources():
    """The registered metric sources that compute any ``facilities.`` figure."""
    import houqin.facilities.metrics  # noqa: F401  (registrations)
    from houqin.reports.registry import SOURCES

    return [s for s in SOURCES if any(m.key.startswith("facilities.") for m in s.metrics)]


def _metrics_timer(site, year: int):
    """A function computing every facilities metric of ``year`` at ``site`` via the registry."""
    from houqin.reports.registry import year_bounds

    start, end = year_bounds(year)
    sources = _facility_sources()

    def run() -> dict:
        values = {}
        for source in sources:
            values.update(source.compute(site_ids=[site.pk], start=start, end=end))
        return {key: value for key, value in values.items() if key.startswith("facilities.")}

    return run


def _seconds(later: str, earlier: str) -> str:
    """SQL for the seconds between two datetime columns."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    return f"(julianday({later}) - julianday({earlier})) * 86400"


def _shift_floor(site, year: int) -> tuple[str, list]:
    """Safe 台班 and accidents per system: a (shift date, shift) of a system counts once unless
    one of its logs records an accident; accidents count once per log."""
    sql = (
        "SELECT system, COUNT(*) - SUM(accident), SUM(accidents) FROM (SELECT system, "
        "MAX(CASE WHEN is_accident THEN 1 ELSE 0 END) AS accident, "
        "SUM(CASE WHEN is_accident THEN 1 ELSE 0 END) AS accidents FROM facilities_runlog "
        "WHERE site_id = %s AND shift_date >= %s AND shift_date < %s AND voided_at IS NULL "
        "GROUP BY system, shift_date, shift_id) AS shifts GROUP BY system"
    )
    return sql, _adapt(site.pk, date(year, 1, 1), date(year + 1, 1, 1))


def _order_floor(site, year: int) -> tuple[str, list]:
    """Orders reported, closed and rated in the year, with the ratings' average and share ≥ 4."""
    start, end = _bounds(date(year, 1, 1), date(year + 1, 1, 1))
    rated = "rated_at >= %s AND rated_at < %s AND rating IS NOT NULL"
    sql = (
        "SELECT SUM(CASE WHEN reported_at >= %s AND reported_at < %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN closed_at >= %s AND closed_at < %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {rated} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {rated} AND rating >= 4 THEN 1 ELSE 0 END), "
        f"AVG(CASE WHEN {rated} THEN rating END) FROM facilities_workorder "
        "WHERE site_id = %s AND voided_at IS NULL AND ((reported_at >= %s AND reported_at < %s) "
        "OR (closed_at >= %s AND closed_at < %s))"
    )
    return sql, _adapt(*[start, end] * 5, site.pk, *[start, end] * 2)


def _median_floor(site, year: int, later: str, earlier: str) -> tuple[str, list]:
    """The median seconds from ``earlier`` to ``later`` over the year's orders that have both:
    percentile_cont on PostgreSQL; on SQLite the middle one or two rows, found by OFFSET."""
    from django.db import connection

    start, end = _bounds(date(year, 1, 1), date(year + 1, 1, 1))
    rows = (
        "FROM facilities_workorder WHERE site_id = %s AND voided_at IS NULL AND reported_at >= %s "
        f"AND reported_at < %s AND {later} IS NOT NULL AND {earlier} IS NOT NULL"
    )
    params = _adapt(site.pk, start, end)
    if connection.vendor == "postgresql":
        seconds = _seconds(later, earlier)
        return f"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY {seconds}) {rows}", params
    count = f"(SELECT COUNT(*) {rows})"
    sql = (
        f"SELECT AVG(d) FROM (SELECT {_seconds(later, earlier)} AS d {rows} ORDER BY d "
        f"LIMIT 2 - {count} % 2 OFFSET ({count} - 1) / 2) AS middle"
    )
    return sql, params * 3


def _task_floor(site, year: int) -> tuple[str, list]:
    """Tasks due in the year and those done by their due date (local), and tasks done in it."""
    from django.db import connection

    start, end = _bounds(date(year, 1, 1), date(year + 1, 1, 1))
    done_on = (
        "(done_at AT TIME ZONE 'Asia/Shanghai')::date"
        if connection.vendor == "postgresql"
        else "date(done_at, '+8 hours')"
    )
    due = "due_on >= %s AND due_on < %s"
    sql = (
        f"SELECT SUM(CASE WHEN {due} THEN 1 ELSE 0 END), SUM(CASE WHEN {due} AND "
        f"status = 'done' AND {done_on} <= due_on THEN 1 ELSE 0 END), SUM(CASE WHEN "
        "status = 'done' AND done_at >= %s AND done_at < %s THEN 1 ELSE 0 END) "
        "FROM facilities_maintenancetask WHERE site_id = %s AND voided_at IS NULL AND "
        f"(({due}) OR (done_at >= %s AND done_at < %s))"
    )
    days = [date(year, 1, 1), date(year + 1, 1, 1)]
    return sql, _adapt(*days, *days, start, end, site.pk, *days, start, end)


def metrics_floor(site, year: int) -> list[tuple[str, list]]:
    """The facilities figures of a year in hand-written SQL."""
    return [
        _shift_floor(site, year),
        _order_floor(site, year),
        _median_floor(site, year, "started_at", "reported_at"),
        _median_floor(site, year, "completed_at", "started_at"),
        _task_floor(site, year),
    ]


def floor_figures(results) -> dict:
    """The floor's figures under the metrics' keys, rounded as the report rounds them."""
    shifts, orders, response, repair, tasks = results
    due, on_time, done = tasks[0]
    opened, closed, rated, satisfied, rating = orders[0]
    figures = {f"facilities.run_shifts.{system}": safe for system, safe, _acc in shifts}
    hours = lambda row: round(float(row[0][0] or 0) / 3600, 1)  # noqa: E731
    return figures | {
        "facilities.equipment_accidents": sum(acc for *_rest, acc in shifts),
        "facilities.work_orders_opened": opened or 0,
        "facilities.work_orders_closed": closed or 0,
        "facilities.work_order_response_hours_median": hours(response),
        "facilities.work_order_repair_hours_median": hours(repair),
        "facilities.work_order_satisfaction": round(float(rating or 0), 1),
        "facilities.work_order_satisfied_pct": round(100 * satisfied / rated, 1) if rated else 0,
        "facilities.maintenance_on_time_pct": round(100 * on_time / due, 1) if due else 0,
        "facilities.maintenance_tasks_done": done or 0,
    }


@contextlib.contextmanager
def time_limit(seconds: float):
    """Abort the statements run inside after ``seconds`` (a figure that would take hours at
    this scale is reported as over the limit rather than waited for)."""
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        return
    deadline = time.monotonic() + seconds
    raw = connection.connection
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 100_000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


def measure_metrics(site, year: int, repeat: int, limit: float = 120):
    """(f3): the facilities metrics of a year through the registry against their SQL floor."""
    from django.db import DatabaseError

    from houqin.bench import _median_ms

    label = "(f3) facilities metrics, one year (ms)"
    compute, floor = _metrics_timer(site, year), _sql_timer(metrics_floor(site, year))
    base = _median_ms(floor, repeat)
    started = time.perf_counter()
    try:
        with time_limit(limit):
            values = compute()
    except DatabaseError as error:
        print(f"   {label}: over {limit:.0f} s, stopped ({error})")
        return (label, limit * 1000, base, limit * 1000 / base, "<= 3", False)
    if not values:
        print(f"   {label}: not measured (no facilities metric is registered)")
        return None
    _compare(values, floor_figures(floor()))
    once = (time.perf_counter() - started) * 1000
    value = once if once > 10_000 else _median_ms(compute, repeat)  # too slow to repeat
    return (label, value, base, value / base, "<= 3", value / base <= 3)


def _compare(values: dict, figures: dict) -> None:
    """Print the metrics beside the floor's figure of the same key, so a floor that computes
    something else (or a metric it lacks) shows."""
    for key, value in sorted(values.items()):
        floor = figures.get(key, "—")
        mark = "" if key not in figures or floor == value else "  ≠"
        print(f"   {key:<52} {value!s:>12} {floor!s:>12}{mark}")


def bench_facilities(args) -> list[tuple]:
    """Rows (label, houqin, floor, ratio, target, ok) of the facilities measurements."""
    site, _other, user = prepare(args)
    rows = [
        _measure_page(
            "(f1) run-log list, one month (ms)",
            user, site, "facilities:runlog_list", "shift_date", run_log_floor(site), args.repeat,
        ),
        _measure_page(
            "(f2) work-order list, one month (ms)",
            user, site, "facilities:workorder_list", "reported_at", work_order_floor(site),
            args.repeat,
        ),
        measure_metrics(site, END_YEAR, args.repeat),
    ]  # fmt: skip
    return [row for row in rows if row is not None]


def main(argv=None) -> int:
    """Prepare the data and print this module's rows alone (the whole bench is houqin.bench)."""
    from houqin.bench import run_module

    return run_module(
        argv,
        "facilities benchmark",
        [("--fac-years", int, 10), ("--fac-scale", float, 1.0)],
        bench_facilities,
    )


if __name__ == "__main__":
    sys.exit(main())
