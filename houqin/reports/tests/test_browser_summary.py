"""The summary's wording in a real browser, under the strict Content-Security-Policy: the office
clerk opens the wording, edits a point while the preview follows the typing, saves, and the
summary page prints the new sentence with its charts drawn."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.core.tests.browser import HOST, browsing
from houqin.reports.choices import SummaryTextKind
from houqin.reports.queries import summary_texts
from houqin.reports.services import summary_texts_ensure
from houqin.security.tests.helpers import check_in, shanghai

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year - 1


@pytest.fixture
def browse(live_server, request):
    yield from browsing(HOST, live_server, request)


@pytest.fixture
def office(personas):
    return make_user("office", roles.OFFICE, personas.site)


@pytest.fixture
def point(personas):
    for seq in range(3):
        check_in(personas.site, personas.guard, at=shanghai(YEAR, 5, 1 + seq, 9), seq=300 + seq)
    summary_texts_ensure(site=personas.site)
    return summary_texts(personas.site).filter(kind=SummaryTextKind.POINT).first()


def test_office_edits_a_point_with_a_live_preview(browse, office, point):
    page = browse.page("desktop", user=office)
    page.goto("/reports/summary/wording/?site=main")
    row = page.locator(f"[data-text='{point.key}']")
    with page.expect_navigation():
        row.get_by_test_id("edit").click()
    preview = page.get_by_test_id("preview")

    page.fill("#id_template", "全年登记来访{security.visitor_registrations|数}人次")
    expect(preview).to_contain_text("全年登记来访3人次")
    page.fill("#id_template", "全年接待来访{security.visitor_registrations|数}人次，运转良好")
    expect(preview).to_contain_text("全年接待来访3人次，运转良好")
    page.fill("#id_template", "会议{services.meetings}")
    expect(page.get_by_test_id("preview-error")).to_contain_text("{services.meetings}")
    page.fill("#id_template", "全年接待来访{security.visitor_registrations|数}人次，运转良好")
    expect(preview).to_contain_text("运转良好")

    with page.expect_navigation():
        page.get_by_test_id("save").click()
    assert "/reports/summary/wording/" in page.url
    expect(page.locator(".alert-success")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("to-summary").click()
    expect(page.get_by_test_id("summary")).to_contain_text("全年接待来访3人次，运转良好")
    expect(page.locator("[data-summary-chart] canvas").first).to_be_visible()
    browse.assert_clean()


def test_summary_page_on_a_phone_switches_a_point_off(browse, office, point):
    page = browse.page("phone", user=office)
    page.goto("/reports/summary/wording/?site=main")
    part = page.locator(f"#part-{point.part}")
    with page.expect_response(f"**/summary/wording/{point.pk}/toggle/"):
        part.locator(f"[data-text='{point.key}']").get_by_test_id("toggle").tap()
    expect(page.locator(f"[data-text='{point.key}']")).to_have_attribute("data-enabled", "0")
    expect(part.get_by_test_id("toggle").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    point.refresh_from_db()
    assert not point.enabled
    page.goto("/reports/summary/?site=main")
    expect(page.get_by_test_id("summary-title")).to_be_visible()
    browse.assert_clean()
