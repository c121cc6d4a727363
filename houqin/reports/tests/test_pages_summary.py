"""The summary page and the wording editor: who may open and change what, at which site; an
edited, switched-off or moved point changes the summary page; a bad template is refused with the
unknown name shown; the pages' query counts do not grow with the number of points."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from houqin.core.testing import make_user
from houqin.reports.choices import SummaryTextKind
from houqin.reports.models import SummaryText
from houqin.reports.queries import summary_texts
from houqin.reports.services import summary_texts_ensure
from houqin.reports.tests.helpers_summary import *  # noqa: F403  (fixtures)
from houqin.security.tests.helpers import check_in, shanghai

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1  # the summary page's default year
SENTENCE = "全年登记来访{security.visitor_registrations|数}人次"
FILLED = "全年登记来访3人次"


@pytest.fixture
def visits(personas):
    for seq in range(3):
        check_in(personas.site, personas.guard, at=shanghai(YEAR, 3, 1 + seq, 10), seq=200 + seq)


@pytest.fixture
def point(personas, visits) -> SummaryText:
    """The first point of the main site's wording, worded to name the visits."""
    summary_texts_ensure(site=personas.site)
    text = summary_texts(personas.site).filter(kind=SummaryTextKind.POINT).first()
    text.template, text.enabled = SENTENCE, True
    text.save(update_fields=["template", "enabled"])
    return text


def _urls(text: SummaryText) -> dict[str, str]:
    return {
        "summary": reverse("reports:summary") + "?site=main",
        "wording": reverse("reports:summary_wording") + "?site=main",
        "edit": reverse("reports:summary_text_edit", args=[text.pk]),
    }


def _posts(text: SummaryText) -> list[tuple[str, dict]]:
    return [
        (reverse("reports:summary_text_toggle", args=[text.pk]), {}),
        (reverse("reports:summary_text_move", args=[text.pk]), {"direction": "down"}),
        (
            reverse("reports:summary_text_edit", args=[text.pk]),
            {"template": "改了", "lead": "改了", "enabled": "on"},
        ),
    ]


def _summary(client, **params) -> str:
    query = {"site": "main", "year": YEAR, **params}
    response = client.get(reverse("reports:summary"), query)
    assert response.status_code == 200
    return response.content.decode()


def _unchanged(text: SummaryText) -> None:
    before = (text.template, text.lead, text.enabled, text.position)
    text.refresh_from_db()
    assert (text.template, text.lead, text.enabled, text.position) == before


# --- who may open what ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader", "office"])
@pytest.mark.parametrize("page", ["summary", "wording", "edit"])
def test_leader_and_office_open_every_page(client, personas, office, point, who, page):
    client.force_login(office if who == "office" else personas.leader)
    response = client.get(_urls(point)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["summary", "wording", "edit"])
def test_staff_and_a_guard_of_the_other_site_are_refused(client, personas, point, page):
    for user in (personas.staff, personas.outsider):
        client.force_login(user)
        assert client.get(_urls(point)[page]).status_code == 403


@pytest.mark.parametrize("page", ["summary", "wording", "edit"])
def test_the_other_sites_office_cannot_reach_this_site(client, other_office, point, page):
    client.force_login(other_office)
    assert client.get(_urls(point)[page]).status_code == 404


def test_posts_from_the_other_site_are_not_found_and_change_nothing(client, other_office, point):
    client.force_login(other_office)
    for url, data in _posts(point):
        assert client.post(url, data).status_code == 404
    _unchanged(point)


@pytest.mark.parametrize("who", ["reader", "staff"])
def test_posts_without_the_right_to_change_are_refused(client, personas, reader, point, who):
    client.force_login(reader if who == "reader" else personas.staff)
    for url, data in _posts(point):
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403
        assert client.post(url, data).status_code == 403
    _unchanged(point)


def test_a_reader_sees_the_wording_without_controls(client, reader, point):
    client.force_login(reader)
    page = client.get(_urls(point)["wording"]).content.decode()
    assert SENTENCE[:8] in page
    assert reverse("reports:summary_text_toggle", args=[point.pk]) not in page
    summary = _summary(client)
    assert reverse("reports:summary_wording") not in summary.split("<main")[1]


def test_the_installation_wording_needs_the_right_everywhere(client, personas, point):
    installation = SummaryText.objects.create(
        site=None, key="x-test", part=point.part, kind=point.kind, template="全局措辞"
    )
    client.force_login(personas.leader)  # wording rights at one of two sites
    response = client.get(reverse("reports:summary_wording"))
    assert response.status_code == 200
    assert response.context["site"] == personas.site  # the leader's one site, not all sites
    url = reverse("reports:summary_text_edit", args=[installation.pk])
    assert client.get(url).status_code == 404
    boss = make_user("boss", None, None)
    boss.is_superuser = True
    boss.save(update_fields=["is_superuser"])
    client.force_login(boss)
    response = client.get(reverse("reports:summary_wording"))
    assert response.status_code == 200
    assert response.context["site"] is None
    assert "全局措辞" in response.content.decode()
    assert client.get(url).status_code == 200


def test_a_wrong_year_or_site_is_not_found(client, personas, point):
    client.force_login(personas.leader)
    assert client.get(reverse("reports:summary"), {"year": "abc"}).status_code == 404
    assert client.get(reverse("reports:summary"), {"site": "nowhere"}).status_code == 404
    assert client.get(reverse("reports:summary_wording"), {"site": "other"}).status_code == 404
    missing = reverse("reports:summary_text_edit", args=[point.pk + 10_000])
    assert client.get(missing).status_code == 404


