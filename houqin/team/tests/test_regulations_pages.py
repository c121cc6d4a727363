"""Regulations library pages: the list in force on a day with search passages and export, the
detail with the version in force and the diff, the version page, and the office's writes;
wrong role and wrong site refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from houqin.core.models import Department, Person
from houqin.team.models import Regulation, RegulationVersion
from houqin.team.tests.helpers_regulations import *  # noqa: F403
from houqin.team.tests.helpers_regulations import OLD_PHRASE, V3_TEXT, revise

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
LIST = "/team/regulations/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_list_in_force_on_2006_03_01(client, personas, library, django_assert_max_num_queries):
    client.force_login(personas.staff)
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"on": "2006-03-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "机关大院管理制度" in page and ">v2<" in page
    assert "考勤制度" not in page and "办公大楼运行守则" not in page
    assert "分院区管理制度" not in page  # another site's
    every = client.get(LIST, {"on": "2006-03-01", "show": "all"}).content.decode()
    assert "考勤制度" in every and "办公大楼运行守则" in every


def _hits(page: str) -> list[str]:
    """The passages of a list page, each from its <li> to its end."""
    if 'data-testid="search-hits"' not in page:
        return []
    block = page.split('data-testid="search-hits"')[1].split("</ul>")[0]
    return [part.split("</li>")[0] for part in block.split("<li ")[1:] if "data-version" in part]


def test_search_in_force_only_shows_passages_of_the_version_in_force(client, personas, library):
    client.force_login(personas.staff)
    page = client.get(LIST, {"q": "外来车辆", "on": "2006-03-01"}, **EN).content.decode()
    hits = _hits(page)
    v2 = library.compound.versions.get(version=2)
    assert len(hits) == 1 and f'data-version="{v2.pk}"' in hits[0]
    assert "from version 2, in force from 2006-01-01" in hits[0] and "凭证进入" in hits[0]
    assert 'data-testid="not-in-force"' not in hits[0]
    # A phrase only a superseded version has: neither the regulation nor a passage.
    old = client.get(LIST, {"q": OLD_PHRASE, "on": "2006-03-01"}, **EN).content.decode()
    assert _hits(old) == [] and f"<mark>{OLD_PHRASE}</mark>" not in old
    assert "机关大院管理制度" not in old.split('id="list-table"')[1]


def test_search_with_those_not_in_force_says_which_version(client, personas, library):
    client.force_login(personas.staff)
    query = {"q": "外来车辆", "on": "2006-03-01", "show": "all"}
    hits = _hits(client.get(LIST, query, **EN).content.decode())
    assert len(hits) == 3
    stale = [hit for hit in hits if 'data-testid="not-in-force"' in hit]
    assert len(stale) == 2 and all("not in force on 2006-03-01" in hit for hit in stale)
    old = client.get(LIST, {**query, "q": OLD_PHRASE}, **EN).content.decode()
    (hit,) = _hits(old)
    assert f"<mark>{OLD_PHRASE}</mark>" in hit and "from version 1, in force from 2003-06-01" in hit
    assert 'data-testid="not-in-force"' in hit


def test_list_search_exports(client, personas, library):
    client.force_login(personas.staff)
    export = client.get(LIST, {"q": "外来车辆", "export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(LIST, {"on": "not-a-day"}).status_code == 200
    assert client.get(LIST, {"q": OLD_PHRASE, "on": "not-a-day"}).status_code == 200


def test_detail_highlights_version_in_force_and_diff(client, personas, library):
    client.force_login(personas.staff)
    url = f"/team/regulations/{library.compound.pk}/"
    page = client.get(url, {"on": "2006-03-01"}).content.decode()
    assert 'data-version="2" class="table-success" data-in-force' in page
    assert "data-in-force" not in page.split('data-version="3"')[1].split("</tr>")[0]
    assert 'data-kind="insert"' in page and "第四条 节约用水用电。" in page
    versions = {v.version: v.pk for v in library.compound.versions.all()}
    diff = client.get(url, {"a": versions[1], "b": versions[2]}).content.decode()
    assert 'data-kind="replace"' in diff and OLD_PHRASE in diff
    assert "/revise/" not in page and "/repeal/" not in page  # staff read only
    version = client.get(f"/team/regulations/versions/{versions[1]}/")
    assert version.status_code == 200 and OLD_PHRASE in version.content.decode()


def test_permissions(client, personas, library, other_clerk):
    pk = library.compound.pk
    urls = [f"/team/regulations/{pk}/", f"/team/regulations/{pk}/revise/", LIST]
    client.force_login(personas.staff)
    assert client.get(f"/team/regulations/{pk}/revise/").status_code == 403
    assert client.get("/team/regulations/add/").status_code == 403
    assert client.get(f"/team/regulations/{pk}/repeal/").status_code == 403
    client.force_login(personas.nobody)
    assert client.get(LIST).status_code == 403
    client.force_login(other_clerk)
    assert client.get(urls[0]).status_code == 404
    assert client.get(urls[1]).status_code == 404
    v1 = library.compound.versions.get(version=1).pk
    assert client.get(f"/team/regulations/versions/{v1}/").status_code == 404
    assert "机关大院管理制度" not in client.get(LIST).content.decode()


def test_clerk_adds_revises_repeals(client, personas, clerk):
    client.force_login(clerk)
    response = client.post(
        "/team/regulations/add/",
        {
            "site": personas.site.pk,
            "title": "局机关管理制度",
            "scope": "bureau",
            "adopted_on": "2006-02-10",
            "effective_from": "2006-03-01",
            "text": "第一条 总则。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    regulation = Regulation.objects.get(title="局机关管理制度")
    revise_url = f"/team/regulations/{regulation.pk}/revise/"
    bad = {"adopted_on": "2006-05-01", "effective_from": "2006-02-01", "text": "新", "changes": "x"}
    refused = client.post(revise_url, bad, **EN)
    assert refused.status_code == 400
    assert "cannot take effect before it was adopted" in refused.content.decode()
    no_changes = {**bad, "effective_from": "2006-06-01", "changes": ""}
    assert client.post(revise_url, no_changes).status_code == 400
    assert RegulationVersion.objects.filter(regulation=regulation).count() == 1
    good = {**bad, "effective_from": "2006-06-01", "changes": "增加第二条"}
    assert client.post(revise_url, good).status_code == 302
    assert regulation.versions.count() == 2
    repeal_url = f"/team/regulations/{regulation.pk}/repeal/"
    assert client.post(repeal_url, {"on": "2006-05-01", "note": "废止"}).status_code == 400
    assert client.post(repeal_url, {"on": "2006-08-01", "note": "废止"}).status_code == 302
    regulation.refresh_from_db()
    assert str(regulation.repealed_on) == "2006-08-01"
    void_url = f"/team/regulations/{regulation.pk}/void/"
    assert client.post(void_url, {"reason": "录入错误"}).status_code == 302


def test_detail_lists_versions_as_cards_on_a_phone_with_changes_whole(client, personas, library):
    long = "增加大院实行二十四小时安全巡逻；增加外来人员登记制度，并明确值班人员职责"
    revise(
        library.compound,
        personas.admin,
        adopted=date(2006, 9, 1),
        effective=date(2006, 10, 1),
        text=V3_TEXT + "\n第五条 安全巡逻。",
        changes=long,
    )
    client.force_login(personas.staff)
    page = client.get(f"/team/regulations/{library.compound.pk}/", {"on": "2006-03-01"})
    cards = page.content.decode().split('data-testid="version-cards"')[1].split("</ul>")[0]
    assert cards.count("<li ") == 4 and "d-md-none" in page.content.decode()
    card = cards.split('data-version="4"')[1].split("</li>")[0]
    assert long in card and "2006-10-01" in card and "2006-09-01" in card
    assert 'data-version="2" data-in-force' in cards


def test_revise_form_people_by_department_then_name_and_own_person_first(
    client, personas, clerk, library
):
    a = Department.objects.create(site=personas.site, code="A1", name="A办公室")
    z = Department.objects.create(site=personas.site, code="Z9", name="Z总务科")
    Person.objects.create(site=personas.site, name="乙", department=z)
    Person.objects.create(site=personas.site, name="甲", department=a)
    Person.objects.create(site=personas.site, name="丙", department=a)
    client.force_login(clerk)
    response = client.get(f"/team/regulations/{library.compound.pk}/revise/")
    field = response.context["form"].fields["revised_by"]
    names = [(p.department.name if p.department else "", p.name) for p in field.queryset]
    assert names == sorted(names)
    assert names.index(("A办公室", "丙")) < names.index(("A办公室", "甲"))  # by name in a dept
    assert names.index(("A办公室", "甲")) < names.index(("Z总务科", "乙"))
    assert field.initial == clerk.person.pk
    page = response.content.decode()
    assert f'value="{clerk.person.pk}" selected' in page and "A办公室 · 甲" in page


def test_revision_refusal_is_translated(client, personas, clerk, library):
    client.force_login(clerk)
    bad = {
        "adopted_on": "2006-06-20",
        "effective_from": "2006-06-25",
        "text": "新",
        "changes": "x",
    }
    url = f"/team/regulations/{library.compound.pk}/revise/"
    english = client.post(url, bad, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A revision must take effect after 2006-07-01, when version 3 did." in english
    with translation.override("zh-hans"):
        chinese = client.post(url, bad, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "修订版本的施行日期须晚于2006-07-01（第3版的施行日期）" in chinese
    assert library.compound.versions.count() == 3
