"""The demo's 2006 summary of the main site is the seed: every figure in the seed's wording of
units, the four honours, and the seed's order of parts and points."""

from __future__ import annotations

import pytest

from houqin.core.demo import base_compound, module_loaders
from houqin.reports.models import SummaryText
from houqin.reports.summary.build import summary_build
from houqin.reports.summary.defaults import DEFAULTS, SEED_TITLE

pytestmark = pytest.mark.django_db

FIGURES = [
    "712场次",
    "630台班",
    "965台班",
    "1095班",
    "568条",
    "1730万元",
    "1522万元",
    "207.6万元",
    "12%",
    "208单",
    "6.3万元",
    "8000人次",
    "3000人次",
    "1500册",
    "12期",
    "4000余份",
    "15万元",
    "40000多元",
    "15800元",
    "538件",
    "20000余瓶",
    "5000公斤",
    "3200平方米",
    "6000个",
    "未发生一起刑事案件",
]
HONOURS = ["全市后勤系统先进单位", "市爱国卫生先进单位", "省级卫生文明单位", "省级科普文明大院"]


@pytest.fixture(scope="module")
def compound(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for the module's tests."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            yield base_compound(*module_loaders())
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def summary(compound, django_db_blocker):
    with django_db_blocker.unblock():
        site = compound.site
        return summary_build(year=2006, site_ids=[site.pk], site=site)


def _text(summary) -> str:
    parts = [
        f"{part.number}{part.heading}{part.intro}"
        + "".join(f"{p.number}{p.lead}{p.text}" for p in part.points)
        for part in summary.parts
    ]
    return summary.title + summary.opening + "".join(parts)


@pytest.mark.parametrize("figure", FIGURES + HONOURS)
def test_the_seeds_figures(summary, figure):
    assert figure in _text(summary)


def test_the_seeds_title_and_honours_in_the_opening(summary):
    assert summary.title == SEED_TITLE
    assert summary.opening.startswith("2006年，机关后勤工作以优质服务")
    assert "、".join(HONOURS) in summary.opening


def test_the_seeds_order(summary):
    assert [(part.number, part.heading) for part in summary.parts] == [
        ("一、", "充分发挥职能作用，营造和谐机关环境"),
        ("二、", "积极开展优质服务，强化服务保障功能"),
        ("三、", "切实加强自身建设，提高后勤管理水平"),
    ]
    points = [[(p.number, p.key) for p in part.points] for part in summary.parts]
    assert points == [
        [
            ("一是", "environment.security"),
            ("二是", "environment.sanitation"),
            ("三是", "environment.outreach"),
        ],
        [
            ("一是", "services.facilities"),
            ("二是", "services.assessment"),
            ("三是", "services.relief"),
            ("四是", "services.procurement"),
        ],
        [("一是", "team.training"), ("二是", "team.regulations"), ("三是", "team.energy")],
    ]
    text = _text(summary)
    order = ["712场次", "40000多元", "1730万元", "6.3万元"]
    assert sorted(order, key=text.index) == order


def test_the_charts(summary):
    visitors, monthly, yoy = summary.charts
    assert [s.name for s in visitors.series] == ["来访登记"]
    assert monthly.kind == visitors.kind == "monthly" and len(monthly.series) == 2
    assert all(len(s.values) == 12 for s in [*visitors.series, *monthly.series])
    # A month's figures add up to the year's.
    assert sum(visitors.series[0].values) == 13394
    assert yoy.kind == "yoy" and [s.name for s in yoy.series] == ["2005年", "2006年"]
    assert 6 <= len(yoy.categories) <= 10


def test_wording_for_both_sites_and_all_sites(compound, django_db_blocker):
    with django_db_blocker.unblock():
        for site in (compound.site, compound.other_site, None):
            assert SummaryText.objects.filter(site=site).count() == len(DEFAULTS)
