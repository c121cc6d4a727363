"""Regulations library: the version in force on a day, search, refused input (nothing
changed), repeal, void, metrics."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from houqin.core.models import Event
from houqin.reports.registry import year_bounds
from houqin.team.metrics.regulations import regulation_metrics
from houqin.team.models import Regulation, RegulationVersion
from houqin.team.queries import regulations as queries
from houqin.team.services import regulations as services
from houqin.team.tests.helpers_regulations import *  # noqa: F403
from houqin.team.tests.helpers_regulations import OLD_PHRASE, new_regulation, revise

pytestmark = pytest.mark.django_db
MARCH_1 = date(2006, 3, 1)


def test_version_in_force_on_2006_03_01(library):
    assert queries.version_in_force(library.compound, MARCH_1).version == 2
    assert queries.version_in_force(library.compound, date(2005, 12, 31)).version == 1
    assert queries.version_in_force(library.compound, date(2006, 7, 1)).version == 3
    assert queries.version_in_force(library.repealed, MARCH_1) is None
    assert queries.version_in_force(library.repealed, date(2006, 1, 31)).version == 1
    assert queries.version_in_force(library.future, MARCH_1) is None
    assert queries.version_in_force(library.future, date(2006, 4, 1)).version == 1


def test_in_force_on_is_one_query(library, personas, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(queries.in_force_on(site_ids=[personas.site.pk], on=MARCH_1))
    assert [(r.title, r.in_force_version) for r in rows] == [("机关大院管理制度", 2)]
    everywhere = {
        r.title: r.in_force_version for r in queries.in_force_on(site_ids=None, on=MARCH_1)
    }
    assert everywhere == {"机关大院管理制度": 2, "分院区管理制度": 1}


def test_search_finds_old_version_text_and_title(library, personas):
    hits = queries.search(site_ids=[personas.site.pk], text=OLD_PHRASE)
    assert [(h.version.regulation_id, h.version.version) for h in hits] == [
        (library.compound.pk, 1)
    ]
    assert hits[0].match == OLD_PHRASE and "第二条" in hits[0].before
    by_title = queries.search(site_ids=[personas.site.pk], text="运行守则")
    assert [h.version.regulation_id for h in by_title] == [library.future.pk]
    assert queries.search(site_ids=[personas.site.pk], text=OLD_PHRASE, on=MARCH_1) == []
    assert queries.search(site_ids=[personas.site.pk], text="   ") == []


def _counts():
    return (
        Regulation.objects.count(),
        RegulationVersion.objects.count(),
        Event.objects.count(),
        list(Regulation.objects.values_list("repealed_on", flat=True).order_by("pk")),
    )


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"adopted": date(2006, 8, 1), "effective": date(2006, 7, 15)}, "effective_from"),
        ({"adopted": date(2006, 6, 20), "effective": date(2006, 7, 1)}, "effective_from"),
        ({"adopted": date(2006, 6, 1), "effective": date(2006, 9, 1)}, "adopted_on"),
        ({"adopted": date(2006, 8, 1), "effective": date(2006, 9, 1), "changes": " "}, "changes"),
        ({"adopted": date(2006, 8, 1), "effective": date(2006, 9, 1), "text": ""}, "text"),
    ],
)
def test_bad_revision_refused_nothing_changed(library, clerk, kwargs, field):
    before = _counts()
    kwargs = {"text": "新文本", **kwargs}
    with pytest.raises(ValidationError) as exc:
        revise(library.compound, clerk, **kwargs)
    assert field in exc.value.message_dict
    assert _counts() == before


def test_bad_regulation_refused(personas, clerk):
    with pytest.raises(ValidationError) as exc:
        new_regulation(
            personas.site, clerk, title="制度", adopted=date(2006, 5, 1), effective=date(2006, 4, 1)
        )
    assert "effective_from" in exc.value.message_dict
    with pytest.raises(ValidationError):
        new_regulation(personas.site, clerk, title=" ", adopted=MARCH_1, effective=MARCH_1)
    assert Regulation.objects.count() == 0


def test_repeal_rules(library, clerk):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.regulation_repeal(
            regulation=library.compound, on=date(2006, 6, 30), note="废止", by=clerk
        )
    assert "on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.regulation_repeal(
            regulation=library.compound, on=date(2006, 12, 1), note="", by=clerk
        )
    assert _counts() == before
    with pytest.raises(ValidationError):  # a repealed regulation is not revised
        revise(
            library.repealed, clerk, adopted=date(2006, 8, 1), effective=date(2006, 9, 1), text="新"
        )
    services.regulation_repeal(
        regulation=library.compound, on=date(2006, 12, 1), note="整合", by=clerk
    )
    library.compound.refresh_from_db()
    assert library.compound.repealed_on == date(2006, 12, 1)
    assert queries.version_in_force(library.compound, date(2006, 12, 1)) is None


def test_void_and_save(library, clerk, personas):
    with pytest.raises(ValidationError):
        services.regulation_void(regulation=library.future, by=clerk, reason="")
    services.regulation_void(regulation=library.future, by=clerk, reason="录入错误")
    assert queries.search(site_ids=[personas.site.pk], text="运行守则") == []
    library.compound.title = "机关大院管理办法"
    services.regulation_save(regulation=library.compound, by=clerk, fields=["title"])
    assert Regulation.objects.get(pk=library.compound.pk).title == "机关大院管理办法"


def test_line_diff(library):
    versions = {v.version: v for v in library.compound.versions.all()}
    rows = queries.line_diff(versions[2], versions[3])
    assert [r["kind"] for r in rows] == ["equal", "equal", "equal", "insert"]
    assert rows[-1]["new"] == "第四条 节约用水用电。" and rows[-1]["old_no"] is None


def test_metrics(library, personas, django_assert_max_num_queries):
    start, end = year_bounds(2006)
    with django_assert_max_num_queries(2):
        values = regulation_metrics(site_ids=[personas.site.pk], start=start, end=end)
    # 2006: v3 of the compound rules adopted (v2 was adopted in December 2005); the building
    # rules are new; in force at the end of the year: those two.
    assert values == {
        "team.regulations_revised": 1,
        "team.regulations_new": 1,
        "team.regulations_in_force": 2,
    }
    start, end = year_bounds(2005)
    values = regulation_metrics(site_ids=None, start=start, end=end)
    assert values["team.regulations_revised"] == 1
    assert values["team.regulations_in_force"] == 3  # compound, attendance, other site
