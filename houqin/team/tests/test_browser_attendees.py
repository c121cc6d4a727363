"""The training attendee picker in a real browser on a phone, under the strict
Content-Security-Policy: the search box filters the people, the "whole department" box ticks
only that department's shown people, and the choice is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from houqin.core.tests import browser
from houqin.team.models import Attendance
from houqin.team.tests.helpers_team import *  # noqa: F403  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def chromium():
    yield browser.HOST
    browser.HOST.stop()


@pytest.fixture
def browse(chromium, live_server, request):
    yield from browser.browsing(chromium, live_server, request)


def test_search_and_whole_department_on_a_phone(browse, office, session, people):
    page = browse.page("phone", user=office)
    page.goto(reverse("team:training_attendees", kwargs={"pk": session.pk}))
    page.get_by_test_id("attendee-search").fill("王")
    assert page.locator("[data-person='王五']").is_visible()
    assert not page.locator("[data-person='张三']").is_visible()
    page.get_by_test_id("attendee-search").fill("")
    finance = page.locator("[data-group='财务科']")
    first = page.locator(f"[data-group='{people[0].department.name}']")
    first.locator("[data-select-group]").check()
    assert (
        first.locator("input[name=people]:checked").count()
        == first.locator("input[name=people]").count()
    )
    assert finance.locator("input[name=people]:checked").count() == 0
    assert page.locator("[data-chosen-count]").inner_text() == str(
        first.locator("input[name=people]").count()
    )
    with page.expect_navigation():
        page.locator("[data-attendees-form] button[type=submit]").click()
    saved = set(Attendance.objects.filter(session=session).values_list("person__name", flat=True))
    assert {"张三", "李四"} <= saved and "王五" not in saved
    browse.assert_clean()
