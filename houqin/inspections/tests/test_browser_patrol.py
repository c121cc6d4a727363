"""A guard's patrol on a phone, in a real browser under the strict Content-Security-Policy:
opening a checkpoint's QR link records the scan; a tampered or another site's link is refused;
a scan taken offline on the "my round" page is queued and sent, with the time it was taken,
when the phone reconnects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from houqin.core.services import scan_link_sign
from houqin.inspections.models import ItemResult, Scan
from houqin.inspections.tests.helpers import checkpoints, open_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link(cp) -> str:
    return f"/s/{scan_link_sign(cp.scan_link)}/"


def test_guard_records_a_checkpoint_by_opening_its_link(browse, personas, route):
    rnd = open_round(route)
    cp = checkpoints(route)[0]
    page = browse.page("phone", user=personas.guard)
    page.goto(_link(cp))
    expect(page.get_by_test_id("checkpoint-name")).to_have_text(cp.name)
    before = timezone.now()
    with page.expect_navigation():
        page.get_by_test_id("record-scan").tap()
    expect(page.get_by_test_id("scan-done")).to_be_visible()
    expect(page.get_by_test_id("round-progress")).to_have_text("1/3")
    scan = Scan.objects.get()
    assert scan.round == rnd and scan.checkpoint == cp
    assert scan.scanned_by == personas.guard
    assert before <= scan.scanned_at <= timezone.now()
    browse.assert_clean()


def test_tampered_and_foreign_site_links_are_refused(browse, personas, route):
    open_round(route)
    link = _link(checkpoints(route)[0])
    tampered = link[:-4] + ("x" if link[-4] != "x" else "y") + link[-3:]
    guard = browse.page("phone", user=personas.guard)
    browse.expect_status(400)
    response = guard.goto(tampered)
    assert response.status == 400
    expect(guard.get_by_test_id("scan-error")).to_be_visible()

    outsider = browse.page("phone", user=personas.outsider)
    browse.expect_status(403)
    response = outsider.goto(link)
    assert response.status == 403
    expect(outsider.get_by_test_id("scan-error")).to_be_visible()
    assert not Scan.objects.exists()
    browse.assert_clean()


def test_a_scan_taken_offline_is_sent_with_its_time_on_reconnecting(browse, personas, route):
    open_round(route)
    second = checkpoints(route)[1]
    page = browse.page("phone", user=personas.guard)
    page.goto("/inspections/rounds/mine/")
    expect(page.locator("[data-stop]")).to_have_count(3)

    page.get_by_test_id("scan-button").tap()  # the camera is unavailable: a message, no error
    page.context.set_offline(True)
    taken = timezone.now()
    page.evaluate("code => window.HouqinRounds.scanned(code)", second.code)
    expect(page.get_by_test_id("queue-count")).to_have_text("1")
    expect(page.get_by_test_id("queue-box")).to_be_visible()
    page.wait_for_timeout(1500)
    assert not Scan.objects.exists()

    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-box")).to_be_hidden()
    expect(page.get_by_test_id("queue-count")).to_have_text("0")
    scan = Scan.objects.get()
    assert scan.checkpoint == second and scan.queued
    assert abs(scan.scanned_at - taken) < timedelta(seconds=1)
    assert scan.received_at - scan.scanned_at >= timedelta(seconds=1)
    stop = page.locator(f'[data-stop="{second.pk}"] [data-testid=stop-state]')
    expect(stop).not_to_be_empty()
    expect(page.get_by_test_id("round-progress")).to_have_text("1/3")
    browse.assert_clean()


def _light_item(route):
    return route.items.filter(checkpoint__isnull=True).order_by("position")[1]


def test_guard_marks_a_check_item_failed_and_the_round_shows_it(browse, personas, route):
    rnd = open_round(route)
    light = _light_item(route)
    page = browse.page("phone", user=personas.guard)
    page.goto("/inspections/rounds/mine/")
    page.locator("#scan-code").fill("cp1")
    page.locator("#scan-form button[type=submit]").tap()
    panel = page.get_by_test_id("check-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("check-item")).to_have_count(2)
    row = panel.locator(f'[data-item="{light.pk}"]')
    row.get_by_test_id("item-fail").tap()
    row.get_by_test_id("item-note").fill("通道有杂物")
    panel.get_by_test_id("save-results").tap()
    expect(page.get_by_test_id("scan-message")).to_contain_text("检查结果已保存")  # the Chinese UI
    results = {r.item_id: (r.passed, r.note) for r in ItemResult.objects.all()}
    assert results[light.pk] == (False, "通道有杂物") and len(results) == 2

    page.goto(rnd.get_absolute_url())
    failed = page.locator('[data-testid=item-result][data-passed="false"]')
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("通道有杂物")
    expect(page.get_by_test_id("round-score")).to_have_text("66.7")
    browse.assert_clean()


def test_results_of_a_scan_taken_offline_are_sent_with_it(browse, personas, route):
    open_round(route)
    second = checkpoints(route)[1]
    light = _light_item(route)
    page = browse.page("phone", user=personas.guard)
    page.goto("/inspections/rounds/mine/")
    expect(page.locator("[data-stop]")).to_have_count(3)
    page.context.set_offline(True)
    page.evaluate("link => window.HouqinRounds.scanned(link)", _link(second))
    panel = page.get_by_test_id("check-panel")
    expect(panel).to_be_visible()
    row = panel.locator(f'[data-item="{light.pk}"]')
    row.get_by_test_id("item-fail").tap()
    row.get_by_test_id("item-note").fill("灯不亮")
    panel.get_by_test_id("save-results").tap()
    expect(page.get_by_test_id("queue-count")).to_have_text("1")
    assert not Scan.objects.exists()

    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-box")).to_be_hidden()
    scan = Scan.objects.get()
    assert scan.checkpoint == second and scan.queued
    assert {(r.item_id, r.passed, r.note) for r in scan.results.filter(passed=False)} == {
        (light.pk, False, "灯不亮")
    }
    assert scan.results.count() == 2
    browse.assert_clean()
