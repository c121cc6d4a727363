"""Regulations library pages: the list in force on a day with search passages and export, the
detail with the version in force and the diff, the version page, and the office's writes;
wrong role and wrong site refused."""

from __future__ import annotations

import pytest

from houqin.team.models import Regulation, RegulationVersion
from houqin.team.tests.helpers_regulations import *  # noqa: F403
from houqin.team.tests.helpers_regulations import OLD_PHRASE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
LIST = "/team/regulations/"


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


def test_list_search_shows_passage_and_exports(client, personas, library):
    client.force_login(personas.staff)
    response = client.get(LIST, {"q": OLD_PHRASE})
    page = response.content.decode()
    assert f"<mark>{OLD_PHRASE}</mark>" in page and "机关大院管理制度 v1" in page
    export = client.get(LIST, {"q": OLD_PHRASE, "export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(LIST, {"on": "not-a-day"}).status_code == 200


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
    refused = client.post(revise_url, bad)
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
