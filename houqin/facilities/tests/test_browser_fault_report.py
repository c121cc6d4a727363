"""In a real browser under the strict Content-Security-Policy: someone without an account scans
a room's label on a phone, reports a fault and sees its number; the dispatcher then finds it in
the ledger and in their notifications."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory

from houqin.core.scan import scan_link_url
from houqin.core.services import scan_link_create
from houqin.core.tests import browser as kit
from houqin.facilities.models import WorkOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

chromium = kit.chromium


@pytest.fixture
def browse(chromium, live_server, request):
    yield from kit.browsing(chromium, live_server, request)


def _label_path(live_server, target) -> str:
    link = scan_link_create(target=target, purpose="fault")
    request = RequestFactory().get("/", HTTP_HOST=urlsplit(live_server.url).netloc)
    return urlsplit(scan_link_url(request, link)).path


def test_anonymous_report_from_a_room_label_reaches_the_dispatcher(
    browse, live_server, personas, plant, fm
):
    page = browse.page("phone")
    page.goto(_label_path(live_server, plant.room))
    assert plant.room.name in page.get_by_test_id("fault-target").inner_text()
    page.fill("#id_description", "制冷机房地面积水")
    page.fill("#id_name", "王师傅")
    page.fill("#id_phone", "13812345678")
    with page.expect_navigation():
        page.locator("[data-testid=fault-form] button[type=submit]").tap()

    order = WorkOrder.objects.get()
    assert page.get_by_test_id("order-number").inner_text() == order.number
    assert (order.source, order.location, order.reporter_name) == ("public", plant.room, "王师傅")
    page.get_by_test_id("track-link").tap()
    page.wait_for_selector("[data-testid=fault-track]")
    assert order.number in page.locator("h1").inner_text()

    desk = browse.page("desktop", user=fm)
    desk.goto("/facilities/workorders/")
    assert desk.locator("#list-table").get_by_text(order.number).count() == 1
    assert desk.get_by_test_id("unread").inner_text() == "1"
    desk.goto("/notifications/")
    assert order.number in desk.locator("main").inner_text()
    browse.assert_clean()
