"""The team demo reproduces the seed from rows: three rules revised and three articles in 2006,
the honours it names, and a regulations library that answers which version was in force."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count, Sum
from django.utils import translation

from houqin.core.demo import base_compound
from houqin.reports.queries import annual_report
from houqin.reports.registry import compute, year_bounds
from houqin.reports.render import report_html
from houqin.team import demo as team_demo
from houqin.team.models import (
    Attendance,
    ChronicleEntry,
    Honour,
    Publication,
    Regulation,
    RegulationVersion,
    TrainingSession,
)

pytestmark = pytest.mark.django_db
SEED_2006 = {"team.publications": 3, "team.regulations_revised": 3}


@pytest.fixture
def compound():
    return base_compound(team_demo.load)


def in_force(regulation: Regulation, day: date) -> RegulationVersion | None:
    """The latest version in force on ``day`` (the library's rule, read from rows)."""
    versions = regulation.versions.filter(effective_from__lte=day)
    return versions.order_by("-effective_from").first()


def revised(site, year: int) -> int:
    return RegulationVersion.objects.filter(site=site, version__gt=1, adopted_on__year=year).count()


def test_the_seed_is_reproduced_from_rows(compound):
    site = compound.site
    assert revised(site, 2006) == 3 and revised(site, 2005) == 0
    titles = {"机关大院管理制度", "办公大楼运行守则", "局机关管理制度"}
    changed = RegulationVersion.objects.filter(site=site, version=2, adopted_on__year=2006)
    assert set(changed.values_list("regulation__title", flat=True)) == titles
    assert Regulation.objects.filter(site=site).count() == 11
    articles = Publication.objects.filter(site=site, kind="article", published_on__year=2006)
    assert set(articles.values_list("periodical", flat=True)) == {
        "中国机关后勤",
        "湖南机关事务通讯",
        "郴州日报",
    }
    book = Publication.objects.get(site=site, kind="book")
    assert book.published_on.year == 2006 and book.characters >= 200_000
    honours = Honour.objects.filter(site=site, awarded_on__year=2006)
    levels = dict(honours.values_list("level").annotate(n=Count("id")))
    assert levels == {"municipal": 2, "provincial": 2}
    assert Honour.objects.filter(site=site, awarded_on__year=2005).count() in (1, 2)
    assert ChronicleEntry.objects.filter(site=site, occurred_on__year__lte=2006).count() >= 25


def test_version_in_force_on_a_day(compound):
    rule = Regulation.objects.get(site=compound.site, title="机关大院管理制度")
    assert in_force(rule, date(2006, 3, 1)).version == 1
    assert in_force(rule, date(2006, 3, 20)).version == 2
    assert in_force(rule, date(2002, 1, 1)) is None
    new = Regulation.objects.get(site=compound.site, title="科普文明大院制度")
    assert in_force(new, date(2006, 3, 1)) is None
    assert "第一条" in new.versions.get().text


def test_training_sessions_and_records(compound):
    site = compound.site
    for year in (2005, 2006):
        sessions = TrainingSession.objects.filter(site=site, starts_at__year=year)
        assert 14 <= sessions.count() <= 16
        assert sessions.filter(is_external=True).count() == 2
    hours = Attendance.objects.filter(site=site, session__starts_at__year=2006).aggregate(
        total=Sum("hours")
    )["total"]
    assert hours > 1000
    assert not Attendance.objects.filter(hours__gt=5, session__hours__lte=5).exists()
    numbers = TrainingSession.objects.filter(site=site, starts_at__year=2006)
    assert all(n.startswith("PX-2006-") for n in numbers.values_list("number", flat=True))


def test_the_report(compound):
    site = compound.site
    start, end = year_bounds(2006)
    values = compute(site_ids=[site.pk], start=start, end=end)
    assert {key: values[key] for key in SEED_2006} == SEED_2006
    start, end = year_bounds(2005)
    assert compute(site_ids=[site.pk], start=start, end=end)["team.regulations_revised"] == 0
    with translation.override("zh-hans"):
        html = report_html(annual_report(year=2006, site_ids=[site.pk], site=site))
    assert "3" in html
