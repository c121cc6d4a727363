"""The shift entry on a phone, in a real browser under the strict Content-Security-Policy: a
technician logs a shift of the plant room's three units, marks one abnormal with a work order,
and the dispatcher finds that work order in the list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from houqin.core.tests.browser import browse, chromium  # noqa: F401  (browser fixtures)
from houqin.facilities.models import RunLog, WorkOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _card(page, unit):
    return page.locator(f"[data-testid=unit-card][data-unit='{unit.code}']")


def _fill(card, readings: dict) -> None:
    for code, value in readings.items():
        card.locator(f"[data-reading='{code}']").fill(value)


def test_a_technician_logs_a_shift_on_a_phone_and_the_dispatcher_sees_the_work_order(
    browse,  # noqa: F811
    plant,
    tech,
    fm,
):
    page = browse.page("phone", user=tech)
    page.goto("/facilities/runlogs/shift/")
    expect(page.locator("[data-testid=unit-card]")).to_have_count(3)

    chiller, pump, switchgear = (
        _card(page, u) for u in (plant.chiller, plant.pump, plant.switchgear)
    )
    _fill(chiller, {"supply_temp": "7", "return_temp": "12", "hours": "1500"})
    _fill(pump, {"supply_temp": "6.5", "return_temp": "17"})
    _fill(switchgear, {"voltage": "398", "load": "120"})
    expect(pump.locator("[data-abnormal-only]")).to_be_hidden()  # shown only when abnormal
    pump.locator(f"label[for=id_u{plant.pump.pk}_status_abnormal]").tap()
    expect(pump.locator("[data-abnormal-only]")).to_be_visible()
    pump.locator(f"#id_u{plant.pump.pk}_anomaly").fill("回水温度过高,水泵异响")
    pump.locator(f"#id_u{plant.pump.pk}_work_order").check()

    with page.expect_navigation() as navigation:
        page.get_by_test_id("save-shift").tap()
    assert navigation.value.ok
    summary = page.get_by_test_id("shift-summary")
    logs = list(RunLog.objects.order_by("number"))
    assert len(logs) == 3
    for log in logs:
        expect(summary).to_contain_text(log.number)
    order = WorkOrder.objects.get()
    assert order.equipment == plant.pump and order.source == "run_log"
    expect(page.get_by_test_id("work-order-number")).to_have_text(order.number)

    dispatcher = browse.page("desktop", user=fm)
    dispatcher.goto("/facilities/workorders/")
    expect(dispatcher.locator("main")).to_contain_text(order.number)
