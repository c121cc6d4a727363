"""`make bench` part (s): the all-sites annual work summary at 50 sites × 10 years (2016–2025),
against the sum of its raw SQL floors.

Data. The procurement bench's 50 sites and their orders (≈208 a site-year, written by
``houqin.procurement.bench.generate``) carry, per site and year, the records of every other
module whose figures feed the summary, at ``--scale`` (default 2 %) of SPEC §5's figures per
compound per year — 200,000 visitor registrations, 200,000 patrol scans (carried by 10,000
rounds of 20 checkpoints), 50,000 run logs, 20,000 work orders, 5,000 meetings and 100,000 meter
readings — and of this bench's own yearly figures for the smaller modules (display messages,
consultations, library loans, relief donations, training with its attendance, honours,
publications, hazards, incidents), see ``PER_YEAR``. At the default that is about 8,100 rows a
site-year, 4.1 million in all; the generator prints the count of every table. Rows are written
with COPY (PostgreSQL) or multi-row INSERTs inside one transaction; a table whose rows are
already there is not written again.

Measured (median of ``--repeat``): (i) ``summary_build(year=2025, site_ids=None, site=None,
charts=True)``; (ii) its floor — every SELECT the build sends, captured once, then executed
as is through ``connection.cursor()``; and the SELECTs of both years' visitor and
facilities figures (captured from ``summary_figures``) against the hand-written SQL of
``houqin.bench.bench_annual`` and ``houqin.facilities.bench.metrics_floor`` for both years,
over every site. The five slowest statements are printed, to show where the time goes. The
Word document's build time is printed beside them when ``houqin.reports.summary.docx`` is
there.

Run alone while developing: ``python -m houqin.reports.bench --sites 5``.
"""

from __future__ import annotations

import random
import re
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
END_YEAR, YEARS = 2025, 10
SCALE = 0.02
YEAR_SECONDS = 365 * 86400
# Rows per compound and year at scale 1: SPEC §5 where it gives a figure, else this bench's
# estimate of a large compound's year. Patrol scans are carried by rounds (``scans_done``).
PER_YEAR = {
    "visits": 200_000,
    "patrol_rounds": 200_000 // 20,
    "run_logs": 50_000,
    "work_orders": 20_000,
    "bookings": 5_000,
    "readings": 100_000,
    "messages": 1_000,
    "consultations": 8_000,
    "loans": 10_000,
    "donations": 500,
    "training_sessions": 100,
    "honours": 50,
    "publications": 100,
    "hazards": 500,
    "incidents": 50,
}
ATTENDEES = 20  # people of a site, each attending every training session


# --- rows of any model -------------------------------------------------------------------------


class _Table:
    """A model's columns with the values all generated rows share; rows differ only in the
    ``varying`` columns (given already adapted for the database)."""

    def __init__(self, model, varying: tuple[str, ...], created):
        from django.db import connection

        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.model, self.name = model, model._meta.db_table
        self.columns = ", ".join(f.column for f in fields)
        self.base = [_fixed(f, created, connection) for f in fields]
        index = {f.column: i for i, f in enumerate(fields)}
        self.slots = [index[column] for column in varying]

    def row(self, values) -> tuple:
        row = list(self.base)
        for slot, value in zip(self.slots, values, strict=True):
            row[slot] = value
        return tuple(row)


def _fixed(field, created, connection):
    """The shared value of a column: its default, else NULL, else an empty value of its type."""
    kind = field.get_internal_type()
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return created
    if field.has_default():
        return field.get_db_prep_save(field.get_default(), connection)
    if field.null:
        return None
    if kind in ("DateTimeField",):
        return created
    if kind in ("DateField",):
        return date(END_YEAR, 1, 1).isoformat()
    if kind == "JSONField":
        return field.get_db_prep_save({}, connection)
    if kind == "BooleanField":
        return False
    if "Integer" in kind or kind in ("DecimalField", "FloatField"):
        return 0
    return ""


def _at(year: int, second: int):
    """An adapted aware datetime ``second`` seconds into ``year`` (local time)."""
    from django.db import connection

    moment = datetime(year, 1, 1, tzinfo=TZ) + timedelta(seconds=second)
    return connection.ops.adapt_datetimefield_value(moment)


