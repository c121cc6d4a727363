"""`make bench` part (o): the library at the bench site — 200,000 titles (one or two copies
each) and ten years of loans (about 8,000 a year) — measuring the catalogue search by a title
word and by an author's name (the query's first page, and the ``outreach:book_list`` page) and
the loan statistics page of one year, each against hand-written SQL doing the same.

Rows are written with COPY (PostgreSQL) or multi-row INSERTs inside one transaction; generation
is skipped when the rows are already there.

Run alone while developing: ``python -m houqin.outreach.bench --lib-titles 20000``.
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
TZ = ZoneInfo("Asia/Shanghai")
END_YEAR = 2025
LOANS_PER_YEAR = 8_000
READERS = 400
TITLE_WORD = "高血压"
PAGE = 25
BOOK_COLUMNS = (
    "site_id, isbn, title, author, publisher, published_year, clc_class, call_number, created_at"
)
COPY_COLUMNS = "site_id, book_id, barcode, acquired_on, price_yuan, withdrawn_reason"
LOAN_COLUMNS = (
    "site_id, number, created_at, void_reason, copy_id, borrower_id, department_id, lent_at, "
    "due_on, channel, renewals, returned_at"
)


def _readers(site) -> list[tuple[int, int]]:
    """(person id, department id) of the bench site's readers, created once."""
    from houqin.core.models import Department, Person

    people = Person.objects.filter(site=site, employee_no__startswith="LIB-")
    if people.count() < READERS:
        departments = [
            Department.objects.get_or_create(
                site=site, code=f"LIB-D{n:02d}", defaults={"name": f"基准读者单位{n:02d}"}
            )[0]
            for n in range(20)
        ]
        rng = random.Random(7)
        from houqin.core.demo import person_name

        Person.objects.bulk_create(
            Person(
                site=site,
                name=person_name(rng),
                department=departments[n % 20],
                employee_no=f"LIB-{n:04d}",
            )
            for n in range(READERS)
        )
    return list(people.order_by("pk").values_list("pk", "department_id"))


def _librarian(site):
    from django.contrib.auth.models import Group

    from houqin.core import roles
    from houqin.core.models import Membership, User

    user, _ = User.objects.get_or_create(username="bench-librarian")
    role = Group.objects.get(name=roles.LIBRARIAN)
    Membership.objects.get_or_create(user=user, site=site, role=role)
    return user


def _book_rows(site, titles: int):
    from django.db import connection

    from houqin.outreach.demo import catalogue

    rng, created = (
        random.Random(200),
        connection.ops.adapt_datetimefield_value(datetime(END_YEAR - 10, 1, 1, tzinfo=TZ)),
    )
    for n in range(titles):
        r = catalogue.record(rng, n)
        yield (
            site.pk, r["isbn"], r["title"], r["author"], r["publisher"], r["published_year"],
            r["clc_class"], r["call_number"], created,
        )  # fmt: skip


def _copy_rows(site, book_ids: list[int]):
    rng, serial = random.Random(201), 0
    first = date(END_YEAR - 10, 1, 1)
    for book in book_ids:
        for _i in range(1 if rng.random() < 0.6 else 2):
            serial += 1
            acquired = first + timedelta(days=rng.randrange(365))
            yield (site.pk, book, f"BK{serial:07d}", acquired, f"{rng.randint(12, 60)}.00", "")


def _loan_rows(site, copy_ids: list[int], readers, years: int):
    """Loans in time order, all returned within 40 days (none left open: a copy is free)."""
    from django.db import connection

    adapt, rng = connection.ops.adapt_datetimefield_value, random.Random(202)
    for year in range(END_YEAR - years + 1, END_YEAR + 1):
        moments = sorted(
            datetime(year, 1, 1, 9, tzinfo=TZ) + timedelta(minutes=rng.randrange(365 * 24 * 60))
            for _i in range(LOANS_PER_YEAR)
        )
        for n, lent in enumerate(moments, start=1):
            person, department = rng.choice(readers)
            back = lent + timedelta(days=rng.randint(3, 40))
            yield (
                site.pk, f"JY-{year}-{n:05d}", adapt(lent), "", rng.choice(copy_ids), person,
                department, adapt(lent), (lent + timedelta(days=30)).date(), "desk", 0,
                adapt(back),
            )  # fmt: skip


