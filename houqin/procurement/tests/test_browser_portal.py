"""The public portal in a real browser, under the strict Content-Security-Policy: someone
without an account finds a result notice by a word of its title and reads the winner and
price."""

from __future__ import annotations

import pytest

from houqin.core.tests.browser import HOST, browsing
from houqin.procurement.tests.helpers_portal import (
    TITLE,
    portal_fixture,  # noqa: F401  (``portal``)
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(name="browse")
def browse_fixture(live_server, request):
    yield from browsing(HOST, live_server, request)


@pytest.mark.parametrize("device", ["phone"])
def test_anonymous_visitor_finds_a_result_notice_by_search(browse, portal, device):
    portal.up_to_opening()
    portal.award_and_contract()
    page = browse.page(device)
    page.goto("/public/main/procurement/")
    assert "区政府采购中心" in page.get_by_test_id("portal-brand").inner_text()

    page.get_by_test_id("portal-search").locator("input[name=q]").fill("抢险")
    with page.expect_navigation():
        page.get_by_test_id("portal-search").locator("button[type=submit]").click()
    assert "/public/main/procurement/notices/" in page.url
    results = page.get_by_test_id("notice-results")
    result_link = results.get_by_role("link", name=f"{TITLE}中标(成交)结果公告")
    assert result_link.count() == 1

    with page.expect_navigation():
        result_link.click()
    body = page.get_by_test_id("notice-body").inner_text()
    assert "福建甲科技有限公司" in body
    assert "90,000.00元" in body
    assert "/accounts/login/" not in page.url
    browse.assert_clean()
