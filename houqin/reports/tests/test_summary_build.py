"""Building the summary from the wording rows: points without data left out and the rest
renumbered, empty parts left out, year-on-year, editing / reordering / switching off through the
services, wording per site, the all-sites summary, the query count and the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from houqin.reports.models import SummaryText
from houqin.reports.queries import summary_texts
from houqin.reports.services import (
    summary_text_move,
    summary_text_toggle,
    summary_text_update,
    summary_texts_ensure,
)
from houqin.reports.summary import build
from houqin.reports.summary.build import summary_build, summary_preview
from houqin.reports.summary.defaults import DEFAULTS
from houqin.team.choices import PublicationKind
from houqin.team.models import Publication

pytestmark = pytest.mark.django_db

SANITATION = {"environment.zone_inspections": 572, "environment.greening_score": 95.7}
MEETINGS = {"services.meeting_services": 712, "services.display_messages": 568}


@pytest.fixture
def values(monkeypatch):
    """Figures by year, in place of the modules' queries: ``values[2006] = {...}``."""
    by_year: dict[int, dict] = {}

    def fake(*, site_ids, start, end, keys=None):
        return dict(by_year.get(start.year, {}))

    monkeypatch.setattr(build, "compute", fake)
    return by_year


def _points(summary) -> list[tuple[str, str, str]]:
    return [(part.key, point.number, point.key) for part in summary.parts for point in part.points]


def _site_summary(personas, year=2006):
    site = personas.site
    return summary_build(year=year, site_ids=[site.pk], site=site, charts=False)


def test_a_point_without_data_is_left_out_and_the_next_renumbered(personas, values):
    values[2006] = {"security.visitor_registrations": 0, "security.criminal_cases": 0, **SANITATION}
    summary = _site_summary(personas)
    assert _points(summary) == [("environment", "一是", "environment.sanitation")]
    assert summary.parts[0].number == "一、"
    assert "未发生一起刑事案件" not in summary.parts[0].points[0].text


def test_a_part_without_points_is_left_out(personas, values):
    values[2006] = dict(MEETINGS)
    summary = _site_summary(personas)
    assert [(p.key, p.number) for p in summary.parts] == [("services", "一、")]
    assert summary.parts[0].heading == "积极开展优质服务，强化服务保障功能"
    assert summary.parts[0].intro.startswith("按照市委办的要求")
    assert "712场次" in summary.parts[0].points[0].text
    assert "568条" in summary.parts[0].points[0].text


@pytest.mark.parametrize(
    ("previous", "said"),
    [
        (640, "712场次，比上年增长11.3%"),
        (800, "712场次，比上年下降11%"),
        (712, "712场次，与上年持平"),
        (None, "712场次；"),
        (0, "712场次；"),
    ],
)
def test_year_on_year(personas, values, previous, said):
    values[2006] = dict(MEETINGS)
    values[2005] = {} if previous is None else {"services.meeting_services": previous}
    text = _site_summary(personas).parts[0].points[0].text
    assert said in text


def test_title_and_opening(personas, values):
    values[2006] = dict(MEETINGS)
    summary = _site_summary(personas)
    assert summary.title == "2006年机关后勤工作总结"
    assert summary.opening.startswith("2006年，机关后勤工作")
    assert "荣获" not in summary.opening  # no honours: the segment is dropped
    assert summary.organisation == personas.site.name
    assert summary.site_code == "main"


def _row(site, key) -> SummaryText:
    summary_texts_ensure(site=site)
    return summary_texts(site).get(key=key)


def test_editing_a_template_changes_the_next_summary(personas, values):
    values[2006] = dict(MEETINGS)
    row = _row(personas.site, "services.assessment")
    summary_text_update(
        text=row,
        user=personas.leader,
        template="全年会议服务{services.meeting_services|数}场次。",
        lead="优质服务",
        enabled=True,
    )
    point = _site_summary(personas).parts[0].points[0]
    assert (point.lead, point.text) == ("优质服务", "全年会议服务712场次。")
    row.refresh_from_db()
    assert row.updated_by == personas.leader