def _clear(site) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("outreach_loan", "outreach_hold", "outreach_bookcopy", "outreach_book"):
            cursor.execute(f"DELETE FROM {table} WHERE site_id = %s", [site.pk])
        cursor.execute("DELETE FROM core_sequence WHERE site_id = %s AND prefix = 'JY'", [site.pk])


def generate(site, titles: int, years: int) -> tuple[int, int]:
    """Write the bench site's catalogue and loans unless they are there already; returns
    (titles, loans)."""
    from django.db import transaction

    from houqin.core.db import analyze
    from houqin.core.models import Sequence
    from houqin.facilities.bench import _insert
    from houqin.outreach.models import Book, BookCopy, Loan

    readers = _readers(site)
    have = Book.objects.filter(site=site).count()
    loans = Loan.objects.filter(site=site).count()
    if have == titles and loans == years * LOANS_PER_YEAR:
        return have, loans
    with transaction.atomic():
        _clear(site)
        _insert(Book._meta.db_table, BOOK_COLUMNS, _book_rows(site, titles))
        books = list(Book.objects.filter(site=site).order_by("pk").values_list("pk", flat=True))
        _insert(BookCopy._meta.db_table, COPY_COLUMNS, _copy_rows(site, books))
        copies = list(BookCopy.objects.filter(site=site).values_list("pk", flat=True))
        loans = _insert(Loan._meta.db_table, LOAN_COLUMNS, _loan_rows(site, copies, readers, years))
        for year in range(END_YEAR - years + 1, END_YEAR + 1):
            Sequence.objects.update_or_create(
                site=site, prefix="JY", year=year, defaults={"last_value": LOANS_PER_YEAR}
            )
    analyze(Book)
    analyze(BookCopy)
    analyze(Loan)
    return titles, loans


# --- floors ------------------------------------------------------------------------------------


def _like(column: str) -> str:
    """The case-insensitive LIKE of the search, as each database spells it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"UPPER({column}::text) LIKE UPPER(%s)"
    return f"{column} LIKE %s ESCAPE '\\'"


def search_floor(site, q: str, count: bool) -> list[tuple[str, list]]:
    """The first page of titles matching ``q`` in title or author, with the copies held and
    out on loan, selected directly (and the match count, as the page shows it)."""
    where = f"b.site_id = %s AND ({_like('b.title')} OR {_like('b.author')} OR b.isbn = %s)"
    params = [site.pk, f"%{q}%", f"%{q}%", q]
    rows = (
        "SELECT b.id, b.isbn, b.title, b.author, b.publisher, b.published_year, b.clc_class, "
        "b.call_number, "
        "(SELECT COUNT(*) FROM outreach_bookcopy c WHERE c.book_id = b.id "
        "AND c.withdrawn_on IS NULL) AS held, "
        "(SELECT COUNT(*) FROM outreach_loan l JOIN outreach_bookcopy c ON c.id = l.copy_id "
        "WHERE c.book_id = b.id AND l.returned_at IS NULL AND l.voided_at IS NULL) AS out "
        f"FROM outreach_book b WHERE {where} ORDER BY b.title, b.id LIMIT {PAGE}"
    )
    statements = [(rows, params)]
    if count:
        statements.insert(0, (f"SELECT COUNT(*) FROM outreach_book b WHERE {where}", params))
    return statements


def statistics_floor(site, year: int) -> list[tuple[str, list]]:
    """The loan statistics' grouped figures selected directly: per month (in the compound's
    time zone), per class, per department and the ten most borrowed titles."""
    from django.db import connection

    start = connection.ops.adapt_datetimefield_value(datetime(year, 1, 1, tzinfo=TZ))
    end = connection.ops.adapt_datetimefield_value(datetime(year + 1, 1, 1, tzinfo=TZ))
    if connection.vendor == "postgresql":
        month = "EXTRACT(MONTH FROM l.lent_at AT TIME ZONE 'Asia/Shanghai')"
    else:
        month = "strftime('%%m', l.lent_at, '+8 hours')"
    where = "l.site_id = %s AND l.voided_at IS NULL AND l.lent_at >= %s AND l.lent_at < %s"
    params = [site.pk, start, end]
    copy = "JOIN outreach_bookcopy c ON c.id = l.copy_id JOIN outreach_book b ON b.id = c.book_id"
    return [
        (f"SELECT {month}, COUNT(*) FROM outreach_loan l WHERE {where} GROUP BY 1", params),
        (
            f"SELECT b.clc_class, COUNT(*) AS n FROM outreach_loan l {copy} WHERE {where} "
            "GROUP BY b.clc_class ORDER BY n DESC, b.clc_class",
            params,
        ),
        (
            "SELECT d.name, COUNT(*) AS n FROM outreach_loan l LEFT JOIN core_department d "
            f"ON d.id = l.department_id WHERE {where} GROUP BY d.name ORDER BY n DESC, d.name",
            params,
        ),
        (
            f"SELECT c.book_id, b.title, b.author, COUNT(*) AS n FROM outreach_loan l {copy} "
            f"WHERE {where} GROUP BY c.book_id, b.title, b.author ORDER BY n DESC, b.title "
            "LIMIT 10",
            params,
        ),
    ]


# --- measurements ------------------------------------------------------------------------------


def _author_name(site) -> str:
    """A name that appears among the authors (the most common two-character one)."""
    from houqin.outreach.models import Book

    authors = Book.objects.filter(site=site).values_list("author", flat=True)[:2000]
    names = [a[:2] for a in authors if a[2:3] in ("著", "主")]
    return max(set(names), key=names.count) if names else "王"


def _row(label: str, houqin, floor, repeat: int) -> tuple:
    from houqin.bench import paired_ms

    value, base = paired_ms(houqin, floor, repeat)
    return (label, value, base, value / base, "<= 3", value / base <= 3)


def _page(user, url: str):
    from django.test import Client

    client = Client()
    client.force_login(user)

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return page


def search_rows(site, user, repeat: int) -> list[tuple]:
    """The search by a title word and by an author's name: query and page."""
    from django.urls import NoReverseMatch, reverse

    from houqin.facilities.bench import _sql_timer

    rows = []
    for kind, q in (("title word", TITLE_WORD), ("author", _author_name(site))):
        try:
            from houqin.outreach.queries.library import catalogue_search
        except ImportError:
            print("   catalogue search: not measured (the query does not exist yet)")
            break

        def query(q=q):
            return list(catalogue_search(site_ids=[site.pk], q=q)[:PAGE])

        found, floor = len(query()), _sql_timer(search_floor(site, q, count=False))
        if found != len(floor()[0]):
            print(f"   search {q}: {found} titles, floor {len(floor()[0])} — they differ")
        rows.append(_row(f"(o) catalogue search, {kind} (ms)", query, floor, repeat))
        try:
            url = f"{reverse('outreach:book_list')}?site={site.code}&q={q}"
        except NoReverseMatch:
            print("   book list page: not measured (outreach:book_list does not exist yet)")
            continue
        floor = _sql_timer(search_floor(site, q, count=True))
        rows.append(_row(f"(o) book list page, {kind} (ms)", _page(user, url), floor, repeat))
    return rows


