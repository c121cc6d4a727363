"""The meeting service in a real browser under the strict Content-Security-Policy: a member of
staff books a weekly meeting (four occurrences, the first today) with tea and name cards; a
booking clashing with one occurrence is refused naming that meeting; the service staff mark
both items done on the day's task list on a phone; the organiser rates the served meeting from
the notification."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from houqin.core.tests.browser import browse, chromium  # noqa: F401  (browser fixtures)
from houqin.meetings.models import Booking
from houqin.meetings.tests.conftest import make_room

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "后勤周例会"


@pytest.fixture
def day_room(personas):
    """A room bookable at any hour, so the first meeting can be today, later than now."""
    return make_room(personas.site, "302", "第二会议室", opens_at=time(0), closes_at=time(23, 59))


def _slot() -> tuple[datetime, datetime]:
    """A half hour starting 5–10 minutes from now, today (local time)."""
    now = timezone.localtime()
    start = (now + timedelta(minutes=10 - now.minute % 5)).replace(second=0, microsecond=0)
    end = start + timedelta(minutes=30)
    if end.date() != now.date() or end.time() > time(23, 59):
        pytest.skip("too close to midnight to book a meeting for later today")
    return start, end


def _fill_booking(page, room, title, start, end, *, until=None, items=()):
    page.goto("/meetings/bookings/add/")
    page.locator("#id_room").select_option(str(room.pk))
    page.locator("#id_title").fill(title)
    page.locator("#id_date").fill(f"{start:%Y-%m-%d}")
    page.locator("#id_start").fill(f"{start:%H:%M}")
    page.locator("#id_end").fill(f"{end:%H:%M}")
    page.locator("#id_attendees").fill("10")
    if until is not None:
        page.locator("#id_frequency").select_option("weekly")
        page.locator("#id_until").fill(f"{until:%Y-%m-%d}")
    for item in items:
        page.locator(f"#id_svc_{item}").check()
    return page.get_by_test_id("book")


def test_book_refuse_clash_serve_and_rate(browse, personas, day_room, server, staff2):  # noqa: F811
    start, end = _slot()
    organiser = browse.page("desktop", user=personas.staff)
    button = _fill_booking(
        organiser, day_room, TITLE, start, end, until=start.date() + timedelta(days=21),
        items=("tea", "name_cards"),
    )  # fmt: skip
    with organiser.expect_navigation():
        button.click()
    bookings = list(Booking.objects.filter(title=TITLE).order_by("starts_at"))
    assert len(bookings) == 4
    assert all(b.services.count() == 2 for b in bookings)
    first = bookings[0]

    clash_start = timezone.localtime(bookings[2].starts_at) + timedelta(minutes=15)
    other = browse.page("desktop", user=staff2)
    button = _fill_booking(
        other, day_room, "外单位来访", clash_start, clash_start + timedelta(minutes=15)
    )
    browse.expect_status(400)
    with other.expect_navigation() as navigation:
        button.click()
    assert navigation.value.status == 400
    expect(other.get_by_test_id("form-errors")).to_contain_text(TITLE)
    assert not Booking.objects.filter(title="外单位来访").exists()

    phone = browse.page("phone", user=server)
    phone.goto(f"/meetings/service/?date={start:%Y-%m-%d}")
    card = phone.locator(f"#service-booking-{first.pk}")
    expect(card).to_contain_text(TITLE)
    card.get_by_test_id("done-tea").tap()
    expect(card.locator("[data-item=tea] [data-testid=done-mark]")).to_be_visible()
    expect(card.get_by_test_id("served")).to_have_count(0)
    card.get_by_test_id("done-name_cards").tap()
    expect(card.get_by_test_id("served")).to_be_visible()
    first.refresh_from_db()
    assert first.served_at is not None

    organiser.goto("/notifications/")
    with organiser.expect_navigation():
        organiser.locator(f"a[href='/meetings/bookings/{first.pk}/rate/']").click()
    expect(organiser.get_by_test_id("rate-booking")).to_contain_text(TITLE)
    organiser.locator("label[for=id_rating_1]").click()  # 4 of 5
    organiser.locator("#id_comment").fill("茶水及时,桌签准确")
    with organiser.expect_navigation():
        organiser.get_by_test_id("rate-submit").click()
    expect(organiser.get_by_test_id("rated")).to_be_visible()
    first.refresh_from_db()
    assert (first.rating, first.rating_comment) == (4, "茶水及时,桌签准确")
    browse.assert_clean()
