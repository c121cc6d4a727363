"""The database helpers of ``core.db`` answer as the ORM does (``get_by_pk``, display rows),
prepared statements give their own answers, and record numbers are written with their rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from houqin.core.db import execute, get_by_pk, statement
from houqin.core.models import Sequence
from houqin.core.testing import resident_id
from houqin.outreach.models import Material
from houqin.security.models import Visit
from houqin.security.tests.helpers import blacklist, check_in, shanghai

pytestmark = pytest.mark.django_db


def test_get_by_pk_converts_decimals_and_dates_like_the_orm(personas):
    material = Material.objects.create(
        site=personas.site,
        title="防震减灾手册",
        kind="booklet",
        printed=500,
        printed_on=date(2006, 5, 12),
        cost_yuan=Decimal("1234.50"),
    )
    found = get_by_pk(Material, material.pk, ("site",))
    assert found.cost_yuan == Decimal("1234.50")
    assert found.printed_on == date(2006, 5, 12)
    assert found.site.code == personas.site.code


def test_get_by_pk_of_a_missing_row_is_none():
    assert get_by_pk(Material, 999_999) is None


def _fields(obj) -> dict:
    """An instance's loaded field values (what a page reads), without its state."""
    return {k: v for k, v in vars(obj).items() if k != "_state"}


def _ledger(site):
    from houqin.security.models import Visit
    from houqin.security.tables.visitors import VisitTable

    return VisitTable.prepare(Visit.objects.filter(site=site).order_by("pk"))


def test_ledger_rows_are_the_instances_the_orm_builds(personas):
    """A list page's rows (``display_rows``) carry the same fields, deferred fields and related
    objects as the ORM's, a row without a host person included."""
    from django.db.models.query import ModelIterable

    from houqin.core.db import DisplayIterable
    from houqin.security.tests.helpers import check_in, host

    person = host(personas.site)
    check_in(personas.site, personas.guard, host_person=person)
    check_in(personas.site, personas.guard, host_person=None)
    rows = _ledger(personas.site)
    assert rows._iterable_class is DisplayIterable
    plain = rows.all()
    plain._iterable_class = ModelIterable
    built, expected = list(rows), list(plain)
    assert [_fields(v) for v in built] == [_fields(v) for v in expected]
    assert [(v.host_department, v.host_person) for v in built] == [
        (v.host_department, v.host_person) for v in expected
    ]
    assert built[0].host_person.name == person.name and built[1].host_person is None
    assert all(not v._state.adding and v._state.db == "default" for v in built)
    # A field the table does not read is loaded on access, as with the ORM's only().
    assert built[0].created_by_id == expected[0].created_by_id


def test_ledger_rows_keep_annotations_and_stream_in_chunks(personas):
    from django.db.models import Value

    from houqin.security.tests.helpers import check_in

    for _ in range(3):
        check_in(personas.site, personas.guard)
    rows = _ledger(personas.site).annotate(marker=Value(7))
    assert [v.marker for v in rows] == [7, 7, 7]
    assert len(list(_ledger(personas.site).iterator(chunk_size=2))) == 3


def test_a_model_with_init_receivers_is_built_through_the_orm(personas):
    """Receivers of post_init still hear of every row: such a model is not built directly."""
    from django.db.models.signals import post_init

    from houqin.security.models import Visit
    from houqin.security.tests.helpers import check_in

    check_in(personas.site, personas.guard)
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance)

    post_init.connect(receiver, sender=Visit)
    try:
        rows = list(_ledger(personas.site))
    finally:
        post_init.disconnect(receiver, sender=Visit)
    assert heard == rows


def test_a_statement_run_again_gives_its_own_answer_and_reads_back_as_its_sql():
    sql = "SELECT %s + 1, %s"
    answers = []
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        for number, text in ((1, "甲'乙"), (41, "丙")):
            execute(cursor, sql, [number, text])
            answers.append(cursor.fetchone())
    assert answers == [(2, "甲'乙"), (42, "丙")]
    assert len(queries) == 2  # on PostgreSQL, prepared in the same round trip as its first run
    logged = statement(queries.captured_queries[-1]["sql"])  # PostgreSQL logs "EXECUTE houqin_…"
    assert logged == sql if connection.vendor == "postgresql" else logged.startswith("SELECT 41")


def test_record_numbers_follow_each_other_from_the_first_of_the_year(personas):
    """The first registration of a year starts its sequence; the next continue it, written with
    their numbers in one statement on PostgreSQL (the number's lock is held only that long)."""
    at = shanghai(2031, 1, 1, 0, 5)
    numbers = [check_in(personas.site, personas.guard, at=at, seq=i).number for i in range(3)]
    assert numbers == ["FK-2031-00001", "FK-2031-00002", "FK-2031-00003"]
    Sequence.objects.filter(site=personas.site, prefix="FK", year=2031).update(last_value=99_999)
    visit = check_in(personas.site, personas.guard, at=at, seq=9)
    assert visit.number == "FK-2031-100000"  # a sixth digit, never a cut one
    assert Visit.objects.get(pk=visit.pk).number == "FK-2031-100000"
    # Another site and another year count on their own.
    other = check_in(personas.other_site, personas.guard, at=at, seq=10)
    assert other.number == "FK-2031-00001"
    assert check_in(personas.site, personas.guard, at=shanghai(2030, 12, 31, 23, 55)).number == (
        "FK-2030-00001"
    )


def test_a_refused_visitor_leaves_no_gap_in_the_numbers(personas):
    """The blacklist is asked by the check-in's own write: when it holds the ID number, nothing
    is written and no number taken; the refusal is then kept under the next number."""
    at = shanghai(2032, 3, 1, 9, 0)
    refused_id = resident_id(seq=77)
    blacklist(personas.site, personas.secadmin, refused_id)
    first = check_in(personas.site, personas.guard, at=at, seq=1)
    refused = check_in(personas.site, personas.guard, at=at, id_number=refused_id)
    last = check_in(personas.site, personas.guard, at=at, seq=2)
    assert (first.status, refused.status, last.status) == ("inside", "refused", "inside")
    assert [first.number, refused.number, last.number] == [
        "FK-2032-00001",
        "FK-2032-00002",
        "FK-2032-00003",
    ]
    assert Visit.objects.filter(number__startswith="FK-2032-").count() == 3