def test_a_bad_template_is_refused_and_nothing_changes(personas, values, english):
    row = _row(personas.site, "services.assessment")
    before = (row.template, row.lead, row.enabled)
    with pytest.raises(ValidationError) as error:
        summary_text_update(
            text=row,
            user=personas.leader,
            template="会议{services.meetings}场次",
            lead="新",
            enabled=False,
        )
    assert "{services.meetings}" in error.value.messages[0]
    row.refresh_from_db()
    assert (row.template, row.lead, row.enabled) == before


def test_a_long_lead_is_refused(personas, english):
    row = _row(personas.site, "services.assessment")
    with pytest.raises(ValidationError):
        summary_text_update(
            text=row, user=None, template=row.template, lead="长" * 101, enabled=True
        )
    row.refresh_from_db()
    assert row.lead == "建立服务考核机制，保障优质服务落实到位"


def test_reorder_and_switch_off(personas, values):
    values[2006] = {**MEETINGS, "procurement.orders": 208}
    keys = ["services.assessment", "services.procurement"]
    assert [k for _p, _n, k in _points(_site_summary(personas))] == keys
    for _step in range(2):  # above the relief point (no data), then above the assessment
        summary_text_move(
            text=_row(personas.site, "services.procurement"), user=personas.leader, up=True
        )
    assert _points(_site_summary(personas)) == [
        ("services", "一是", "services.procurement"),
        ("services", "二是", "services.assessment"),
    ]
    summary_text_toggle(text=_row(personas.site, "services.procurement"), user=personas.leader)
    assert _points(_site_summary(personas)) == [("services", "一是", "services.assessment")]


def test_a_move_stops_at_the_ends_and_stays_among_points(personas):
    first = _row(personas.site, "environment.security")
    order = list(summary_texts(personas.site).values_list("key", flat=True))
    summary_text_move(text=first, user=personas.leader, up=True)  # would pass the intro
    last = _row(personas.site, "team.energy")
    summary_text_move(text=last, user=personas.leader, up=False)
    assert list(summary_texts(personas.site).values_list("key", flat=True)) == order


def test_wording_is_per_site(personas, values):
    values[2006] = dict(MEETINGS)
    row = _row(personas.site, "services.assessment")
    summary_text_update(
        text=row,
        user=personas.leader,
        template="本院区会议{services.meeting_services}",
        lead="",
        enabled=True,
    )
    other = personas.other_site
    theirs = summary_build(year=2006, site_ids=[other.pk], site=other, charts=False)
    assert theirs.parts[0].points[0].text.startswith("根据各服务岗位")
    every = summary_build(year=2006, site_ids=None, site=None, charts=False)
    assert every.parts[0].points[0].text.startswith("根据各服务岗位")
    assert SummaryText.objects.filter(site__isnull=True).count() == len(DEFAULTS)


def test_defaults_are_created_once_in_the_seeds_order(personas, django_assert_num_queries):
    summary_texts_ensure(site=personas.site)
    with django_assert_num_queries(1):
        summary_texts_ensure(site=personas.site)
    assert list(summary_texts(personas.site).values_list("key", flat=True)) == [
        d.key for d in DEFAULTS
    ]


def test_a_new_default_goes_after_the_sites_own_rows(personas):
    summary_texts_ensure(site=personas.site)
    summary_text_move(text=_row(personas.site, "team.energy"), user=None, up=True)
    SummaryText.objects.filter(site=personas.site, key="team.training").delete()
    summary_texts_ensure(site=personas.site)
    keys = list(summary_texts(personas.site).filter(part="team").values_list("key", flat=True))
    assert keys == [
        "team.heading",
        "team.intro",
        "team.energy",
        "team.regulations",
        "team.training",
    ]


def test_preview(personas, values, english):
    values[2006] = dict(MEETINGS)
    row = _row(personas.site, "services.assessment")
    shown = summary_preview(
        text=row, template="会议{services.meeting_services|数}场次", lead="服务", year=2006
    )
    assert shown == "服务。会议712场次"
    assert summary_preview(text=row, template="{procurement.orders}", lead="", year=2006) is None
    with pytest.raises(ValidationError):
        summary_preview(text=row, template="{services.meetings}", lead="", year=2006)


