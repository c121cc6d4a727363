"""The duty flows in a real browser, under the strict Content-Security-Policy: the duty manager
generates next month's roster, sees the calendar, edits a cell, publishes and downloads a
person's calendar feed; a guard opens "my shifts" on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from houqin.security.choices import PostKind, RosterStatus
from houqin.security.models import Assignment, Roster
from houqin.security.queries.duty_pages import next_month
from houqin.security.services import duty as services
from houqin.security.tests.duty_fixtures import duty_setup, make_people, make_post, make_shifts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _compound(personas):
    """The size the duty manager works at: three shifts, six posts (the fire-control room and the
    patrol team two people a shift) and sixty people."""
    site = personas.site
    make_shifts(site)
    people = make_people(site, 60)
    make_post(site, people, name="大门岗", kind=PostKind.GATE)
    make_post(site, people, name="东门岗", kind=PostKind.GATE)
    make_post(site, people, name="消防控制室", kind=PostKind.FIRE_CONTROL, per_shift=2)
    make_post(site, people, name="巡逻队", kind=PostKind.PATROL, per_shift=2)
    make_post(site, people, name="值班室", kind=PostKind.DUTY_OFFICE)
    make_post(site, people, name="监控室", kind=PostKind.CCTV)
    return people


def test_duty_manager_generates_edits_publishes_and_downloads_a_feed(browse, personas):
    _compound(personas)
    page = browse.page("desktop", user=personas.secadmin)
    page.goto("/security/duty/rosters/")
    page.get_by_test_id("roster-generate").click()
    page.wait_for_url("**/duty/rosters/generate/")
    assert page.locator("#id_month").input_value() == next_month().strftime("%Y-%m")
    with page.expect_navigation(timeout=90_000):
        page.get_by_test_id("roster-generate-submit").click(no_wait_after=True)

    roster = Roster.objects.get()
    assert page.url.endswith(roster.get_absolute_url())
    assert "值班表已生成" in page.locator(".alert-success").inner_text()  # the Chinese UI
    grid = page.get_by_test_id("roster-grid")
    assert grid.locator(".roster-day[data-day]").count() == len(
        {a.date for a in roster.assignments.all()}
    )

    cell = Assignment.objects.filter(roster=roster).order_by("date", "shift__position").first()
    near = Assignment.objects.filter(
        roster=roster, date__range=(cell.date - timedelta(days=1), cell.date + timedelta(days=1))
    )
    free = next(  # someone with no shift the day before, that day or the day after
        p for p in cell.post.qualified.order_by("name") if not near.filter(person=p).exists()
    )
    with page.expect_navigation():
        grid.locator(f"[data-assignment='{cell.pk}'] a").click()
    page.select_option("#id_person", str(free.pk))
    with page.expect_navigation():
        page.locator("[data-testid=cell-edit-form] button[type=submit]").click()
    cell.refresh_from_db()
    assert cell.person == free
    assert free.name in grid.locator(f"[data-assignment='{cell.pk}']").inner_text()

    with page.expect_navigation():
        page.get_by_test_id("roster-publish").click()
    roster.refresh_from_db()
    assert roster.status == RosterStatus.PUBLISHED, page.locator(".alert").all_inner_texts()

    page.get_by_test_id("roster-feeds").locator("summary").click()
    href = page.locator(f"[data-testid=feed-link][data-person='{free.pk}']").get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    mine = Assignment.objects.filter(roster=roster, person=free)
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"assignment-{a.pk}@houqin" for a in mine
    )
    assert {e.decoded("dtstart") for e in events} == {a.starts_at for a in mine}
    browse.assert_clean()


def test_guard_opens_my_shifts_on_a_phone(browse, personas):
    d = duty_setup(personas, status=RosterStatus.PUBLISHED)
    services.assignment_change(assignment=d["cells"][0], person=d["guard"], by=personas.secadmin)
    make_people(personas.site, 1)
    page = browse.page("phone", user=personas.guard)
    page.goto("/security/duty/my-shifts/")
    shifts = page.get_by_test_id("my-shifts")
    assert shifts.locator("[data-shift]").count() == 1
    assert d["post"].name in shifts.inner_text()
    assert page.get_by_test_id("ics-link").is_visible()
    browse.assert_clean()
