"""`make bench` part (p): procurement savings at 50 sites × 10 years × about 208 orders a year
(≈104,000 contracted projects, plus about 5 % cancelled, failed, void or still open) — measuring
``savings_rows`` by method, by department and by year over the ten years at all 50 sites and the
``procurement:savings`` page, each against hand-written SQL computing the same grouped sums.

Rows are written with COPY (PostgreSQL) or multi-row INSERTs inside one transaction; generation
is skipped when the rows are already there.

Run alone while developing: ``python -m houqin.procurement.bench --proc-sites 5``.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent.parent
SITE_PREFIX = "pbench"
TZ = ZoneInfo("Asia/Shanghai")
END_YEAR = 2025
ORDERS_PER_YEAR = 208
DEPARTMENTS = 12
METHODS = ("public_tender", "quotation", "negotiation", "consultation", "single_source")
PROJECT_COLUMNS = (
    "site_id, number, created_at, void_reason, voided_at, title, department_id, object_type, "
    "funding_source, budget_yuan, method, method_reason, jurisdiction_id, status, stage, "
    "description, evaluation_note, contract_number, contract_yuan, contract_signed_on"
)
WHERE = (
    "p.voided_at IS NULL AND p.contract_yuan IS NOT NULL AND p.contract_signed_on >= %s "
    "AND p.contract_signed_on < %s AND p.status NOT IN ('cancelled', 'failed')"
)


def _sites(count: int):
    """The bench sites, each with its departments (created once)."""
    from houqin.core.models import Department, Site

    sites = []
    for n in range(1, count + 1):
        site = Site.objects.get_or_create(
            code=f"{SITE_PREFIX}{n:02d}", defaults={"name": f"采购基准院区{n:02d}"}
        )[0]
        for d in range(DEPARTMENTS - Department.objects.filter(site=site).count()):
            Department.objects.get_or_create(
                site=site, code=f"PB-D{d:02d}", defaults={"name": f"基准科室{n:02d}-{d:02d}"}
            )
        sites.append(site)
    return sites


def _orders(rng, site_id: int, departments: list[int], year: int, jurisdiction: int):
    """A year's contracted orders of one site, and about 5 % that do not count."""
    adapt = _adapt_datetime()
    count = ORDERS_PER_YEAR + rng.randint(-4, 4)
    for n in range(1, count + int(count * 0.05) + 1):
        signed = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        budget = Decimal(rng.randrange(5_000, 400_000)) * 10
        contract = (budget * Decimal(rng.randint(80, 100)) / 100).quantize(Decimal("0.01"))
        status, voided, signed_on = "completed", None, signed
        if n > count:  # the extra 5 %: cancelled, failed, void or not contracted yet
            kind = n % 4
            status = ("cancelled", "failed", "completed", "active")[kind]
            voided = adapt(datetime(year, 12, 31, tzinfo=TZ)) if kind == 2 else None
            signed_on = None if kind == 3 else signed
        yield (
            site_id, f"CG-{year}-{n:05d}", adapt(datetime(year, 1, 1, tzinfo=TZ)),
            "", voided, f"基准采购项目{n}", rng.choice(departments), "goods", "fiscal",
            str(budget), rng.choice(METHODS), "", jurisdiction, status, "paid", "", "", "",
            None if signed_on is None else str(contract), signed_on,
        )  # fmt: skip


def _adapt_datetime():
    from django.db import connection

    return connection.ops.adapt_datetimefield_value


def _rows(sites, years: int):
    """The rows to write. Everything they need from the database is read here, before the
    COPY starts: on PostgreSQL the COPY holds the connection until the last row."""
    from houqin.core.models import Department
    from houqin.procurement.models import Jurisdiction

    rng = random.Random(2006)
    jurisdiction = Jurisdiction.objects.get(code="cn").pk
    departments = {
        site.pk: list(
            Department.objects.filter(site=site).order_by("pk").values_list("pk", flat=True)
        )
        for site in sites
    }
    return (
        row
        for site in sites
        for year in range(END_YEAR - years + 1, END_YEAR + 1)
        for row in _orders(rng, site.pk, departments[site.pk], year, jurisdiction)
    )


def generate(sites, years: int) -> int:
    """Write the bench sites' projects unless they are there already; returns the orders that
    count (contracted, not void, cancelled or failed)."""
    from django.db import connection, transaction

    from houqin.core.db import analyze
    from houqin.facilities.bench import _insert
    from houqin.procurement.models import Project

    ids = [site.pk for site in sites]
    have = Project.objects.filter(site_id__in=ids)
    expected_min = len(sites) * years * (ORDERS_PER_YEAR - 4)
    if have.count() < expected_min or not have.filter(contract_signed_on__year=END_YEAR).exists():
        with transaction.atomic():
            with connection.cursor() as cursor:
                marks = ", ".join(["%s"] * len(ids))
                cursor.execute(f"DELETE FROM procurement_project WHERE site_id IN ({marks})", ids)
            _insert(Project._meta.db_table, PROJECT_COLUMNS, _rows(sites, years))
        analyze(Project)
    first = date(END_YEAR - years + 1, 1, 1)
    from houqin.procurement.queries.savings import savings_totals

    return savings_totals(site_ids=ids, start=first, end=date(END_YEAR + 1, 1, 1))["orders"]


def _buyer(sites):
    """A procurement officer of every bench site."""
    from django.contrib.auth.models import Group

    from houqin.core import roles
    from houqin.core.models import Membership, User

    user, _ = User.objects.get_or_create(username="bench-buyer")
    role = Group.objects.get(name=roles.PROCUREMENT)
    for site in sites:
        Membership.objects.get_or_create(user=user, site=site, role=role)
    return user


