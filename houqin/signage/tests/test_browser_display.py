"""The display page of a screen in a real browser, under the strict Content-Security-Policy:
it opens without a login, shows the current message, cycles to the next after its seconds,
and picks up a newly approved message at its next refresh."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from houqin.signage.choices import MessageStatus
from houqin.signage.models import Screen
from houqin.signage.tests.conftest import make_message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT_MS = 10_000  # a message stays 2 s, the list is fetched every 2 s: allow a few rounds


def test_display_cycles_and_picks_up_a_new_message(browse, personas):
    screen = Screen.objects.create(
        site=personas.site, code="LED9", name="大厅", kind="led", refresh_seconds=2
    )
    now = timezone.now()
    make_message(
        personas.site,
        screens=[screen],
        title="第一条",
        seconds=2,
        valid_from=now - timedelta(minutes=2),
    )
    make_message(
        personas.site,
        all_screens=True,
        title="第二条",
        seconds=2,
        valid_from=now - timedelta(minutes=1),
    )
    pending = make_message(
        personas.site, screens=[screen], title="第三条", seconds=2, status=MessageStatus.PENDING
    )
    page = browse.page("desktop")  # nobody logged in
    page.goto(f"/signage/display/{screen.token}/")

    active = page.locator(".slide.active")
    expect(active).to_have_count(1)
    expect(active).to_contain_text("第一条")
    expect(active).to_contain_text("第二条", timeout=WAIT_MS)
    expect(active).to_contain_text("第一条", timeout=WAIT_MS)
    expect(page.get_by_text("第三条")).to_have_count(0)

    pending.status = MessageStatus.APPROVED
    pending.approved_at = timezone.now()
    pending.save(update_fields=["status", "approved_at"])
    expect(active).to_contain_text("第三条", timeout=2 * WAIT_MS)
    expect(page.locator("[data-testid=slide]")).to_have_count(3)
    assert page.evaluate("document.body.classList.contains('display')")
    browse.assert_clean()


def test_staff_preview_renders_under_the_csp(browse, personas):
    from houqin.core import roles
    from houqin.core.testing import make_user

    mm = make_user("mm", roles.MEETING_MANAGER, personas.site)
    message = make_message(personas.site, all_screens=True, title="预览", body="<b>粗体</b>")
    page = browse.page("desktop", user=mm)
    page.goto(message.get_absolute_url())
    expect(page.get_by_test_id("preview")).to_contain_text("<b>粗体</b>")
    browse.assert_clean()
