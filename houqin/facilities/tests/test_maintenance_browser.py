"""Maintenance in a real browser under the strict Content-Security-Policy: the plan form's
preview of the next due dates (htmx), and a technician recording a task done on a phone."""

from datetime import date

import pytest
from playwright.sync_api import expect

from houqin.core.tests.browser import browse, chromium  # noqa: F401  (browser fixtures)
from houqin.facilities.services import maintenance as svc
from houqin.facilities.tests.test_maintenance_services import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_form_previews_the_next_due_dates(browse, fm, plant):  # noqa: F811
    page = browse.page("desktop", user=fm)
    page.goto("/facilities/maintenance/plans/add/")
    page.select_option("#id_standard", "tsg_t5002_half_month")
    with page.expect_response("**/maintenance/plans/preview/**"):
        page.fill("#id_start_on", "2026-01-01")
        page.locator("#id_start_on").dispatch_event("change")
    expect(page.get_by_test_id("preview-dates").locator("li")).to_have_count(6)
    browse.assert_clean()


def test_technician_records_a_task_on_a_phone(browse, tech, plant):  # noqa: F811
    plan = make_plan(plant.chiller, start_on=date(2026, 3, 10), end_on=date(2026, 3, 31))
    svc.tasks_generate(today=date(2026, 3, 1))
    task = plan.tasks.get()
    page = browse.page("phone", user=tech)
    page.goto(task.get_absolute_url())
    page.get_by_test_id("complete-link").tap()
    checks = page.get_by_test_id("check")
    checks.nth(0).locator("input[value=pass]").check()
    checks.nth(1).locator("input[value=fail]").check()
    checks.nth(1).locator("input[type=text]").fill("导轨磨损")
    with page.expect_navigation():
        page.locator("form button[type=submit]").tap()
    task.refresh_from_db()
    assert task.status == "done" and task.done_by == tech
    browse.assert_clean()
