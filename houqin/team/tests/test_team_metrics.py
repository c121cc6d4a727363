"""Team metrics from rows: publications and books, honours by level, training sessions, hours
and hours per head (of active staff), chronicle entries; void records and other years do not
count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from houqin.core.models import Person
from houqin.reports.registry import year_bounds
from houqin.team.metrics.team import record_metrics, training_metrics
from houqin.team.queries.training import training_hours_per_head
from houqin.team.services import records, training
from houqin.team.tests.helpers_team import *  # noqa: F403  (fixtures)
from houqin.team.tests.helpers_team import (
    at,
    make_entry,
    make_honour,
    make_publication,
    make_session,
)


def _seed(site, by):
    for title in ("中国机关后勤杂志", "湖南机关事务通讯", "郴州日报"):
        make_publication(site, by, title=f"经验-{title}", periodical=title)
    make_publication(site, by, kind="book", title="苏仙区机关事务志", on=date(2006, 12, 1))
    make_publication(site, by, title="上一年", on=date(2005, 12, 31))
    for title, level in (
        ("全市后勤系统先进单位", "municipal"),
        ("市爱国卫生先进单位", "municipal"),
        ("省级卫生文明单位", "provincial"),
        ("省级科普文明大院", "provincial"),
    ):
        make_honour(site, by, title=title, level=level)
    void = make_honour(site, by, title="作废", level="national")
    records.honour_void(honour=void, by=by, reason="错")
    make_entry(site, by)
    make_entry(site, by, on=date(2007, 1, 1))


def test_record_metrics_2006(personas, office):
    _seed(personas.site, office)
    make_publication(personas.other_site, office, title="他处")
    start, end = year_bounds(2006)
    values = record_metrics(site_ids=[personas.site.pk], start=start, end=end)
    assert values == {
        "team.publications": 3,
        "team.books": 1,
        "team.honours": 4,
        "team.honours.national": 0,
        "team.honours.provincial": 2,
        "team.honours.municipal": 2,
        "team.honours.district": 0,
        "team.chronicle_entries": 1,
    }
    assert record_metrics(site_ids=None, start=start, end=end)["team.publications"] == 4


def test_training_metrics_hours_per_head(personas, office, people):
    first = make_session(personas.site, office, hours="3")
    training.attendance_set(session=first, people=people, by=office)
    second = make_session(personas.site, office, hours="2", when=at(2006, 12, 31, 23))
    training.attendance_set(session=second, people=people[:2], by=office, hours=Decimal("1.5"))
    void = make_session(personas.site, office, hours="8")
    training.attendance_set(session=void, people=people, by=office)
    training.training_void(session=void, by=office, reason="取消")
    make_session(personas.site, office, when=at(2007, 1, 1, 0))
    Person.objects.filter(name="接待人main").update(is_active=False)
    heads = Person.objects.filter(site=personas.site, is_active=True).count()
    start, end = year_bounds(2006)
    values = training_metrics(site_ids=[personas.site.pk], start=start, end=end)
    assert values["team.training_sessions"] == 2
    assert values["team.training_hours"] == 12.0  # 3 × 3 + 2 × 1.5
    assert values["team.training_hours_per_head"] == round(12 / heads, 1)
    assert training_hours_per_head([personas.site.pk], 2006) == round(12 / heads, 1)
    assert training_hours_per_head([personas.other_site.pk], 2006) == 0.0