def _publication(site, number, day=date(2006, 5, 1)):
    Publication.objects.create(
        site=site,
        number=number,
        kind=PublicationKind.ARTICLE,
        title="经验作法",
        periodical="机关后勤杂志",
        published_on=day,
    )


def test_the_all_sites_summary_sums_the_sites(personas):
    _publication(personas.site, "WZ-1")
    _publication(personas.site, "WZ-2")
    _publication(personas.other_site, "WZ-3")
    site = personas.site
    mine = summary_build(year=2006, site_ids=[site.pk], site=site, charts=False)
    every = summary_build(year=2006, site_ids=None, site=None, charts=False)
    assert "刊登推广2篇" in mine.parts[0].points[0].text
    assert "刊登推广3篇" in every.parts[0].points[0].text
    assert every.organisation == "机关事务管理局"


def _count(**kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        summary_build(year=2006, **kwargs)
    return len(queries)


def test_the_query_count_does_not_grow_with_points_or_sites(personas):
    site = personas.site
    _publication(site, "WZ-1")
    summary_build(year=2006, site_ids=[site.pk], site=site)  # wording created
    one = _count(site_ids=[site.pk], site=site)
    row = _row(site, "team.training")
    SummaryText.objects.bulk_create(
        [
            SummaryText(
                site=site,
                key=f"extra-{n}",
                part="team",
                kind="point",
                position=9,
                template=row.template,
            )
            for n in range(5)
        ]
    )
    _publication(personas.other_site, "WZ-2")
    assert _count(site_ids=[site.pk], site=site) == one
    summary_build(year=2006, site_ids=None, site=None)  # wording created
    assert _count(site_ids=[site.pk, personas.other_site.pk], site=None) == one


def test_charts(personas):
    _publication(personas.site, "WZ-1")
    site = personas.site
    summary = summary_build(year=2006, site_ids=[site.pk], site=site)
    assert summary.charts == []  # no count of the chart figures has data
    from houqin.reports.summary.template import Figures

    figures = Figures(
        current={"services.meeting_services": 712, "procurement.orders": 208},
        previous={"services.meeting_services": 689},
    )
    charts = build.summary_charts(year=2006, site_ids=[site.pk], figures=figures)
    monthly, yoy = charts
    assert (
        monthly.kind == "monthly"
        and monthly.categories[0] == "1月"
        and len(monthly.categories) == 12
    )
    assert [s.name for s in monthly.series] == ["会议服务场次"]
    assert yoy.kind == "yoy" and yoy.categories == ["会议服务场次", "完成采购业务"]
    assert [(s.name, s.values) for s in yoy.series] == [
        ("2005年", [689, None]),
        ("2006年", [712, 208]),
    ]


# --- the API --------------------------------------------------------------------------

URL = "/api/reports/summary/"


def test_api_summary(personas, api):
    _publication(personas.site, "WZ-1")
    api.force_authenticate(personas.leader)
    response = api.get(URL, {"year": 2006, "site": "main"})
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "2006年机关后勤工作总结"
    assert body["parts"][0]["points"][0]["number"] == "一是"
    assert "刊登推广1篇" in body["parts"][0]["points"][0]["text"]
    assert api.get(URL, {"year": 2006}).status_code == 200


@pytest.mark.parametrize("who", ["staff", "guard", "outsider", "nobody"])
def test_api_refuses_the_wrong_role(personas, api, who):
    api.force_authenticate(getattr(personas, who))
    assert api.get(URL, {"year": 2006}).status_code == 403


def test_api_wrong_site_and_bad_year(personas, api):
    api.force_authenticate(personas.leader)
    assert api.get(URL, {"year": 2006, "site": "other"}).status_code == 404
    assert api.get(URL, {"year": "abc"}).status_code == 400
    api.force_authenticate(None)
    assert api.get(URL, {"year": 2006}).status_code in (401, 403)
