"""Probes of the screen pages by someone trying to break them: times at the calendar's ends,
huge numbers, another site's screens and locations, changing an approved message through its
edit address, and the public page with renewed tokens and inactive screens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from houqin.core.models import Building, Location
from houqin.signage.choices import MessageStatus
from houqin.signage.models import Message, Screen
from houqin.signage.tests.conftest import make_message

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def message_data(site, screen, **extra):
    data = {
        "site": site.pk,
        "title": "探针",
        "kind": "text",
        "body": "<script>alert(1)</script>",
        "valid_from": "2026-05-01T08:00",
        "valid_until": "2026-05-02T08:00",
        "seconds": 20,
        "screens": [screen.pk],
    }
    return {**data, **extra}


@pytest.mark.parametrize(
    "extra",
    [
        {"valid_from": "0001-01-01T00:00", "valid_until": "0001-01-02T00:00"},
        {"valid_from": "9999-12-31T00:00", "valid_until": "9999-12-31T23:59"},
        {"valid_from": "2026-05-01T08:00", "valid_until": "9999-12-31T23:59"},
        {"valid_from": "2026-02-30T08:00"},
        {"seconds": 10**9},
        {"seconds": 0},
        {"seconds": -5},
        {"kind": "html"},
    ],
)
def test_message_with_bad_times_or_numbers_is_refused_and_saves_nothing(personas, mm, lobby, extra):
    response = login(mm).post(
        reverse("signage:message_add"), message_data(personas.site, lobby, **extra)
    )
    assert response.status_code in (200, 400)
    assert not Message.objects.filter(title="探针").exists()


def test_message_for_another_sites_screen_or_site_is_refused(personas, mm, lobby, other_screen):
    client = login(mm)
    client.post(reverse("signage:message_add"), message_data(personas.site, other_screen))
    client.post(reverse("signage:message_add"), message_data(personas.other_site, other_screen))
    assert not Message.objects.filter(title="探针").exists()


def test_approved_message_cannot_be_changed_through_its_edit_address(personas, mm, lobby):
    message = make_message(personas.site, screens=[lobby], title="已批准")
    url = reverse("signage:message_edit", kwargs={"pk": message.pk})
    data = message_data(personas.site, lobby, title="改过了")
    response = login(mm).post(url, data)
    assert response.status_code in (200, 400, 403, 404)
    message.refresh_from_db()
    assert (message.title, message.status) == ("已批准", MessageStatus.APPROVED)


def test_another_sites_message_cannot_be_changed_or_submitted(personas, other_mm, lobby):
    draft = make_message(personas.site, screens=[lobby], status=MessageStatus.DRAFT)
    client = login(other_mm)
    url = reverse("signage:message_edit", kwargs={"pk": draft.pk})
    assert client.post(url, message_data(personas.site, lobby)).status_code == 404
    assert (
        client.post(reverse("signage:message_submit", kwargs={"pk": draft.pk})).status_code == 404
    )
    draft.refresh_from_db()
    assert draft.status == MessageStatus.DRAFT


@pytest.mark.parametrize("refresh", [0, 10**9, -1, "x"])
def test_screen_with_bad_refresh_is_refused(personas, mm, refresh):
    data = {"site": personas.site.pk, "code": "P1", "name": "探针屏", "kind": "led"}
    response = login(mm).post(reverse("signage:screen_add"), {**data, "refresh_seconds": refresh})
    assert response.status_code in (200, 400)
    assert not Screen.objects.filter(code="P1").exists()


def test_screen_at_a_location_of_another_site_is_refused(personas, mm):
    building = Building.objects.create(site=personas.other_site, code="B", name="分院楼")
    place = Location.objects.create(site=personas.other_site, building=building, code="X", name="x")
    data = {"site": personas.site.pk, "code": "P1", "name": "探针屏", "kind": "led"}
    data.update(refresh_seconds=60, location=place.pk)
    login(mm).post(reverse("signage:screen_add"), data)
    assert not Screen.objects.filter(code="P1").exists()


def test_display_of_an_inactive_screen_or_an_old_token_is_404(personas, mm, lobby):
    old = lobby.token
    login(mm).post(reverse("signage:screen_token_renew", kwargs={"pk": lobby.pk}))
    lobby.refresh_from_db()
    assert lobby.token != old
    assert Client().get(reverse("signage:display", args=[old])).status_code == 404
    assert Client().get(reverse("signage:display", args=[lobby.token])).status_code == 200
    Screen.objects.filter(pk=lobby.pk).update(is_active=False)
    assert Client().get(reverse("signage:display", args=[lobby.token])).status_code == 404
    assert Client().get(reverse("signage:display_feed", args=[lobby.token])).status_code == 404


def test_display_escapes_script_in_title_and_body(personas, lobby):
    make_message(personas.site, screens=[lobby], title="<b>x</b>", body="<script>alert(1)</script>")
    page = Client().get(reverse("signage:display", args=[lobby.token])).content.decode()
    assert "<script>alert(1)" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;" in page


def test_display_of_one_screen_does_not_serve_another_screens_message(personas, lobby, lift_panel):
    message = make_message(personas.site, screens=[lift_panel], kind="image", body="")
    url = reverse("signage:display_image", args=[lobby.token, message.pk])
    assert Client().get(url).status_code == 404


def test_posting_to_the_display_changes_nothing(personas, lobby):
    assert Client().post(reverse("signage:display", args=[lobby.token])).status_code == 405


def test_ordinary_times_still_pass_the_range_check(personas, mm, lobby):
    response = login(mm).post(reverse("signage:message_add"), message_data(personas.site, lobby))
    assert response.status_code == 302
    assert Message.objects.filter(title="探针").exists()
