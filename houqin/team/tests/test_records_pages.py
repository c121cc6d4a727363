"""Pages and API of honours, publications and the chronicle: the office clerk keeps them,
leadership reads, staff and another site are refused; list query counts; the ledgers and the
printable year."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from houqin.team.models import ChronicleEntry, Honour, Publication
from houqin.team.tests.helpers_team import *  # noqa: F403  (fixtures)
from houqin.team.tests.helpers_team import make_entry, make_honour, make_publication, sheet_rows

LISTS = ("honour_list", "publication_list", "chronicle_list", "chronicle_year")


def _url(name, **kwargs):
    return reverse(f"team:{name}", kwargs=kwargs or None)


@pytest.fixture
def other_records(personas, other_office):
    site = personas.other_site
    return {
        "honour": make_honour(site, other_office),
        "publication": make_publication(site, other_office),
        "chronicle": make_entry(site, other_office),
    }


def test_roles_and_sites(client, personas, office, other_records):
    client.force_login(personas.staff)
    for name in (*LISTS, "honour_add", "publication_add", "chronicle_add"):
        assert client.get(_url(name)).status_code == 403, name
    client.force_login(personas.leader)
    for name in LISTS:
        assert client.get(_url(name)).status_code == 200, name
    assert client.get(_url("honour_add")).status_code == 403
    client.force_login(office)
    for prefix, record in other_records.items():
        for action in ("detail", "edit", "void"):
            url = _url(f"{prefix}_{action}", pk=record.pk)
            assert client.get(url).status_code == 404, url


def test_clerk_adds_edits_and_voids_an_honour(client, personas, office, people):
    client.force_login(office)
    data = {
        "site": personas.site.pk,
        "title": "省级卫生文明单位",
        "level": "provincial",
        "awarding_body": "湖南省爱卫会",
        "awarded_on": "2006-11-02",
        "recipient_kind": "compound",
    }
    assert client.post(_url("honour_add"), data).status_code == 302
    honour = Honour.objects.get()
    assert honour.level == "provincial" and honour.awarded_on == date(2006, 11, 2)
    bad = client.post(_url("honour_edit", pk=honour.pk), {**data, "recipient_kind": "person"})
    assert bad.status_code == 200 and Honour.objects.get().recipient_kind == "compound"
    page = client.get(_url("honour_detail", pk=honour.pk)).content.decode()
    assert "湖南省爱卫会" in page and _url("honour_void", pk=honour.pk) in page
    assert client.post(_url("honour_void", pk=honour.pk), {"reason": "错"}).status_code == 302
    assert Honour.objects.get().voided_at is not None


def test_publication_form_needs_periodical_for_an_article(client, personas, office):
    client.force_login(office)
    data = {
        "site": personas.site.pk,
        "kind": "article",
        "title": "节约型机关",
        "published_on": "2006-04-01",
    }
    assert client.post(_url("publication_add"), data).status_code == 200
    assert not Publication.objects.exists()
    assert (
        client.post(_url("publication_add"), {**data, "periodical": "郴州日报"}).status_code == 302
    )
    assert client.post(_url("publication_add"), {**data, "kind": "book"}).status_code == 302
    assert Publication.objects.count() == 2


def test_lists_ledgers_and_year_view(client, personas, office, django_assert_max_num_queries):
    for n, level in enumerate(("national", "provincial", "municipal", "municipal")):
        make_honour(personas.site, office, title=f"荣誉{n}", level=level)
        make_publication(personas.site, office, title=f"文章{n}", on=date(2005 + n % 2, 5, 1))
        make_entry(personas.site, office, title=f"大事{n}", on=date(2006, 12 - n, 1))
    make_entry(personas.site, office, title="前一年", on=date(2005, 1, 3))
    client.force_login(office)
    for name in LISTS:
        with django_assert_max_num_queries(12):
            response = client.get(_url(name) + ("?year=2006" if name == "chronicle_year" else ""))
        assert response.status_code == 200, name
    listed = client.get(_url("honour_list") + "?level=municipal").content.decode()
    assert "荣誉2" in listed and "荣誉3" in listed and "荣誉0" not in listed
    year = client.get(_url("chronicle_year") + "?year=2006").content.decode()
    assert year.count('data-testid="chronicle-entry"') == 4 and "前一年" not in year
    assert year.index("大事3") < year.index("大事0")  # in date order
    rows = sheet_rows(client.get(_url("chronicle_list") + "?export=xlsx&year=2006"))
    assert sorted(r[1] for r in rows if r and str(r[1] or "").startswith("大事")) == [
        "大事0",
        "大事1",
        "大事2",
        "大事3",
    ]
    pubs = sheet_rows(client.get(_url("publication_list") + "?export=xlsx&year=2005"))
    assert sorted(r[3] for r in pubs if r and str(r[3] or "").startswith("文章")) == [
        "文章0",
        "文章2",
    ]


def test_api_crud_and_void(api, personas, office, other_office):
    api.force_authenticate(office)
    body = {"site": "main", "kind": "article", "title": "后勤改革", "published_on": "2006-08-01"}
    assert api.post("/api/team/publications/", body, format="json").status_code == 400
    created = api.post(
        "/api/team/publications/", {**body, "periodical": "湖南机关事务通讯"}, format="json"
    )
    assert created.status_code == 201
    url = f"/api/team/publications/{created.json()['id']}/"
    assert api.patch(url, {"periodical": ""}, format="json").status_code == 400
    assert api.patch(url, {"issue": "2006年第8期"}, format="json").json()["issue"] == "2006年第8期"
    honour = {
        "site": "main",
        "title": "市爱国卫生先进单位",
        "level": "municipal",
        "awarding_body": "郴州市",
        "awarded_on": "2006-12-01",
        "recipient_kind": "department",
    }
    assert api.post("/api/team/honours/", honour, format="json").status_code == 400
    entry = {"site": "main", "occurred_on": "2006-03-01", "title": "成立节能领导小组"}
    made = api.post("/api/team/chronicle/", entry, format="json")
    assert made.status_code == 201
    api.force_authenticate(other_office)
    assert api.get(url).status_code == 404
    assert api.post("/api/team/chronicle/", entry, format="json").status_code == 400
    api.force_authenticate(personas.leader)
    assert api.get("/api/team/chronicle/?year=2006").json()["count"] == 1
    assert api.post(url + "void/", {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(personas.staff)
    assert api.get("/api/team/honours/").status_code == 403
    api.force_authenticate(office)
    assert api.post(url + "void/", {"reason": "重复"}, format="json").status_code == 204
    assert ChronicleEntry.objects.count() == 1


def test_api_list_query_count(api, personas, office, django_assert_max_num_queries):
    for n in range(5):
        make_honour(personas.site, office, title=f"荣誉{n}")
    api.force_authenticate(office)
    with django_assert_max_num_queries(8):
        response = api.get("/api/team/honours/?level=municipal&year=2006")
    assert response.json()["count"] == 5


def test_year_view_opens_on_the_latest_year_with_entries(client, personas, office):
    make_entry(personas.site, office, title="二〇〇五年大事", on=date(2005, 3, 1))
    make_entry(personas.site, office, title="二〇〇六年大事", on=date(2006, 4, 1))
    client.force_login(office)
    response = client.get(_url("chronicle_year"))
    assert response.status_code == 200 and response.context["year"] == 2006
    page = response.content.decode()
    assert "二〇〇六年大事" in page and "二〇〇五年大事" not in page
    assert 'href="?year=2005"' in page and 'href="?year=2006"' in page
    chosen = client.get(_url("chronicle_year") + "?year=2005")
    assert chosen.context["year"] == 2005 and "二〇〇五年大事" in chosen.content.decode()
    empty = client.get(_url("chronicle_year") + "?year=2003")
    assert empty.context["year"] == 2003 and 'data-testid="chronicle-entry"' not in (
        empty.content.decode()
    )


def test_year_view_without_entries_opens_on_this_year(client, personas, office, other_office):
    make_entry(personas.other_site, other_office, title="别处", on=date(2004, 1, 1))
    client.force_login(office)
    response = client.get(_url("chronicle_year"))
    assert response.context["year"] == timezone.localdate().year
    assert response.context["years"] == []
