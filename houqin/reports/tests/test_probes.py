"""Probes of the annual summary, its wording editor, the documents, the dashboard, the catalogue
and the summary API: who is refused where, bad input of every kind (never a 500, nothing
changed), the figures the templates print, and the Word document on awkward content."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.reports.choices import SummaryTextKind
from houqin.reports.models import SummaryText
from houqin.reports.queries import summary_texts
from houqin.reports.services import summary_texts_ensure
from houqin.reports.summary.build import summary_build
from houqin.reports.summary.docx import summary_docx
from houqin.reports.summary.structure import Part, Point, Summary
from houqin.reports.summary.template import (
    Figures,
    approximate_text,
    change_text,
    metric_map,
    template_fill,
)
from houqin.reports.tests.helpers_summary import *  # noqa: F403  (fixtures)
from houqin.security.tests.helpers import check_in, shanghai

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
VISITS = "security.visitor_registrations"
SENTENCE = "全年登记来访{security.visitor_registrations|数}人次"
API = "/api/reports/summary/"


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def visits(personas):
    """Three visits at the main site and two at the other, last year."""
    for seq in range(3):
        check_in(personas.site, personas.guard, at=shanghai(YEAR, 3, 1 + seq, 10), seq=300 + seq)
    for seq in range(2):
        check_in(
            personas.other_site, personas.outsider, at=shanghai(YEAR, 4, 1 + seq, 10), seq=400 + seq
        )


def _point(site, index: int = 0) -> SummaryText:
    summary_texts_ensure(site=site)
    return list(summary_texts(site).filter(kind=SummaryTextKind.POINT))[index]


@pytest.fixture
def point(personas, visits) -> SummaryText:
    text = _point(personas.site)
    text.template, text.enabled = SENTENCE, True
    text.save(update_fields=["template", "enabled"])
    return text


@pytest.fixture
def other_point(personas, visits) -> SummaryText:
    return _point(personas.other_site)


@pytest.fixture
def global_point(personas) -> SummaryText:
    return _point(None)


def _state(text: SummaryText) -> tuple:
    row = SummaryText.objects.get(pk=text.pk)
    return (row.template, row.lead, row.enabled, row.position)


def _all_state(site) -> list[tuple]:
    return list(summary_texts(site).values_list("pk", "template", "lead", "enabled", "position"))


def _post_urls(text: SummaryText) -> list[tuple[str, dict]]:
    return [
        (reverse("reports:summary_text_edit", args=[text.pk]), {"template": "改了", "lead": "改"}),
        (reverse("reports:summary_text_preview", args=[text.pk]), {"template": "改了"}),
        (reverse("reports:summary_text_move", args=[text.pk]), {"direction": "down"}),
        (reverse("reports:summary_text_toggle", args=[text.pk]), {}),
    ]


READ_PAGES = ["summary", "summary_docx", "dashboard", "catalogue"]


def _page(name: str) -> str:
    return reverse(f"reports:{name}")


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", [*READ_PAGES, "summary_pdf", "summary_wording", "summary_text_edit"]
)
def test_anonymous_is_sent_to_the_login(client, point, name):
    url = _page(name) if name != "summary_text_edit" else reverse(f"reports:{name}", args=[1])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_anonymous_posts_change_nothing(client, point):
    before = _state(point)
    for url, data in _post_urls(point):
        assert client.post(url, data).status_code == 302
    assert _state(point) == before


def test_anonymous_api_is_refused(api, point):
    assert api.get(API).status_code in (401, 403)


@pytest.mark.parametrize("who", ["staff", "nobody", "guard", "outsider"])
@pytest.mark.parametrize("name", [*READ_PAGES, "summary_pdf", "summary_wording"])
def test_without_view_report_is_forbidden(client, personas, point, who, name):
    client.force_login(getattr(personas, who))
    assert client.get(_page(name)).status_code == 403


@pytest.mark.parametrize("who", ["staff", "nobody"])
def test_without_view_report_the_api_is_forbidden(api, personas, who):
    api.force_authenticate(getattr(personas, who))
    assert api.get(API).status_code == 403


@pytest.mark.parametrize("name", [*READ_PAGES, "summary_wording"])
def test_the_other_sites_office_cannot_name_this_site(client, other_office, point, name):
    client.force_login(other_office)
    assert client.get(_page(name), {"site": "main"}).status_code == 404


def test_the_other_sites_office_cannot_name_this_site_in_the_api(api, other_office, point):
    api.force_authenticate(other_office)
    assert api.get(API, {"site": "main"}).status_code == 404


def test_a_leader_cannot_name_an_unknown_site(client, personas, point):
    client.force_login(personas.leader)
    for name in READ_PAGES:
        assert client.get(_page(name), {"site": "nowhere"}).status_code == 404
        assert client.get(_page(name), {"site": "other"}).status_code == 404


def test_a_reader_may_not_change_wording(client, reader, point):
    client.force_login(reader)
    before = _all_state(point.site)
    for url, data in _post_urls(point):
        expected = 200 if "preview" in url else 403  # a preview changes nothing
        assert client.post(url, data).status_code == expected
    assert _all_state(point.site) == before


@pytest.mark.parametrize("action", ["edit", "preview", "move", "toggle"])
def test_a_row_of_the_other_site_is_not_found(client, office, point, other_point, action):
    client.force_login(office)
    before = _all_state(other_point.site)
    index = ["edit", "preview", "move", "toggle"].index(action)
    url, data = _post_urls(other_point)[index]
    assert client.post(url, data).status_code == 404
    assert (
        client.get(reverse("reports:summary_text_edit", args=[other_point.pk])).status_code == 404
    )
    assert _all_state(other_point.site) == before


@pytest.mark.parametrize("who", ["office", "leader"])
def test_the_all_sites_wording_is_refused_to_a_one_site_user(
    client, personas, office, global_point, who
):
    client.force_login(office if who == "office" else personas.leader)
    before = _all_state(None)
    assert (
        client.get(reverse("reports:summary_text_edit", args=[global_point.pk])).status_code == 404
    )
    for url, data in _post_urls(global_point):
        assert client.post(url, data).status_code == 404
    assert _all_state(None) == before


def test_a_one_site_user_without_a_site_edits_their_own_sites_wording(client, office, point):
    client.force_login(office)
    response = client.get(_page("summary_wording"))
    assert response.status_code == 200
    assert response.context["site"] == point.site


# --- bad input ------------------------------------------------------------------------------

REFUSED = (200, 400)  # the form again with its errors (nothing saved, no redirect)

BAD_TEMPLATES = [
    "{",
    "}",
    "[",
    "]",
    "{}",
    "{|数}",
    "{ | }",
    "}{",
    "][",
    "{[}]",
    "[{]}",
    "[[a]]",
    "[a[b]c]",
    "a]b[c",
    "{{security.visitor_registrations}}",
    "{security.visitor_registrations",
    "security.visitor_registrations}",
    "[{security.visitor_registrations}",
    "{security.visitor_registrations|}}",
    "{security.visitor_registrations|数|余}",
    "{security.visitor_registrations|xx}",
    "{年份|数}",
    "{单 位}",
    "{访客}",
    "{security visitor registrations}",
    "{😀}",
    "{security.visitor_registrations\x00}",
]


@pytest.mark.parametrize("template", BAD_TEMPLATES)
def test_a_bad_template_is_refused_on_edit_and_changes_nothing(client, office, point, template):
    client.force_login(office)
    before = _state(point)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    response = client.post(url, {"template": template, "lead": "x", "enabled": "on"})
    assert response.status_code in REFUSED
    assert response.context["form"].errors["template"]
    assert _state(point) == before


@pytest.mark.parametrize("template", BAD_TEMPLATES)
def test_a_bad_template_in_the_preview_is_a_message(client, office, point, template):
    client.force_login(office)
    url = reverse("reports:summary_text_preview", args=[point.pk])
    response = client.post(url, {"template": template})
    assert response.status_code == 200
    assert response.context["preview"].get("errors")


@pytest.mark.parametrize(
    "template",
    [
        "{ security.visitor_registrations | 数 }人次",  # spaces around the name are allowed
        "来访{security.visitor_registrations|数}人次，单位{单位}，年份{年份}",
        "纯文字，没有数据项",
        "全年登记来访{security.visitor_registrations|数}人次𠮷&<>",
    ],
)
def test_a_good_template_is_saved(client, office, point, template):
    client.force_login(office)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    response = client.post(url, {"template": template, "lead": "", "enabled": "on"})
    assert response.status_code == 302
    assert _state(point)[0] == template


def test_the_unknown_name_is_shown(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    response = client.post(url, {"template": "会议{services.meetings}场", "enabled": "on"})
    assert response.status_code in REFUSED
    assert "{services.meetings}" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"template": "x" * 10_000, "lead": "", "enabled": "on"}, "template"),
        ({"template": SENTENCE, "lead": "长" * 101, "enabled": "on"}, "lead"),
        ({"template": "", "lead": "", "enabled": "on"}, "template"),
        ({"template": "   \n  ", "lead": "", "enabled": "on"}, "template"),
        ({"lead": "x", "enabled": "on"}, "template"),
    ],
)
def test_oversized_or_empty_input_is_refused(client, office, point, data, field):
    client.force_login(office)
    before = _state(point)
    response = client.post(reverse("reports:summary_text_edit", args=[point.pk]), data)
    assert response.status_code in REFUSED
    assert response.context["form"].errors[field]
    assert _state(point) == before


def test_nul_bytes_are_refused_with_a_message(client, office, point):
    client.force_login(office)
    before = _state(point)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    data = {"template": "来访\x00{security.visitor_registrations|数}人次", "lead": "a\x00b"}
    response = client.post(url, {**data, "enabled": "on"})
    assert response.status_code in REFUSED
    assert response.context["form"].errors
    assert _state(point) == before


def test_a_preview_without_a_template_is_a_message(client, office, point):
    client.force_login(office)
    response = client.post(reverse("reports:summary_text_preview", args=[point.pk]), {})
    assert response.status_code == 200
    assert response.context["preview"]["errors"]


MARKUP = '<script>alert("x")</script><b>粗</b>'


def test_markup_is_escaped_on_the_page_in_the_preview_and_in_word(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    data = {"template": MARKUP + SENTENCE, "lead": MARKUP, "enabled": "on"}
    assert client.post(url, data).status_code == 302
    preview = client.post(
        reverse("reports:summary_text_preview", args=[point.pk]), {**data, "year": YEAR}
    )
    page = client.get(_page("summary"), {"site": "main", "year": YEAR})
    edit = client.get(url)
    for response in (preview, page, edit):
        html = response.content.decode()
        assert "<script>alert" not in html and "<b>粗</b>" not in html
        assert "&lt;script&gt;" in html
    word = client.get(_page("summary_docx"), {"site": "main", "year": YEAR})
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert MARKUP in text  # the markup is the text itself, not markup of the document


@pytest.mark.parametrize("year", ["0", "-1", "99999", "abc", "２００６", "2006.5", "\x00", "1e3"])
@pytest.mark.parametrize("name", ["summary", "summary_docx"])
def test_a_bad_year_on_the_summary_is_not_found(client, personas, point, name, year):
    client.force_login(personas.leader)
    response = client.get(_page(name), {"site": "main", "year": year})
    assert response.status_code == 404


@pytest.mark.parametrize("year", ["0", "-1", "99999", "abc", "２００６", "\x00"])
@pytest.mark.parametrize("name", ["dashboard", "catalogue"])
def test_a_bad_year_on_the_dashboard_and_catalogue_is_no_500(client, personas, name, year):
    client.force_login(personas.leader)
    assert client.get(_page(name), {"year": year}).status_code == 200


@pytest.mark.parametrize("year", ["0", "-1", "99999", "abc", "\x00"])
def test_a_bad_year_in_the_api_is_a_400(api, personas, year):
    api.force_authenticate(personas.leader)
    assert api.get(API, {"year": year}).status_code == 400


@pytest.mark.parametrize("site", ["\x00", "x" * 500, "主院区", "main'--"])
@pytest.mark.parametrize("name", [*READ_PAGES, "summary_wording"])
def test_a_strange_site_code_is_not_found(client, personas, name, site):
    client.force_login(personas.leader)
    assert client.get(_page(name), {"site": site}).status_code == 404


@pytest.mark.parametrize("year", ["abc", "0", "２００６"])
def test_a_bad_year_on_a_preview_changes_nothing_and_is_no_500(client, office, point, year):
    client.force_login(office)
    before = _state(point)
    url = reverse("reports:summary_text_preview", args=[point.pk])
    response = client.post(url, {"template": SENTENCE, "year": year})
    assert response.status_code in (400, 404)
    assert _state(point) == before


@pytest.mark.parametrize("direction", ["sideways", "", "UP", "up\x00"])
def test_a_bad_direction_is_refused_and_changes_nothing(client, office, point, direction):
    client.force_login(office)
    before = _all_state(point.site)
    url = reverse("reports:summary_text_move", args=[point.pk])
    assert client.post(url, {"direction": direction}).status_code == 400
    assert _all_state(point.site) == before


def test_duplicate_edit_posts_save_once(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    data = {"template": "来访{security.visitor_registrations|数}人", "lead": "甲", "enabled": "on"}
    assert client.post(url, data).status_code == 302
    stamp = SummaryText.objects.get(pk=point.pk).updated_at
    assert client.post(url, data).status_code == 302
    assert SummaryText.objects.get(pk=point.pk).updated_at == stamp


def test_an_unknown_row_is_not_found(client, office, point):
    client.force_login(office)
    for url, data in _post_urls(point):
        missing = url.replace(f"/{point.pk}/", "/999999/")
        assert client.post(missing, data).status_code == 404


def test_get_on_a_post_only_url_is_405(client, office, point):
    client.force_login(office)
    for url, _data in _post_urls(point)[1:]:
        assert client.get(url).status_code == 405


# --- figures --------------------------------------------------------------------------------

METRICS = metric_map()
COUNT = METRICS["services.meeting_services"]
WAN = next(m for m in METRICS.values() if m.kind == "yuan" and m.display == "wan")
YUAN = next(m for m in METRICS.values() if m.kind == "yuan" and m.display != "wan")
RATE = next(m for m in METRICS.values() if m.kind == "rate")


@pytest.mark.parametrize(
    ("current", "previous", "said"),
    [
        (105.2, 100, "比上年增长5.2%"),
        (97, 100, "比上年下降3%"),
        (100, 100, "与上年持平"),
        (100.04, 100, "与上年持平"),
        (1, 3, "比上年下降66.7%"),
        (0, 100, "比上年下降100%"),
        (100, 0, None),
        (100, None, None),
    ],
)
def test_year_on_year(current, previous, said):
    assert change_text(current, previous, COUNT) == said


@pytest.mark.parametrize(
    ("value", "metric", "said"),
    [
        (20000, COUNT, "20000场"),
        (20450, COUNT, "20000余场"),
        (7, COUNT, "7场"),
        (4.7, COUNT, "4余场"),
        (12.5, COUNT, "10余场"),
        (41234, YUAN, "40000多元"),
        (20000000, WAN, "2000万元"),
        (2076000, WAN, "200多万元"),
        (63000, WAN, "6多万元"),
    ],
)
def test_approximate_figures(value, metric, said):
    word = "多" if metric.kind == "yuan" else "余"
    assert approximate_text(value, metric, word) == said


@pytest.mark.parametrize(
    ("value", "metric", "said"),
    [(5000, WAN, "0.5万元"), (0.4, YUAN, "0.4元"), (0.005, RATE, "0.5%")],
)
def test_an_approximate_figure_below_one_is_never_zero_something(value, metric, said):
    # Below one there is no leading digit to round to: the figure as it is, without 余/多.
    assert approximate_text(value, metric, "多") == said


@pytest.mark.parametrize(
    ("value", "said"), [(0.12, "12%"), (0.1234, "12.3%"), (0.0999, "10%"), (1.0, "100%")]
)
def test_rates_have_one_decimal_at_most(value, said):
    figures = Figures(current={RATE.key: value})
    assert figures.value(RATE.key) == said


def _figures(current: dict, previous: dict | None = None) -> Figures:
    texts = {"年份": "2006", "上年": "2005", "单位": "机关", "荣誉": None}
    return Figures(current=current, previous=previous or {}, texts=texts)


def test_a_template_naming_only_yoy_without_last_year_is_left_out():
    template = "{services.meeting_services|同比}"
    assert template_fill(template, _figures({COUNT.key: 712})) is None
    assert template_fill(template, _figures({COUNT.key: 712}, {COUNT.key: 0})) is None
    assert template_fill(template, _figures({COUNT.key: 712}, {COUNT.key: 712})) == "与上年持平"


def test_an_optional_segment_with_one_name_missing_is_dropped():
    template = (
        "会议{services.meeting_services|数}场次[，其中{services.meeting_services|同比}、{荣誉}]。"
    )
    figures = _figures({COUNT.key: 712}, {COUNT.key: 700})
    assert template_fill(template, figures) == "会议712场次。"
    figures.texts["荣誉"] = "文明单位"
    assert template_fill(template, figures) == "会议712场次，其中比上年增长1.7%、文明单位。"


def _summary_text(summary) -> str:
    return "".join(p.text for part in summary.parts for p in part.points)


def test_the_all_sites_count_is_the_sum_of_the_sites(personas, visits):
    from houqin.reports.summary.build import summary_figures

    both = [personas.site.pk, personas.other_site.pk]
    total = summary_figures(year=YEAR, site_ids=both, site=None).current[VISITS]
    main = summary_figures(year=YEAR, site_ids=[personas.site.pk], site=None).current[VISITS]
    other = summary_figures(year=YEAR, site_ids=[personas.other_site.pk], site=None).current
    assert (main, other[VISITS], total) == (3, 2, 5)
    everyone = summary_figures(year=YEAR, site_ids=None, site=None).current[VISITS]
    assert everyone == 5


def test_a_sites_wording_does_not_change_the_other_sites_summary(client, office, point):
    other = point.site.__class__.objects.get(code="other")
    before = summary_build(year=YEAR, site_ids=[other.pk], site=other, charts=False)
    client.force_login(office)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    data = {"template": "只属于主院区{security.visitor_registrations|数}", "enabled": "on"}
    assert client.post(url, data).status_code == 302
    after = summary_build(year=YEAR, site_ids=[other.pk], site=other, charts=False)
    assert before == after and "只属于主院区" not in _summary_text(after)


def _points_of(part: str, site) -> list[SummaryText]:
    return list(summary_texts(site).filter(part=part, kind=SummaryTextKind.POINT))


def test_moving_the_first_up_or_the_last_down_changes_nothing(client, office, point):
    client.force_login(office)
    rows = _points_of(point.part, point.site)
    before = _all_state(point.site)
    move = reverse("reports:summary_text_move", args=[rows[0].pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    move = reverse("reports:summary_text_move", args=[rows[-1].pk])
    assert client.post(move, {"direction": "down"}, HTTP_HX_REQUEST="true").status_code == 200
    assert _all_state(point.site) == before


def test_a_switched_off_point_is_not_numbered(client, office, point):
    second = _points_of(point.part, point.site)[1]
    second.template, second.enabled = "第二点{security.visitor_registrations|数}", True
    second.save(update_fields=["template", "enabled"])
    site = point.site
    summary = summary_build(year=YEAR, site_ids=[site.pk], site=site, charts=False)
    numbers = {p.key: p.number for part in summary.parts for p in part.points}
    assert numbers[point.key] == "一是" and numbers[second.key] == "二是"
    client.force_login(office)
    assert client.post(reverse("reports:summary_text_toggle", args=[point.pk])).status_code == 302
    summary = summary_build(year=YEAR, site_ids=[site.pk], site=site, charts=False)
    numbers = {p.key: p.number for part in summary.parts for p in part.points}
    assert point.key not in numbers and numbers[second.key] == "一是"


def test_the_api_and_the_page_agree_for_a_one_site_user(client, api, office, point):
    client.force_login(office)
    data = {"template": "本院区措辞{security.visitor_registrations|数}", "enabled": "on"}
    assert (
        client.post(reverse("reports:summary_text_edit", args=[point.pk]), data).status_code == 302
    )
    page = client.get(_page("summary"), {"year": YEAR}).content.decode()
    assert "本院区措辞3" in page
    api.force_authenticate(office)
    body = api.get(API, {"year": YEAR}).json()
    assert "本院区措辞3" in str(body)


# --- documents ------------------------------------------------------------------------------


def _document(content: bytes):
    return docx.Document(io.BytesIO(content))


def test_the_word_document_of_a_site_without_data_opens(client, personas):
    client.force_login(make_user("leader2", roles.LEADERSHIP, personas.other_site))
    response = client.get(_page("summary_docx"), {"site": "other", "year": 1995})
    assert response.status_code == 200
    document = _document(response.content)
    assert any(p.text.strip() for p in document.paragraphs)


def test_a_summary_with_no_parts_and_awkward_text_makes_a_word_document():
    title = "关于" + "𠮷&<>" * 14 + "总结"  # 60 characters
    assert len(title) == 60
    summary = Summary(
        year=2006,
        site_code=None,
        organisation="机关&<>𠮷",
        title=title,
        opening="开头𠮷 & <b>不是标记</b>",
        parts=[],
    )
    document = _document(summary_docx(summary))
    text = "\n".join(p.text for p in document.paragraphs)
    assert title in text and "<b>不是标记</b>" in text


def test_a_point_with_characters_outside_the_bmp_makes_a_word_document():
    point = Point(key="k", number="一是", lead="𠮷&<>", text='正文𠮷 <x> & "引号"')
    summary = Summary(
        year=2006,
        site_code="main",
        organisation="机关",
        title="标题",
        opening="",
        parts=[Part("environment", "一、", "标题&<>", "", [point])],
    )
    text = "\n".join(p.text for p in _document(summary_docx(summary)).paragraphs)
    assert '正文𠮷 <x> & "引号"' in text


def test_a_control_character_in_the_content_does_not_break_the_word_document():
    summary = Summary(
        year=2006, site_code="main", organisation="机关\x0b", title="标题\x0b", opening="", parts=[]
    )
    assert _document(summary_docx(summary))


def test_an_honour_title_with_a_control_character_does_not_break_the_download(
    client, personas, point
):
    from datetime import date

    from houqin.team.choices import HonourLevel
    from houqin.team.models import Honour
    from houqin.team.services.records import honour_save

    honour = Honour(
        site=personas.site,
        title="文明\x01单位",
        level=HonourLevel.values[0],
        awarding_body="市委",
        awarded_on=date(YEAR, 5, 1),
    )
    honour_save(honour=honour, by=personas.admin)
    client.force_login(personas.leader)
    client.raise_request_exception = False
    response = client.get(_page("summary_docx"), {"site": "main", "year": YEAR})
    assert response.status_code == 200
