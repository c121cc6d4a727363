"""Zone inspection in a real browser under the strict Content-Security-Policy: a supervisor on a
phone fails one item with a photo; the rectification is listed with its deadline and the
cleaner responsible sees it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from houqin.core.tests.browser import browse, chromium  # noqa: F401  (browser fixtures)
from houqin.environment.models import ZoneRectification
from houqin.environment.tests.helpers_cleaning import *  # noqa: F403  (fixtures)
from houqin.environment.tests.helpers_cleaning import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_fails_an_item_on_a_phone(browse, personas, zone_setup, sup, cleaner):  # noqa: F811
    zone, items = zone_setup.zone, zone_setup.items
    page = browse.page("phone", user=sup)
    page.goto(f"/environment/zones/{zone.pk}/inspect/")
    expect(page.get_by_test_id("item-row")).to_have_count(3)
    page.get_by_test_id(f"pass-{items[0].pk}").click()
    page.get_by_test_id(f"fail-{items[1].pk}").click()
    page.get_by_test_id(f"pass-{items[2].pk}").click()
    row = page.locator(f"[data-item='{items[1].pk}']")
    row.locator("input[type=text]").fill("垃圾桶满溢")
    page.set_input_files(
        f"#photo-{items[1].pk}",
        files=[{"name": "bin.png", "mimeType": "image/png", "buffer": png_bytes()}],
    )
    with page.expect_navigation():
        page.locator("[data-testid=inspect-form] button[type=submit]").click()
    rect = ZoneRectification.objects.get()
    deadline = (timezone.localdate() + timedelta(days=2)).isoformat()
    assert rect.item_text == "垃圾桶清理" and rect.photo_id is not None
    listed = page.get_by_test_id("rectification-row")
    expect(listed).to_contain_text("垃圾桶清理")
    expect(listed.get_by_test_id("deadline")).to_contain_text(deadline)
    browse.assert_clean()

    phone = browse.page("phone", user=cleaner)
    phone.goto("/environment/zones/rectifications/?mine=true")
    expect(phone.locator("table")).to_contain_text("垃圾桶清理")
    expect(phone.locator("table")).to_contain_text(deadline)
    phone.get_by_role("link", name="垃圾桶清理").click()
    expect(phone.get_by_test_id("report-form")).to_be_visible()
    browse.assert_clean()