def statistics_row(site, user, repeat: int) -> tuple | None:
    from django.urls import NoReverseMatch, reverse

    from houqin.facilities.bench import _sql_timer

    try:
        url = f"{reverse('outreach:loan_statistics')}?site={site.code}&year={END_YEAR}"
    except NoReverseMatch:
        print("   loan statistics: not measured (outreach:loan_statistics does not exist yet)")
        return None
    floor = _sql_timer(statistics_floor(site, END_YEAR))
    return _row("(o) loan statistics page, one year (ms)", _page(user, url), floor, repeat)


def bench_outreach(args) -> list[tuple]:
    """Rows (label, houqin, floor, ratio, target, ok) of the library measurements."""
    from houqin.core.models import Site

    titles, years = getattr(args, "lib_titles", 200_000), getattr(args, "lib_years", 10)
    site = Site.objects.get_or_create(code=SITE_CODE, defaults={"name": "基准测试院区"})[0]
    started = time.monotonic()
    count, loans = generate(site, titles, years)
    print(
        f"library at site {SITE_CODE}: {count:,} titles, {loans:,} loans over {years} years "
        f"({time.monotonic() - started:.0f} s to prepare)",
        flush=True,
    )
    user = _librarian(site)
    rows = search_rows(site, user, args.repeat)
    stats = statistics_row(site, user, args.repeat)
    return rows + ([stats] if stats else [])


def main(argv=None) -> int:
    """Prepare the data and print this module's rows alone (the whole bench is houqin.bench)."""
    from houqin.bench import run_module

    return run_module(
        argv,
        "library benchmark",
        [("--lib-titles", int, 200_000), ("--lib-years", int, 10)],
        bench_outreach,
    )


if __name__ == "__main__":
    sys.exit(main())