# --- floors ------------------------------------------------------------------------------------


def _in(site_ids: list[int]) -> str:
    return "p.site_id IN (" + ", ".join(["%s"] * len(site_ids)) + ")"


def grouped_floor(site_ids: list[int], by: str, start: date, end: date) -> list[tuple[str, list]]:
    """The grouped sums of ``savings_rows`` selected directly."""
    from django.db import connection

    year = (
        "EXTRACT(YEAR FROM p.contract_signed_on)"
        if connection.vendor == "postgresql"
        else "CAST(strftime('%%Y', p.contract_signed_on) AS INTEGER)"
    )
    sums = "COUNT(*), SUM(p.budget_yuan), SUM(p.contract_yuan)"
    where = f"{_in(site_ids)} AND {WHERE}"
    params = [*site_ids, start.isoformat(), end.isoformat()]
    sql = {
        "method": f"SELECT p.method, {sums} FROM procurement_project p WHERE {where} "
        "GROUP BY p.method",
        "department": f"SELECT p.department_id, d.name, {sums} FROM procurement_project p "
        f"JOIN core_department d ON d.id = p.department_id WHERE {where} "
        "GROUP BY p.department_id, d.name",
        "year": f"SELECT {year}, {sums} FROM procurement_project p WHERE {where} GROUP BY 1",
    }[by]
    return [(sql, params)]


def page_floor(site_ids: list[int], year: int) -> list[tuple[str, list]]:
    """The page's figures selected directly: per method, per department, per month, the totals
    and the departments of the filter."""
    from django.db import connection

    month = (
        "EXTRACT(MONTH FROM p.contract_signed_on)"
        if connection.vendor == "postgresql"
        else "strftime('%%m', p.contract_signed_on)"
    )
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    params = [*site_ids, start.isoformat(), end.isoformat()]
    sums = "COUNT(*), SUM(p.budget_yuan), SUM(p.contract_yuan)"
    base = f"FROM procurement_project p WHERE {_in(site_ids)} AND {WHERE}"
    departments = ", ".join(["%s"] * len(site_ids))
    return [
        *grouped_floor(site_ids, "method", start, end),
        *grouped_floor(site_ids, "department", start, end),
        (f"SELECT {month}, {sums} {base} GROUP BY 1", params),
        (f"SELECT {sums} {base}", params),
        (
            f"SELECT id, name FROM core_department WHERE site_id IN ({departments}) ORDER BY name",
            site_ids,
        ),
    ]


# --- measurements ------------------------------------------------------------------------------


def _row(label: str, houqin, floor, repeat: int) -> tuple:
    from houqin.bench import paired_ms

    value, base = paired_ms(houqin, floor, repeat)
    return (label, value, base, value / base, "<= 3", value / base <= 3)


def query_rows(sites, years: int, repeat: int) -> list[tuple]:
    """``savings_rows`` by method, department and year over the ten years at every bench site:
    the district's statistics. (At one site the grouped SQL takes a tenth of a millisecond, so
    a ratio there measures only the fixed cost of building a query, not the statistics.)"""
    from houqin.facilities.bench import _sql_timer
    from houqin.procurement.queries.savings import savings_rows

    start, end = date(END_YEAR - years + 1, 1, 1), date(END_YEAR + 1, 1, 1)
    ids = [s.pk for s in sites]
    rows = []
    for by in ("method", "department", "year"):

        def query(by=by):
            return savings_rows(site_ids=ids, start=start, end=end, by=by)

        floor = _sql_timer(grouped_floor(ids, by, start, end))
        _check(query(), floor()[0], f"{by}, all sites")
        rows.append(
            _row(f"(p) savings by {by} {years}y×{len(ids)} sites (ms)", query, floor, repeat)
        )
    return rows


def _check(rows: list[dict], floor: list[tuple], what: str) -> None:
    """Say so when the query and its floor disagree (they must count the same orders)."""
    ours, theirs = sum(r["orders"] for r in rows), sum(row[-3] for row in floor)
    if ours != theirs:
        print(f"   savings {what}: {ours} orders, floor {theirs} — they differ")


def page_row(sites, user, repeat: int) -> tuple:
    """The statistics page of one year at every bench site (the district's view)."""
    from django.test import Client
    from django.urls import reverse

    from houqin.facilities.bench import _sql_timer

    client = Client()
    client.force_login(user)
    url = f"{reverse('procurement:savings')}?year={END_YEAR}"

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    floor = _sql_timer(page_floor([site.pk for site in sites], END_YEAR))
    return _row("(p) savings page, one year, all sites (ms)", page, floor, repeat)


def bench_procurement(args) -> list[tuple]:
    """Rows (label, houqin, floor, ratio, target, ok) of the savings measurements."""
    count, years = getattr(args, "proc_sites", 50), getattr(args, "proc_years", 10)
    started = time.monotonic()
    sites = _sites(count)
    orders = generate(sites, years)
    print(
        f"procurement at {count} sites: {orders:,} orders over {years} years "
        f"({time.monotonic() - started:.0f} s to prepare)",
        flush=True,
    )
    rows = query_rows(sites, years, args.repeat)
    return [*rows, page_row(sites, _buyer(sites), args.repeat)]


def main(argv=None) -> int:
    """Prepare the data and print this module's rows alone (the whole bench is houqin.bench)."""
    from houqin.bench import run_module

    return run_module(
        argv,
        "procurement savings benchmark",
        [("--proc-sites", int, 50), ("--proc-years", int, 10)],
        bench_procurement,
    )


if __name__ == "__main__":
    sys.exit(main())
