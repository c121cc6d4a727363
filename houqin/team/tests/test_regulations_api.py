"""Regulations API: the version in force on a day, search, detail with versions, create,
revise, repeal; refused input changes nothing; wrong role and site refused; query counts."""

from __future__ import annotations

import pytest
from django.utils import translation

from houqin.team.models import Regulation, RegulationVersion
from houqin.team.tests.helpers_regulations import *  # noqa: F403
from houqin.team.tests.helpers_regulations import OLD_PHRASE

pytestmark = pytest.mark.django_db
URL = "/api/team/regulations/"


@pytest.fixture(autouse=True)
def _english(api):
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def _rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_list_in_force_on(api, personas, library, django_assert_max_num_queries):
    api.force_authenticate(personas.staff)
    with django_assert_max_num_queries(8):
        response = api.get(URL, {"in_force_on": "2006-03-01"})
    assert response.status_code == 200
    rows = _rows(response)
    assert [(r["title"], r["in_force"]["version"]) for r in rows] == [("机关大院管理制度", 2)]
    assert rows[0]["in_force"]["effective_from"] == "2006-01-01"
    assert api.get(URL, {"in_force_on": "2006-13-01"}).status_code == 400
    found = _rows(api.get(URL, {"q": OLD_PHRASE}))
    assert [r["id"] for r in found] == [library.compound.pk]


def test_detail_with_versions_and_site_scope(api, personas, library):
    api.force_authenticate(personas.staff)
    data = api.get(f"{URL}{library.compound.pk}/").json()
    assert [v["version"] for v in data["versions"]] == [1, 2, 3]
    assert data["versions"][2]["changes"] == "修订条款"
    assert api.get(f"{URL}{library.other.pk}/").status_code == 404
    assert api.post(URL, {}, format="json").status_code == 403
    assert api.post(f"{URL}{library.compound.pk}/revise/", {}, format="json").status_code == 403
    api.force_authenticate(personas.nobody)
    assert api.get(URL).status_code == 403


def test_clerk_creates_revises_repeals(api, personas, clerk, other_clerk):
    api.force_authenticate(clerk)
    body = {
        "site": "main",
        "title": "办公大楼运行守则",
        "scope": "building",
        "text": "第一条 总则。",
        "adopted_on": "2006-02-01",
        "effective_from": "2006-03-01",
    }
    created = api.post(URL, body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api.post(URL, {**body, "site": "other"}, format="json").status_code == 400
    bad = {"text": "新", "adopted_on": "2006-03-01", "effective_from": "2006-03-01", "changes": "x"}
    refused = api.post(f"{URL}{pk}/revise/", bad, format="json")
    assert refused.status_code == 400 and "effective_from" in refused.json()["errors"]
    assert RegulationVersion.objects.filter(regulation_id=pk).count() == 1
    good = {**bad, "effective_from": "2006-07-01"}
    revised = api.post(f"{URL}{pk}/revise/", good, format="json")
    assert revised.status_code == 201 and len(revised.json()["versions"]) == 2
    repealed = api.post(f"{URL}{pk}/repeal/", {"on": "2006-08-01", "note": "废止"}, format="json")
    assert repealed.status_code == 200 and repealed.json()["repealed_on"] == "2006-08-01"
    api.force_authenticate(other_clerk)
    assert api.post(f"{URL}{pk}/repeal/", {"on": "2007-01-01", "note": "x"}).status_code == 404
    assert Regulation.objects.get(pk=pk).repealed_on.isoformat() == "2006-08-01"
