"""`make bench`: measurements at the scale of SPEC §5, each beside its floor.

(a) check-ins per second through the API under gunicorn, driven by wrk over loopback, vs a bare
    Django view doing the same durable INSERT in raw SQL under the same server and database;
(b) the ledger page filtered to one month: server time vs the same rows fetched in raw SQL;
(c) the annual report JSON vs the raw SQL aggregate;
(d) duty-roster generation for 80 people × 31 days × 3 shifts × 6 posts: time and optimality gap;
(e) patrol-scan ingestion per second through the API vs a bare view doing the same INSERT;
then the modules' rows (houqin.<module>.bench), and
(s) the all-sites annual work summary at 50 sites × 10 years vs the sum of its raw SQL floors
    (houqin.reports.bench).

Without DATABASE_URL the benchmark uses its own SQLite file under var/bench (synchronous=FULL,
as in production: every commit reaches the disk).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = [[%s]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Token %s"
"""


def _env(args) -> dict:
    env = dict(os.environ, HOUQIN_BENCH="1", DJANGO_SETTINGS_MODULE="houqin.settings")
    if not env.get("DATABASE_URL"):
        env["HOUQIN_DATA_DIR"] = str(ROOT / "var" / "bench")
    return env


def print_rows(rows) -> bool:
    """Print measurement rows under a header; whether every one met its target."""
    print(f"{'measurement':<44}{'houqin':>10}{'floor':>10}{'ratio':>8}  target")
    for label, value, floor, ratio, target, ok in rows:
        print(
            f"{label:<44}{value:>10.1f}{floor:>10.1f}{ratio:>8.2f}  {target} "
            f"{'ok' if ok else 'MISSED'}"
        )
    return all(row[-1] for row in rows)


def run_module(argv, description: str, options: list[tuple[str, type, object]], bench) -> int:
    """Run one module's measurements alone (``python -m houqin.<module>.bench``): parse its
    options, set up the bench database, print its rows; 0 when every target is met."""
    parser = argparse.ArgumentParser(description=description)
    for flag, kind, default in [*options, ("--repeat", int, 15)]:
        parser.add_argument(flag, type=kind, default=default)
    args = parser.parse_args(argv)
    os.environ.update(_env(args))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    print(f"database: {connection.vendor}")
    return 0 if print_rows(bench(args)) else 1


def _setup(args):
    os.environ.update(_env(args))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    from houqin.core.models import Site
    from houqin.security.models import Visit

    site = Site.objects.filter(code="bench").first()
    have = Visit.objects.filter(site=site).count() if site else 0
    if have < args.visits:
        if site is not None:
            Visit.objects.filter(site=site).delete()
        print(f"generating {args.visits:,} visitor registrations over 5 years …", flush=True)
        started = time.monotonic()
        call_command("generate-scale", visits=args.visits, years=5, end_year=2026, verbosity=0)
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
    return _bench_user()