def _spread(count: int):
    """``count`` evenly spread seconds of a year with their index."""
    return ((n, n * YEAR_SECONDS // count + 3600) for n in range(count))


# --- per-site fixtures -------------------------------------------------------------------------


def _fixtures(site) -> dict:
    """The records each site's generated rows refer to (created once)."""
    from houqin.facilities.bench import _plant

    plant = _plant(site, 1.0)
    return {
        "plant": plant,
        "route": _route(site),
        "room": _room(site),
        "organiser": _organiser(site),
        "copies": _copies(site),
        "persons": _persons(site),
        "campaign": _campaign(site),
        "meters": _meters(site),
    }


def _route(site) -> int:
    from houqin.inspections.models import Route

    return Route.objects.get_or_create(site=site, name="基准巡逻路线", defaults={"kind": "patrol"})[
        0
    ].pk


def _room(site) -> int:
    from houqin.meetings.models import Room

    return Room.objects.get_or_create(
        site=site, code="B-R1", defaults={"name": "基准会议室", "capacity": 40}
    )[0].pk


def _organiser(site) -> int:
    from houqin.core.models import User

    return User.objects.get_or_create(username=f"{site.code}-organiser")[0].pk


def _copies(site) -> list[int]:
    """Copies of one book: loans go round them (each is returned before the next)."""
    from houqin.outreach.models import Book, BookCopy

    book = Book.objects.get_or_create(
        site=site, isbn="9787000000000", defaults={"title": "基准图书"}
    )[0]
    for n in range(50 - BookCopy.objects.filter(book=book).count()):
        BookCopy.objects.get_or_create(
            site=site,
            barcode=f"B-{n:04d}",
            defaults={"book": book, "acquired_on": date(2015, 1, 1)},
        )
    return list(BookCopy.objects.filter(book=book).values_list("pk", flat=True))


def _persons(site) -> list[int]:
    from houqin.core.models import Person

    for n in range(ATTENDEES - Person.objects.filter(site=site).count()):
        Person.objects.create(site=site, name=f"基准职工{n:02d}", employee_no=f"B{n:03d}")
    return list(Person.objects.filter(site=site).order_by("pk").values_list("pk", flat=True))


def _campaign(site) -> int:
    from houqin.relief.models import Campaign
    from houqin.stock.models import Store

    store = Store.objects.get_or_create(site=site, code="B-RS", defaults={"name": "基准库房"})[0]
    return Campaign.objects.get_or_create(
        site=site,
        number="B-JZ-0001",
        defaults={"title": "基准救灾募捐", "starts_on": date(2016, 1, 1), "store": store},
    )[0].pk


def _meters(site) -> list[tuple[int, str]]:
    """A building with its main electricity and water meters."""
    from houqin.core.models import Building
    from houqin.energy.models import Meter

    building = Building.objects.get_or_create(site=site, code="B-B1", defaults={"name": "基准楼"})[
        0
    ]
    for n, kind in enumerate(("electricity", "water", "electricity", "water")):
        Meter.objects.get_or_create(
            site=site,
            code=f"B-M{n}",
            defaults={"name": f"基准表{n}", "energy_type": kind, "building": building},
        )
    return list(
        Meter.objects.filter(site=site, code__startswith="B-M").values_list("pk", "energy_type")
    )


# --- the generators: (varying columns, rows of one site-year) ----------------------------------


def _visits(rng, site, fx, year, count):
    for n, s in _spread(count):
        at = _at(year, s)
        yield (
            f"B-FK-{year}-{n:06d}", "基准访客", "business", "left", at, _at(year, s + 3600),
            rng.random() < 0.1, rng.randrange(3),
        )  # fmt: skip


def _rounds(rng, site, fx, year, count):
    for n, s in _spread(count):
        status = "complete" if rng.random() < 0.97 else "missed"
        yield (f"B-XL-{year}-{n:06d}", fx["route"], "patrol", _at(year, s),
               _at(year, s + 3600), status, 20)  # fmt: skip


def _run_logs(rng, site, fx, year, count):
    """One log per (unit, shift, day) at most: the day's logs take distinct units and shifts."""
    units = [(system, unit) for system, ids in fx["plant"]["units"].items() for unit in ids]
    shifts, per_day = fx["plant"]["shifts"], {}
    for n in range(count):
        day = date(year, 1, 1) + timedelta(days=n * 365 // count)
        j = per_day[day] = per_day.get(day, -1) + 1
        system, unit = units[j % len(units)]
        shift, hour = shifts[(j // len(units)) % len(shifts)]
        start = (day - date(year, 1, 1)).days * 86400 + hour * 3600
        yield (f"B-YX-{year}-{n:06d}", unit, system, day.isoformat(), shift, _at(year, start),
               _at(year, start + 8 * 3600), "normal")  # fmt: skip


def _work_orders(rng, site, fx, year, count):
    for n, s in _spread(count):
        rated = rng.random() < 0.8
        yield (
            f"B-WX-{year}-{n:06d}", "空调不制冷", _at(year, s), "closed",
            _at(year, s + 1800 + rng.randrange(3600)), _at(year, s + 7200),
            _at(year, s + 10800), rng.randint(3, 5) if rated else None,
            _at(year, s + 10800) if rated else None,
        )  # fmt: skip


def _bookings(rng, site, fx, year, count):
    for n, s in _spread(count):
        yield (
            f"B-HY-{year}-{n:06d}", fx["room"], "基准会议", fx["organiser"], 12, _at(year, s),
            _at(year, s + 7200), "confirmed", _at(year, s + 7200), rng.randint(4, 5),
            _at(year, s + 9000), f"b-{site.pk}-{year}-{n}",
        )  # fmt: skip


def _readings(rng, site, fx, year, count):
    """Readings spread over the meters, each at its own moments; consumption as generated."""
    meters = fx["meters"]
    each = max(1, count // len(meters))
    for meter, kind in meters:
        register = 0.0
        for _n, s in _spread(each):
            use = round(rng.uniform(50, 500) if kind == "electricity" else rng.uniform(1, 20), 3)
            register += use
            price = 0.65 if kind == "electricity" else 3.5
            at = datetime(year, 1, 1, tzinfo=TZ) + timedelta(seconds=s)
            yield (meter, _at(year, s), f"{(year - 2000) * 1e6 + register:.3f}", f"{use:.3f}",
                   at.date().isoformat(), f"{use * price:.2f}")  # fmt: skip


def _messages(rng, site, fx, year, count):
    for n, s in _spread(count):
        yield (f"B-XX-{year}-{n:06d}", "基准信息", "text", "approved", _at(year, s),
               _at(year, s + 86400))  # fmt: skip


def _consultations(rng, site, fx, year, count):
    for n, s in _spread(count):
        yield (f"B-ZX-{year}-{n:06d}", _at(year, s), "general")


def _loans(rng, site, fx, year, count):
    copies = fx["copies"]
    for n, s in _spread(count):
        yield (f"B-JY-{year}-{n:06d}", copies[n % len(copies)], fx["persons"][n % ATTENDEES],
               _at(year, s), date(year, 12, 31).isoformat(), _at(year, s + 600))  # fmt: skip


def _donations(rng, site, fx, year, count):
    for n, s in _spread(count):
        kind = "organisation" if n % 10 == 0 else "staff"
        yield (f"B-JK-{year}-{n:06d}", fx["campaign"], kind, "基准捐款人", _at(year, s),
               str(Decimal(rng.randrange(50, 2000))))  # fmt: skip


def _training(rng, site, fx, year, count):
    for n, s in _spread(count):
        yield (f"B-PX-{year}-{n:06d}", "基准培训", _at(year, s), "3.0")


def _honours(rng, site, fx, year, count):
    levels = ("national", "provincial", "municipal", "district", "internal")
    for n, s in _spread(count):
        day = (date(year, 1, 1) + timedelta(days=s // 86400)).isoformat()
        yield (f"B-RY-{year}-{n:06d}", f"基准荣誉{n}", levels[n % 5], day)


def _publications(rng, site, fx, year, count):
    for n, s in _spread(count):
        day = (date(year, 1, 1) + timedelta(days=s // 86400)).isoformat()
        yield (f"B-WZ-{year}-{n:06d}", f"基准文章{n}", "基准期刊", day)


def _hazards(rng, site, fx, year, count):
    for n, s in _spread(count):
        yield (f"B-YH-{year}-{n:06d}", "基准隐患", "fire", _at(year, s))


def _incidents(rng, site, fx, year, count):
    for n, s in _spread(count):
        kind = ("public_order", "other", "safety_accident")[n % 3]
        yield (f"B-SJ-{year}-{n:06d}", kind, _at(year, s))


def _tables():
    """(key, model, varying columns, generator) of every generated table."""
    from houqin.energy.models import Reading
    from houqin.facilities.models import RunLog, WorkOrder
    from houqin.inspections.models import Round
    from houqin.meetings.models import Booking
    from houqin.outreach.models import Consultation, Loan
    from houqin.relief.models import Donation
    from houqin.security.models import Hazard, Incident, Visit
    from houqin.signage.models import Message
    from houqin.team.models import Honour, Publication, TrainingSession

    n = ("site_id", "number")
    return [
        ("visits", Visit, (*n, "visitor_name", "purpose", "status", "checked_in_at",
                           "checked_out_at", "has_vehicle", "companions"), _visits),
        ("patrol_rounds", Round, (*n, "route_id", "kind", "starts_at", "ends_at", "status",
                                  "scans_done"), _rounds),
        ("run_logs", RunLog, (*n, "equipment_id", "system", "shift_date", "shift_id",
                              "started_at", "ended_at", "status"), _run_logs),
        ("work_orders", WorkOrder, (*n, "description", "reported_at", "status", "assigned_at",
                                    "started_at", "completed_at", "rating", "rated_at"),
         _work_orders),
        ("bookings", Booking, (*n, "room_id", "title", "organiser_id", "attendees", "starts_at",
                               "ends_at", "status", "served_at", "rating", "rated_at", "ics_uid"),
         _bookings),
        ("readings", Reading, ("site_id", "meter_id", "read_at", "value", "consumption",
                               "used_on", "cost"), _readings),
        ("messages", Message, (*n, "title", "kind", "status", "valid_from", "valid_until"),
         _messages),
        ("consultations", Consultation, (*n, "consulted_at", "kind"), _consultations),
        ("loans", Loan, (*n, "copy_id", "borrower_id", "lent_at", "due_on", "returned_at"),
         _loans),
        ("donations", Donation, (*n, "campaign_id", "donor_kind", "donor_name", "received_at",
                                 "amount_yuan"), _donations),
        ("training_sessions", TrainingSession, (*n, "topic", "starts_at", "hours"), _training),
        ("honours", Honour, (*n, "title", "level", "awarded_on"), _honours),
        ("publications", Publication, (*n, "title", "periodical", "published_on"),
         _publications),
        ("hazards", Hazard, (*n, "description", "category", "found_at"), _hazards),
        ("incidents", Incident, (*n, "kind", "occurred_at"), _incidents),
    ]  # fmt: skip


# --- generation --------------------------------------------------------------------------------


def _count(key: str, scale: float) -> int:
    return max(1, round(PER_YEAR[key] * scale))


def _years():
    return range(END_YEAR - YEARS + 1, END_YEAR + 1)


def _generate_table(sites, fixtures, key, model, varying, rows, scale, created) -> int:
    """Write one table's rows at the bench sites unless exactly that many are there."""
    from django.db import connection, transaction

    from houqin.core.db import analyze
    from houqin.facilities.bench import _insert

    ids = [site.pk for site in sites]
    count = _count(key, scale)
    if key == "readings":
        count = count // len(fixtures[ids[0]]["meters"]) * len(fixtures[ids[0]]["meters"])
    want = count * len(sites) * YEARS
    mine = model.objects.filter(site_id__in=ids, **_marked(model))
    if mine.count() == want:
        return want
    table = _Table(model, varying, created)
    rng = random.Random(f"{key}-2006")
    with transaction.atomic():
        # Rows that refer to the rows about to be replaced go first (a training session's
        # attendance, written again by _attendance), or the foreign keys refuse the commit.
        for relation in model._meta.related_objects:
            if relation.one_to_many:
                relation.related_model.objects.filter(
                    **{f"{relation.field.name}__in": mine.values("pk")}
                ).delete()
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(ids))
            where, params = _marked_sql(model)
            cursor.execute(
                f"DELETE FROM {table.name} WHERE site_id IN ({marks}){where}", [*ids, *params]
            )
        _insert(table.name, table.columns, _all_rows(table, sites, fixtures, rows, rng, count))
    analyze(model)
    return want


def _marked(model) -> dict:
    """Only this bench's rows (numbered B-…) of tables that have record numbers."""
    names = {f.name for f in model._meta.concrete_fields}
    return {"number__startswith": "B-"} if "number" in names else {}


def _marked_sql(model) -> tuple[str, list]:
    return (" AND number LIKE %s", ["B-%"]) if _marked(model) else ("", [])


def _all_rows(table, sites, fixtures, rows, rng, count):
    for site in sites:
        for year in _years():
            for values in rows(rng, site, fixtures[site.pk], year, count):
                yield table.row((site.pk, *values))


def _attendance(sites, fixtures, created) -> int:
    """Every person of a site at every generated training session of it."""
    from django.db import transaction

    from houqin.facilities.bench import _insert
    from houqin.team.models import Attendance, TrainingSession

    ids = [site.pk for site in sites]
    sessions = TrainingSession.objects.filter(site_id__in=ids, number__startswith="B-")
    mine = Attendance.objects.filter(session__in=sessions)
    want = sessions.count() * ATTENDEES
    if mine.count() == want:
        return want
    table = _Table(Attendance, ("site_id", "session_id", "person_id", "hours"), created)
    pairs = list(sessions.values_list("site_id", "pk"))
    with transaction.atomic():
        mine.delete()
        rows = (
            table.row((site, session, person, "3.0"))
            for site, session in pairs
            for person in fixtures[site]["persons"][:ATTENDEES]
        )
        _insert(table.name, table.columns, rows)
    return want


def generate(count: int, scale: float) -> tuple[list, dict]:
    """The bench sites with every module's rows; returns (sites, rows per table)."""
    from django.db import connection
    from django.utils import timezone

    from houqin.procurement.bench import _sites
    from houqin.procurement.bench import generate as procurement_generate

    sites = _sites(count)
    counts = {"procurement orders": procurement_generate(sites, YEARS)}
    fixtures = {site.pk: _fixtures(site) for site in sites}
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    for key, model, varying, rows in _tables():
        counts[key] = _generate_table(sites, fixtures, key, model, varying, rows, scale, created)
    counts["training attendance"] = _attendance(sites, fixtures, created)
    return sites, counts


# --- measurements ------------------------------------------------------------------------------


def _build():
    from houqin.reports.summary.build import summary_build

    return summary_build(year=END_YEAR, site_ids=None, site=None, charts=True)


def _selects(func) -> list[str]:
    """Every SELECT ``func`` sends, as executed (parameters in place)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        func()
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip()[:6].upper() in SELECTS]


def _figures():
    """Both years' figures of the all-sites summary (what the hand-written floors compute)."""
    from houqin.reports.summary.build import summary_figures

    return summary_figures(year=END_YEAR, site_ids=None, site=None)


SELECTS = ("SELECT", "WITH (", "WITH R")


def _raw_timer(statements: list[str]):
    """Run the captured statements as they are, fetching every row."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def _median(func, repeat: int) -> float:
    """Median ms of ``func``; a single run when one takes over ten seconds."""
    from houqin.bench import _median_ms

    started = time.perf_counter()
    func()
    once = (time.perf_counter() - started) * 1000
    return once if once > 10_000 else _median_ms(func, repeat)


HAND_TABLES = re.compile(
    r'"(security_visit|facilities_runlog|facilities_workorder|facilities_maintenancetask)"'
)


class _AllSites:
    """Stands for the site in the hand-written floors: its ``site_id = %s`` becomes every
    site (the all-sites summary filters on no site at all)."""

    pk = object()


def hand_floor(year: int) -> list[tuple[str, list]]:
    """The visitor aggregate of ``houqin.bench.bench_annual`` and the facilities
    ``metrics_floor`` for ``year``, over every site."""
    from houqin.bench import visits_floor_sql
    from houqin.core.models import Site
    from houqin.facilities.bench import _adapt, metrics_floor

    visits = visits_floor_sql()
    bounds = _adapt(datetime(year, 1, 1, tzinfo=TZ), datetime(year + 1, 1, 1, tzinfo=TZ))
    statements = [(visits, [_AllSites.pk, *bounds]), *metrics_floor(_AllSites, year)]
    ids = list(Site.objects.values_list("pk", flat=True))
    return [_every_site(sql, params, ids) for sql, params in statements]


def _every_site(sql: str, params: list, ids: list[int]) -> tuple[str, list]:
    marks = "site_id IN (" + ", ".join(["%s"] * len(ids)) + ")"
    expanded = []
    for value in params:
        expanded += ids if value is _AllSites.pk else [value]
    return sql.replace("site_id = %s", marks), expanded


def _slowest(statements: list[str], shown: int = 5) -> None:
    """Print the statements that take longest, once each (where the time goes)."""
    times = []
    for sql in statements:
        started = time.perf_counter()
        _raw_timer([sql])()
        times.append(((time.perf_counter() - started) * 1000, sql))
    for ms, sql in sorted(times, reverse=True)[:shown]:
        print(f"   {ms:>10.1f} ms  {sql[:150]}")


def _row(label: str, value: float, floor: float) -> tuple:
    return (label, value, floor, value / floor, "<= 3", value / floor <= 3)


def _docx_line(repeat: int) -> None:
    """The Word document's build time from the built summary, without a floor."""
    try:
        from houqin.reports.summary.docx import summary_docx
    except ImportError:
        return
    summary = _build()
    value = _median(lambda: summary_docx(summary), max(1, min(repeat, 5)))
    print(f"   {'summary Word document from the built summary (ms)':<52}{value:>10.1f}")


def bench_summary(args) -> list[tuple]:
    """Rows (label, houqin, floor, ratio, target, ok) of the summary measurements."""
    from houqin.facilities.bench import _sql_timer

    sites, scale = getattr(args, "sites", 50), getattr(args, "scale", SCALE)
    started = time.monotonic()
    _sites, counts = generate(sites, scale)
    print(f"summary data at {sites} sites × {YEARS} years, scale {scale:g} of SPEC §5 "
          f"({time.monotonic() - started:.0f} s to prepare):")  # fmt: skip
    for key, count in counts.items():
        print(f"   {key:<24}{count:>12,}")
    try:
        _build()  # default wording rows are created on the first build, not measured
        statements = _selects(_build)
    except ImportError as error:
        print(f"   summary: not measured ({error})")
        return []
    value = _median(_build, args.repeat)
    floor = _median(_raw_timer(statements), args.repeat)
    print(f"   the summary sends {len(statements)} SELECTs; the slowest:")
    _slowest(statements)
    rows = [_row(f"(s) summary all sites {sites}×{YEARS}y (ms)", value, floor)]
    ours = [sql for sql in _selects(_figures) if HAND_TABLES.search(sql)]
    if ours:
        hand = _median(_sql_timer(hand_floor(END_YEAR) + hand_floor(END_YEAR - 1)), args.repeat)
        mine = _median(_raw_timer(ours), args.repeat)
        rows.append(_row("(s) its visitor+facilities figures' SQL (ms)", mine, hand))
    _docx_line(args.repeat)
    return rows


def main(argv=None) -> int:
    """Prepare the data and print this module's rows alone (the whole bench is houqin.bench)."""
    from houqin.bench import run_module

    return run_module(
        argv,
        "all-sites summary benchmark",
        [("--sites", int, 50), ("--scale", float, SCALE)],
        bench_summary,
    )


if __name__ == "__main__":
    sys.exit(main())