def test_move_with_a_bad_direction_is_refused(client, personas, point):
    client.force_login(personas.leader)
    url = reverse("reports:summary_text_move", args=[point.pk])
    assert client.post(url, {"direction": "sideways"}).status_code == 400
    assert client.get(url).status_code == 405
    _unchanged(point)


# --- what the pages do ----------------------------------------------------------------------


def test_the_summary_page_shows_the_document(client, personas, point):
    client.force_login(personas.leader)
    page = _summary(client)
    assert FILLED in page
    assert 'id="summary-charts-data"' in page
    assert reverse("reports:summary_docx") + f"?site=main&amp;year={YEAR}" in page
    assert reverse("reports:summary_wording") + f"?site=main&amp;year={YEAR}" in page


def test_the_default_year_is_last_year(client, personas, point):
    client.force_login(personas.leader)
    response = client.get(reverse("reports:summary"), {"site": "main"})
    assert response.context["year"] == YEAR
    assert FILLED in response.content.decode()


def test_editing_a_template_changes_the_summary(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    template = "接待来访{security.visitor_registrations}"
    data = {"lead": point.lead, "template": template, "enabled": "on"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("reports:summary_wording") + "?site=main"
    point.refresh_from_db()
    assert point.template == template
    assert point.updated_by == office
    page = _summary(client)
    assert "接待来访3人次" in page
    assert FILLED not in page


def test_a_bad_template_is_refused_with_the_name_shown(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    data = {"lead": "新的", "template": "会议服务{services.meetings|数}场次", "enabled": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "{services.meetings}" in page
    assert 'data-field-error="template"' in page
    assert "会议服务{services.meetings|数}场次" in page  # what was typed stays in the form
    _unchanged(point)
    assert FILLED in _summary(client)


def test_the_preview_shows_the_filled_sentence(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_preview", args=[point.pk])
    data = {"lead": point.lead, "template": SENTENCE, "enabled": "on", "year": YEAR}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert FILLED in response.content.decode()
    _unchanged(point)


def test_the_preview_names_a_missing_figure_and_an_unknown_one(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_preview", args=[point.pk])
    empty = {"template": "会议服务{services.meeting_services|数}场次", "year": YEAR}
    page = client.post(url, {**empty, "lead": "x"}).content.decode()
    assert 'data-testid="preview-left-out"' in page
    assert "{services.meeting_services|数}" in page
    unknown = {"template": "会议{services.meetings}", "year": YEAR, "lead": "x"}
    page = client.post(url, unknown).content.decode()
    assert 'data-testid="preview-error"' in page
    assert "{services.meetings}" in page
    _unchanged(point)


def test_the_edit_page_lists_the_figures_with_this_years_values(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_edit", args=[point.pk])
    response = client.get(url, {"year": YEAR})
    rows = {row["key"]: row for row in response.context["figures"]}
    assert rows["security.visitor_registrations"]["value"] == "3人次"
    assert rows["security.visitor_registrations"]["label"] != "visitor registrations"
    assert 'data-insert="{security.visitor_registrations}"' in response.content.decode()


def test_toggle_switches_a_point_off_and_on(client, office, point):
    client.force_login(office)
    url = reverse("reports:summary_text_toggle", args=[point.pk])
    response = client.post(url, {"year": YEAR}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="part-{point.part}"' in response.content.decode()
    point.refresh_from_db()
    assert not point.enabled
    assert FILLED not in _summary(client)
    response = client.post(url)  # without htmx: back to the list
    assert response.status_code == 302
    assert FILLED in _summary(client)


def test_move_changes_the_order_on_the_summary_page(client, office, point):
    second = (
        summary_texts(point.site)
        .filter(part=point.part, kind=SummaryTextKind.POINT)
        .exclude(pk=point.pk)
        .first()
    )
    second.template, second.enabled = "全年开展巡逻工作", True
    second.save(update_fields=["template", "enabled"])
    client.force_login(office)
    page = _summary(client)
    assert page.index(FILLED) < page.index("全年开展巡逻工作")
    url = reverse("reports:summary_text_move", args=[point.pk])
    response = client.post(url, {"direction": "down"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = _summary(client)
    assert page.index("全年开展巡逻工作") < page.index(FILLED)


def _copies(point: SummaryText, count: int) -> None:
    """More included points in the same part."""
    SummaryText.objects.bulk_create(
        SummaryText(
            site=point.site,
            key=f"extra-{i}",
            part=point.part,
            kind=SummaryTextKind.POINT,
            position=100 + i,
            lead=f"加{i}",
            template=SENTENCE,
        )
        for i in range(count)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["summary", "wording"])
def test_query_counts_do_not_grow_with_the_points(client, office, point, page):
    client.force_login(office)
    url = _urls(point)[page]
    _queries(client, url)  # the first visit may create the defaults
    before = _queries(client, url)
    _copies(point, 12)
    assert _queries(client, url) == before
    assert before <= (12 if page == "wording" else 150)


def test_the_document_stays_chinese_in_an_english_interface(client, personas, point, settings):
    client.force_login(personas.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _summary(client)
    assert "Download Word" in page
    assert FILLED in page
    assert "一、" in page
    assert f"（{YEAR}年）" in page