def _bench_user():
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from houqin.core.models import Department, Membership, Site, User

    site = Site.objects.get(code="bench")
    user, _ = User.objects.get_or_create(username="bench-guard")
    for role in ("guard", "security_admin"):
        Membership.objects.get_or_create(user=user, site=site, role=Group.objects.get(name=role))
    token, _ = Token.objects.get_or_create(user=user)
    return user, site, Department.objects.filter(site=site).first(), token.key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_wrk(url: str, script: str, seconds: int, connections: int) -> tuple[float, list[str]]:
    """(requests per second, lines reporting errors) of one wrk run."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", fh.name, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(fh.name)
    errors = [line for line in out.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    rate = float(
        next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec"))
    )
    return rate, errors


def _wrk(url: str, script: str, seconds: int, connections: int) -> float:
    rate, errors = _run_wrk(url, script, seconds, connections)
    if errors:
        print("   wrk:", "; ".join(errors))
    return rate


def warm_up(url: str, script: str, connections: int) -> None:
    """Send load until the server's rate is steady: each gunicorn worker loads the project's
    URLs and views on its first request, and the requests waiting for that would count against
    whatever is measured first."""
    previous = 0.0
    for _ in range(10):
        rate, errors = _run_wrk(url, script, 2, connections)
        steady = 0 < rate <= previous * 1.15 and not any("Socket errors" in e for e in errors)
        if steady:
            return
        previous = rate


@contextlib.contextmanager
def gunicorn(args):
    """A gunicorn serving the project on a free loopback port, with the benchmark's settings;
    yields its base URL."""
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "houqin.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=_env(args),
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def bench_check_ins(args, site, dept, token) -> tuple[float, float]:
    """(API check-ins/s, raw INSERT view requests/s) under the same gunicorn."""
    body = json.dumps(
        {
            "site": site.code,
            "visitor_name": "基准访客",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "host_department": dept.pk,
            "purpose": "business",
        },
        ensure_ascii=False,
    )
    script = WRK_SCRIPT % (body, token)
    with gunicorn(args) as base:
        warm_up(f"{base}/api/security/visits/", script, args.connections)
        return paired_rates(
            args,
            lambda seconds, _round: _wrk(
                f"{base}/api/security/visits/", script, seconds, args.connections
            ),
            lambda seconds, _round: _wrk(
                f"{base}/bench/raw-insert/?site={site.pk}&dept={dept.pk}",
                script,
                seconds,
                args.connections,
            ),
        )


RATE_ROUNDS = 5


def paired_rates(args, measure, floor) -> tuple[float, float]:
    """(median rate of ``measure``, median rate of ``floor``), each called as
    ``f(seconds, round)`` for ``RATE_ROUNDS`` runs in turn that together last ``args.seconds``
    per side: the machine's rate drifts by a fifth from one minute to the next, and measured in
    turn a slow spell weighs on both sides of the ratio alike."""
    seconds = max(1, round(args.seconds / RATE_ROUNDS))
    rates: tuple[list[float], list[float]] = ([], [])
    for number in range(RATE_ROUNDS):
        for side, run in zip(rates, (measure, floor), strict=True):
            side.append(run(seconds, number))
    return statistics.median(rates[0]), statistics.median(rates[1])


def _settle() -> None:
    """After the write load, let the database reach its steady state before reads are timed
    (SQLite folds its write-ahead log back into the database file, as it does when idle)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _median_ms(func, repeat: int) -> float:
    func()  # warm caches, as a server that has been running would be
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def paired_ms(func, floor, repeat: int) -> tuple[float, float]:
    """(median ms of ``func``, median ms of ``floor``), timed in turn, one run of each at a
    time, so that a slow spell of the machine weighs on both sides of the ratio alike."""
    func(), floor()  # warm caches, as a server that has been running would be
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for side, timed in zip(times, (func, floor), strict=True):
            started = time.perf_counter()
            timed()
            side.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def bench_ledger(user, site, repeat: int) -> tuple[float, float]:
    """(ledger page ms, raw SQL ms) for one month of one site."""
    from django.db import connection
    from django.test import Client

    from houqin.security.models import Visit

    client = Client()
    client.force_login(user)
    url = f"/security/visits/?site={site.code}&date_after=2025-03-01&date_before=2025-03-31"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    table = Visit._meta.db_table
    start, end = _month_bounds()
    sql_rows = (
        f"SELECT v.*, d.name, p.name FROM {table} v LEFT JOIN core_department d "
        "ON d.id = v.host_department_id LEFT JOIN core_person p ON p.id = v.host_person_id "
        "WHERE v.site_id = %s AND v.checked_in_at >= %s AND v.checked_in_at < %s "
        "ORDER BY v.checked_in_at DESC LIMIT 50"
    )
    sql_count = (
        f"SELECT COUNT(*) FROM {table} WHERE site_id = %s AND checked_in_at >= %s "
        "AND checked_in_at < %s"
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql_count, [site.pk, start, end])
            cursor.fetchall()
            cursor.execute(sql_rows, [site.pk, start, end])
            cursor.fetchall()

    return paired_ms(page, raw, repeat)


def _month_bounds():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.db import connection

    tz = ZoneInfo("Asia/Shanghai")
    adapt = connection.ops.adapt_datetimefield_value
    return adapt(datetime(2025, 3, 1, tzinfo=tz)), adapt(datetime(2025, 4, 1, tzinfo=tz))


def visits_floor_sql() -> str:
    """The visitor figures of the annual report in hand-written SQL (site, start, end)."""
    from houqin.security.models import Visit

    return (
        "SELECT SUM(CASE WHEN status <> 'refused' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status <> 'refused' THEN companions ELSE 0 END), "
        "SUM(CASE WHEN status = 'refused' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status <> 'refused' AND invitation_id IS NOT NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status <> 'refused' AND has_vehicle THEN 1 ELSE 0 END) "
        f"FROM {Visit._meta.db_table} WHERE site_id = %s AND checked_in_at >= %s "
        "AND checked_in_at < %s AND voided_at IS NULL"
    )


