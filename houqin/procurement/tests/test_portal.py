"""The public portal of the four publics: open without a login, its Atom feed and OCDS export,
search, other sites kept apart, withdrawn notices gone — and the leak test: no internal field
ever reaches a public page, the feed or the OCDS output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from django.urls import reverse

from houqin.core.services import record_void
from houqin.core.testing import make_site
from houqin.procurement.models import Notice
from houqin.procurement.tests.helpers_portal import (
    LINE_NAME,
    MARKERS,
    TITLE,
    at,
    other_site_notice,
    portal_fixture,  # noqa: F401  (the ``portal`` fixture)
)

ATOM = "{http://www.w3.org/2005/Atom}"
# The basic structure of an OCDS 1.1 release package (the parts this export fills).
_PARTY = {
    "type": "object",
    "required": ["id", "name", "roles"],
    "properties": {
        "id": {"type": "string"},
        "identifier": {
            "type": "object",
            "required": ["scheme", "id"],
            "properties": {"scheme": {"enum": ["CN-USCC"]}},
        },
        "roles": {"type": "array", "items": {"type": "string"}},
    },
}
_VALUE = {
    "type": "object",
    "required": ["amount", "currency"],
    "properties": {"amount": {"type": "number"}, "currency": {"const": "CNY"}},
}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"}
RELEASE_PACKAGE_SCHEMA = {
    "type": "object",
    "required": ["uri", "publishedDate", "publisher", "version", "releases"],
    "properties": {
        "uri": {"type": "string", "format": "uri"},
        "publishedDate": _DATE,
        "version": {"const": "1.1"},
        "publisher": {"type": "object", "required": ["name"]},
        "releases": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["ocid", "id", "date", "tag", "initiationType"],
                "properties": {
                    "ocid": {"type": "string", "pattern": "^ocds-"},
                    "id": {"type": "string"},
                    "date": _DATE,
                    "tag": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "enum": [
                                "planning",
                                "tender",
                                "tenderAmendment",
                                "tenderUpdate",
                                "tenderCancellation",
                                "award",
                                "contract",
                            ]
                        },
                    },
                    "initiationType": {"const": "tender"},
                    "parties": {"type": "array", "items": _PARTY},
                    "buyer": {"type": "object", "required": ["id", "name"]},
                    "tender": {
                        "type": "object",
                        "required": ["id", "title", "status", "procurementMethod"],
                        "properties": {
                            "status": {
                                "enum": [
                                    "planned",
                                    "active",
                                    "cancelled",
                                    "unsuccessful",
                                    "complete",
                                    "withdrawn",
                                ]
                            },
                            "procurementMethod": {
                                "enum": ["open", "selective", "limited", "direct"]
                            },
                            "value": _VALUE,
                            "tenderPeriod": {
                                "type": "object",
                                "properties": {"startDate": _DATE, "endDate": _DATE},
                            },
                        },
                    },
                    "awards": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "status", "suppliers"],
                            "properties": {"value": _VALUE, "date": _DATE},
                        },
                    },
                    "contracts": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "awardID", "status"],
                            "properties": {"value": _VALUE, "dateSigned": _DATE},
                        },
                    },
                },
            },
        },
    },
}


def url(name: str, site: str = "main", **kwargs) -> str:
    return reverse(f"procurement_public:{name}", kwargs={"site": site, **kwargs})


def public_urls(portal) -> list[str]:
    """Every public address of the main site, including each notice and the project."""
    number = portal.project.number
    urls = [
        url("index"),
        url("notice_list"),
        url("notice_list") + "?q=防汛&kind=tender&year=2025",
        url("project", number=number),
        url("feed"),
        url("feed") + "?kind=result",
        url("ocds_releases"),
        url("ocds_releases") + "?year=2025",
        url("ocds_project", number=number),
    ]
    notices = Notice.objects.filter(site=portal.office.site).values_list("number", flat=True)
    return urls + [url("notice_detail", number=n) for n in notices]


def everything_public(client, portal) -> str:
    """The text of every public page, the feed and the OCDS output, fetched anonymously."""
    texts = []
    for address in public_urls(portal):
        response = client.get(address)
        assert response.status_code == 200, address
        texts.append(response.content.decode())
    return "\n".join(texts)


# Open to anyone -------------------------------------------------------------------------------


def test_every_public_url_opens_without_a_login(client, portal):
    portal.up_to_opening()
    portal.award_and_contract()
    for address in public_urls(portal):
        response = client.get(address)
        assert response.status_code == 200, address  # never a redirect to the login page


def test_public_pages_show_the_notices_and_the_procedure(client, portal):
    portal.up_to_opening()
    portal.award_and_contract()
    index = client.get(url("index")).content.decode()
    assert "区政府采购中心" in index and "坚持四公开。" in index
    assert f"{TITLE}中标(成交)结果公告" in index
    result = Notice.objects.get(kind="result")
    detail = client.get(url("notice_detail", number=result.number)).content.decode()
    assert "福建甲科技有限公司" in detail and "90,000.00元" in detail
    assert "<br>" in detail  # the text keeps its line breaks
    address = url("project", number=portal.project.number)
    page = client.get(address, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2025-10-20" in page  # bids opened
    assert "Government Procurement Law, art. 26 and 27" in page
    assert "94247.76" in page  # the budget total: public once announced


def test_a_staff_login_sees_the_public_layout_without_the_menu(client, portal):
    portal.up_to_opening()
    client.force_login(portal.buyer)
    page = client.get(url("index")).content.decode()
    assert 'id="sidebar"' not in page and "site_switch" not in page


def test_public_words_search_button_and_languages_in_their_own_names(client, portal):
    """In Chinese the button says 搜索 (its own msgid, not the 关键字 of a filter label), and
    the language menu names each language in itself: English, 简体中文 (never 英语)."""
    portal.up_to_opening()
    for address in (url("index"), url("notice_list")):
        text = client.get(address, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        button = text.split('<i class="bi bi-search"></i>')[1].split("</button>")[0]
        assert "关键字" not in button and button.strip(), address
        assert ">English</option>" in text and ">简体中文</option>" in text, address
        assert "英语" not in text, address


# Search, filters, pagination ------------------------------------------------------------------


def test_search_finds_a_notice_by_a_word_of_its_title(client, portal):
    portal.up_to_opening()
    response = client.get(url("notice_list"), {"q": "抢险"})
    found = [n["number"] for n in response.context["page"].object_list]
    assert len(found) == 2
    assert client.get(url("notice_list"), {"q": "没有这个词"}).context["page"].paginator.count == 0
    kinds = client.get(url("notice_list"), {"kind": "opening"}).context["page"].object_list
    assert [n["kind"] for n in kinds] == ["opening"]
    assert client.get(url("notice_list"), {"year": 2024}).context["page"].paginator.count == 0


def test_search_by_a_word_of_the_text(client, portal):
    portal.up_to_opening()
    response = client.get(url("notice_list"), {"q": "福州乙贸易"})  # in the opening record
    assert [n["kind"] for n in response.context["page"].object_list] == ["opening"]


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"kind": "secret"}, {"year": "1800"}, {"q": "x" * 300}]
)
def test_bad_search_input_gets_a_message_not_an_error(client, portal, params):
    portal.up_to_opening()
    response = client.get(url("notice_list"), params)
    assert response.status_code == 400
    assert b"search-errors" in response.content


def test_notice_list_pages_and_query_count(client, portal, django_assert_max_num_queries):
    portal.up_to_opening()
    for day in range(1, 25):
        portal.publish("amendment", at(2025, 11, day))
    with django_assert_max_num_queries(5):
        first = client.get(url("notice_list"))
    assert first.context["page"].paginator.count == 26
    assert len(first.context["page"].object_list) == 20
    second = client.get(url("notice_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 6
    with django_assert_max_num_queries(3):
        assert client.get(url("index")).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(url("feed")).status_code == 200


def test_ocds_query_count_does_not_grow_with_projects(
    client, portal, personas, django_assert_max_num_queries
):
    from houqin.procurement.tests.helpers_portal import make_project

    portal.up_to_opening()
    portal.award_and_contract()
    dept = portal.project.department
    for n in range(5):
        project = make_project(personas.site, dept, title=f"项目{n}", by=portal.buyer)
        portal.publish("tender", at(2025, 11, n + 1), project=project)
    with django_assert_max_num_queries(8):
        data = client.get(url("ocds_releases")).json()
    assert len(data["releases"]) == 6


# Atom feed ------------------------------------------------------------------------------------


def test_the_feed_parses_and_lists_the_notices(client, portal):
    portal.up_to_opening()
    portal.award_and_contract()
    response = client.get(url("feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert len(entries) == 4
    assert titles[0] == f"{TITLE}合同公告"  # newest first
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(url("notice_detail", number=Notice.objects.get(kind="contract").number))
    only = ET.fromstring(client.get(url("feed"), {"kind": "result"}).content)
    assert [e.find(f"{ATOM}title").text for e in only.findall(f"{ATOM}entry")] == [
        f"{TITLE}中标(成交)结果公告"
    ]


def test_feed_entry_ids_are_the_notices_absolute_urls(client, portal):
    portal.up_to_opening()
    root = ET.fromstring(client.get(url("feed")).content)
    ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
    numbers = Notice.objects.order_by("-published_at").values_list("number", flat=True)
    assert ids == [f"http://testserver{url('notice_detail', number=n)}" for n in numbers]


def test_feed_summary_is_the_escaped_text_with_its_line_breaks(client, portal):
    notice = portal.publish("tender", at(2025, 9, 26))
    Notice.objects.filter(pk=notice.pk).update(body="第一行 <b>粗</b> & 甲\n第二行")
    root = ET.fromstring(client.get(url("feed")).content)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "第一行 &lt;b&gt;粗&lt;/b&gt; &amp; 甲<br>第二行"


# OCDS -----------------------------------------------------------------------------------------


def test_ocds_package_has_the_required_fields_and_structure(client, portal):
    portal.up_to_opening()
    portal.award_and_contract()
    response = client.get(url("ocds_releases"), {"year": 2025})
    data = json.loads(response.content)
    jsonschema.validate(data, RELEASE_PACKAGE_SCHEMA)
    (release,) = data["releases"]
    assert release["ocid"] == portal.project.ocid
    assert release["tag"] == ["tender", "tenderUpdate", "award", "contract"]
    tender = release["tender"]
    assert (
        tender["procurementMethod"] == "open" and tender["procurementMethodDetails"] == "公开招标"
    )
    assert tender["value"] == {"amount": 94247.76, "currency": "CNY"}
    assert tender["status"] == "complete"
    assert tender["tenderPeriod"]["endDate"].startswith("2025-10-20T09:00:00+08:00")
    (award,) = release["awards"]
    assert award["value"]["amount"] == 90000.0
    assert award["suppliers"] == [
        {"id": "CN-USCC-91350100M000100Y43", "name": "福建甲科技有限公司"}
    ]
    (contract,) = release["contracts"]
    assert contract["id"] == "HT-2025-017" and contract["value"]["amount"] == 90000.0
    winner = next(p for p in release["parties"] if "supplier" in p["roles"])
    assert winner["identifier"] == {
        "scheme": "CN-USCC",
        "id": "91350100M000100Y43",
        "legalName": "福建甲科技有限公司",
    }
    buyer = next(p for p in release["parties"] if "buyer" in p["roles"])
    assert release["buyer"] == {"id": buyer["id"], "name": "区政府采购中心"}


def test_ocds_before_the_award_has_no_award_and_one_project(client, portal):
    portal.stage("approved", at(2025, 9, 20))
    portal.publish("intention", at(2025, 9, 21))
    single = client.get(url("ocds_project", number=portal.project.number)).json()
    jsonschema.validate(single, RELEASE_PACKAGE_SCHEMA)
    (release,) = single["releases"]
    assert release["tag"] == ["planning"] and release["tender"]["status"] == "planned"
    assert "awards" not in release and "contracts" not in release
    assert client.get(url("ocds_releases"), {"year": 2024}).json()["releases"] == []


def test_ocds_lists_only_projects_with_a_published_notice(client, portal, personas):
    from houqin.procurement.tests.helpers_portal import make_project

    make_project(personas.site, portal.project.department, title="未公告项目", by=portal.buyer)
    assert client.get(url("ocds_releases")).json()["releases"] == []
    assert client.get(url("ocds_project", number=portal.project.number)).status_code == 404
    assert client.get(url("project", number=portal.project.number)).status_code == 404


@pytest.mark.parametrize("year", ["20x6", "1999", "-1", "²²²²", "٢٠٠٦", "２００６"])
def test_ocds_bad_year_is_refused_clearly(client, portal, year):
    response = client.get(url("ocds_releases"), {"year": year})
    assert response.status_code == 400 and "error" in response.json()


# THE LEAK TEST --------------------------------------------------------------------------------


def test_no_internal_field_ever_reaches_the_public(client, portal):
    portal.up_to_opening()
    before = everything_public(client, portal)
    assert "福州乙贸易有限公司" in before and "92,000.00" in before  # the opening is public
    for name, marker in {**MARKERS, "line": LINE_NAME}.items():
        assert marker not in before, f"{name} leaked before the award"

    portal.award_and_contract()
    after = everything_public(client, portal)
    assert LINE_NAME in after  # what was bought is public with the result
    for name, marker in MARKERS.items():
        assert marker not in after, f"{name} leaked after the award"


# Withdrawn notices, other sites, closed portals -----------------------------------------------


def test_a_withdrawn_notice_is_gone(client, portal):
    portal.up_to_opening()
    opening = Notice.objects.get(kind="opening")
    record_void(record=opening, by=portal.buyer, reason="内容有误")
    assert client.get(url("notice_detail", number=opening.number)).status_code == 404
    assert opening.title not in client.get(url("notice_list")).content.decode()
    feed = ET.fromstring(client.get(url("feed")).content)
    tender = Notice.objects.get(kind="tender")
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == [tender.title]
    (release,) = client.get(url("ocds_releases")).json()["releases"]
    assert release["tag"] == ["tender"] and "tenderers" not in release["tender"]


def test_another_sites_notices_never_show(client, portal, personas):
    portal.up_to_opening()
    notice = other_site_notice(portal, personas)
    assert "OTHERSITE" not in everything_public(client, portal)
    # Numbers run per site: the same number on the main site is the main site's own notice.
    mine = client.get(url("notice_detail", number=notice.number))
    assert "OTHERSITE" not in mine.content.decode()
    other = client.get(url("notice_detail", site="other", number=notice.number))
    assert other.status_code == 200 and "OTHERSITE" in other.content.decode()


@pytest.mark.parametrize("name", ["index", "notice_list", "feed", "ocds_releases"])
def test_a_closed_portal_or_a_site_without_a_centre_is_404(client, portal, name):
    portal.other_office.portal_enabled = False
    portal.other_office.save(update_fields=["portal_enabled"])
    make_site("bare", "无采购中心院区")
    assert client.get(url(name, site="other")).status_code == 404
    assert client.get(url(name, site="bare")).status_code == 404
    assert client.get(url(name, site="nosuchsite")).status_code == 404


def test_unknown_numbers_are_404(client, portal):
    assert client.get(url("notice_detail", number="GG-2025-99999")).status_code == 404
    assert client.get(url("project", number="CG-2025-99999")).status_code == 404
    assert client.get(url("ocds_project", number="CG-2025-99999")).status_code == 404


# The internal notice list and withdrawal ------------------------------------------------------


def internal(name: str, **kwargs) -> str:
    return reverse(f"procurement:notice_{name}", kwargs=kwargs or None)


def test_officer_lists_all_notices_including_withdrawn(
    client, portal, django_assert_max_num_queries
):
    portal.up_to_opening()
    opening = Notice.objects.get(kind="opening")
    record_void(record=opening, by=portal.buyer, reason="内容有误")
    client.force_login(portal.buyer)
    with django_assert_max_num_queries(12):
        response = client.get(internal("list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert opening.number in page and Notice.objects.get(kind="tender").number in page
    withdrawn = client.get(internal("list"), {"withdrawn": "true"}).context["page"]
    assert [n.number for n in withdrawn.object_list] == [opening.number]
    export = client.get(internal("list"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert client.get(internal("detail", pk=opening.pk)).status_code == 200


def test_officer_withdraws_a_notice_and_it_leaves_the_portal(client, portal):
    portal.up_to_opening()
    opening = Notice.objects.get(kind="opening")
    client.force_login(portal.buyer)
    response = client.post(internal("void", pk=opening.pk), {"reason": "开标记录有误"})
    assert response.status_code == 302
    opening.refresh_from_db()
    assert opening.voided_at is not None and opening.void_reason == "开标记录有误"
    client.logout()
    assert client.get(url("notice_detail", number=opening.number)).status_code == 404


def test_withdrawal_needs_a_reason(client, portal):
    portal.up_to_opening()
    opening = Notice.objects.get(kind="opening")
    client.force_login(portal.buyer)
    response = client.post(internal("void", pk=opening.pk), {"reason": ""})
    assert response.status_code == 200
    opening.refresh_from_db()
    assert opening.voided_at is None


@pytest.mark.parametrize("name", ["staff", "guard", "nobody"])
def test_other_roles_cannot_list_or_withdraw(client, portal, personas, name):
    portal.up_to_opening()
    opening = Notice.objects.get(kind="opening")
    client.force_login(getattr(personas, name))
    assert client.get(internal("list")).status_code == 403
    assert client.post(internal("void", pk=opening.pk), {"reason": "x"}).status_code == 403
    opening.refresh_from_db()
    assert opening.voided_at is None


def test_leadership_reads_but_cannot_withdraw(client, portal, personas):
    portal.up_to_opening()
    opening = Notice.objects.get(kind="opening")
    client.force_login(personas.leader)
    assert client.get(internal("list")).status_code == 200
    assert client.post(internal("void", pk=opening.pk), {"reason": "x"}).status_code == 403


def test_the_other_sites_officer_cannot_see_or_withdraw(client, portal):
    portal.up_to_opening()
    opening = Notice.objects.get(kind="opening")
    client.force_login(portal.other_buyer)
    assert opening.number not in client.get(internal("list")).content.decode()
    assert client.get(internal("detail", pk=opening.pk)).status_code == 404
    assert client.post(internal("void", pk=opening.pk), {"reason": "x"}).status_code == 404
    opening.refresh_from_db()
    assert opening.voided_at is None


def test_anonymous_internal_list_goes_to_login(client, portal):
    response = client.get(internal("list"))
    assert response.status_code == 302 and "login" in response["Location"]