def year_bounds(year: int) -> list:
    """The first instants of ``year`` and of the next in Asia/Shanghai, as raw SQL parameters
    (the bounds of a year's figures in a hand-written floor)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.db import connection

    tz = ZoneInfo("Asia/Shanghai")
    adapt = connection.ops.adapt_datetimefield_value
    return [adapt(datetime(year, 1, 1, tzinfo=tz)), adapt(datetime(year + 1, 1, 1, tzinfo=tz))]


def bench_annual(user, site, repeat: int) -> tuple[float, float]:
    """(annual report API ms, raw SQL aggregate ms) for 2025 at the bench site; the facilities
    bench data must be there (``main`` prepares it first)."""
    from django.db import connection
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    from django.contrib.auth.models import Group

    from houqin.core.models import Membership

    Membership.objects.get_or_create(
        user=user, site=site, role=Group.objects.get(name="leadership")
    )

    def api():
        response = client.get(f"/api/reports/annual/?year=2025&site={site.code}")
        assert response.status_code == 200, response.status_code

    bounds = year_bounds(2025)
    sql = visits_floor_sql()

    from houqin.facilities.bench import metrics_floor as facilities_floor
    from houqin.meetings.bench import metrics_floor as meetings_floor
    from houqin.quality.bench import metrics_floor as quality_floor

    # The report computes every module's figures; its floor is the hand-written SQL of the
    # figures over the bench's large tables at this site: visitors, facilities (run logs, work
    # orders, maintenance) and meetings, and the satisfaction answers.
    statements = [
        (sql, [site.pk, *bounds]),
        *facilities_floor(site, 2025),
        *meetings_floor(site, 2025),
        *quality_floor(site, 2025),
    ]

    def raw():
        with connection.cursor() as cursor:
            for statement, params in statements:
                cursor.execute(statement, params)
                cursor.fetchall()

    return paired_ms(api, raw, repeat)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--fac-years", type=int, default=10)
    parser.add_argument("--fac-scale", type=float, default=1.0)
    parser.add_argument(
        "--visitors-only",
        action="store_true",
        help="only (a)–(c), the visitor ledger's rows (the modules' data already in place stays)",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is needed (apt-get install wrk)")
        return 2
    user, site, dept, token = _setup(args)
    from django.db import connection

    print(f"database: {connection.vendor}; visitor registrations at site bench: {args.visits:,}")
    api, raw = bench_check_ins(args, site, dept, token)
    scan_rows, module_rows = [], []
    if not args.visitors_only:
        scan_rows, module_rows = _module_rows(args)
    _settle()
    page, page_floor = bench_ledger(user, site, args.repeat)
    report, report_floor = bench_annual(user, site, args.repeat)
    rows = [
        (
            "(a) check-ins/s, API vs raw INSERT view",
            api,
            raw,
            api / raw,
            ">= 0.5",
            api / raw >= 0.5,
        ),
        (
            "(b) ledger page, one month (ms)",
            page,
            page_floor,
            page / page_floor,
            "<= 5",
            page / page_floor <= 5,
        ),
        (
            "(c) annual report JSON (ms)",
            report,
            report_floor,
            report / report_floor,
            "<= 3",
            report / report_floor <= 3,
        ),
    ]
    rows += scan_rows + module_rows
    rows_ok = print_rows(rows)
    roster_ok = args.visitors_only or bench_roster_line()
    return 0 if rows_ok and roster_ok else 1


def _module_rows(args) -> tuple[list, list]:
    """(e) and the modules' rows, their data generated first, so that the annual report (c)
    is measured over all of it."""
    from houqin.inspections.bench import bench_scans

    scans, scans_floor = bench_scans(args)
    scan_row = (
        "(e) patrol scans/s, API vs raw INSERT view",
        scans,
        scans_floor,
        scans / scans_floor,
        ">= 0.5",
        scans / scans_floor >= 0.5,
    )
    from houqin.facilities.bench import bench_facilities
    from houqin.meetings.bench import bench_meetings
    from houqin.signage.bench import bench_signage

    rows = [*bench_facilities(args), *bench_meetings(args), *bench_signage(args)]
    from houqin.outreach.bench import bench_outreach

    rows += bench_outreach(args)
    from houqin.procurement.bench import bench_procurement

    rows += bench_procurement(args)
    from houqin.energy.bench import bench_energy

    rows += bench_energy(args)
    from houqin.reports.bench import bench_summary

    rows += bench_summary(args)
    return [scan_row], rows


def bench_roster_line() -> bool:
    """(d): roster generation at the size of a large compound, against the 10-second target."""
    from houqin.security.bench_roster import bench_roster

    result = bench_roster()
    ok = result["seconds"] < 10
    print(
        f"{'(d) roster 80 people × 31 days × 3 × 6 (s)':<44}{result['seconds']:>10.1f}"
        f"{'':>10}{'':>8}  < 10 {'ok' if ok else 'MISSED'}  status {result['status']}, "
        f"optimality gap {result['gap']:.3f}, spread of unsocial shifts {result['spread']}"
    )
    return ok


if __name__ == "__main__":
    sys.exit(main())
