"""The public display page of a screen: no login, only approved current messages of this
screen (or of every screen of its site), escaped text, images served only while shown, 404 for
an unknown or renewed token, few queries, and "last shown" written at most once a minute."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from houqin.signage import services
from houqin.signage.choices import MessageKind, MessageStatus
from houqin.signage.models import Screen
from houqin.signage.tests.conftest import make_message

pytestmark = pytest.mark.django_db


def display(screen):
    return reverse("signage:display", args=[screen.token])


def feed(screen):
    return reverse("signage:display_feed", args=[screen.token])


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")


def test_display_needs_no_login_and_shows_only_current_approved_messages(
    personas, lobby, lift_panel, other_screen
):
    now = timezone.now()
    make_message(personas.site, screens=[lobby], title="本屏当前")
    make_message(personas.site, all_screens=True, title="全院广播")
    make_message(personas.site, screens=[lift_panel], title="电梯专用")
    make_message(personas.other_site, all_screens=True, title="分院广播")
    make_message(personas.site, screens=[lobby], title="待审批", status=MessageStatus.PENDING)
    make_message(personas.site, screens=[lobby], title="草稿", status=MessageStatus.DRAFT)
    make_message(personas.site, screens=[lobby], title="已作废", voided_at=now)
    make_message(
        personas.site,
        screens=[lobby],
        title="已过期",
        valid_from=now - timedelta(days=2),
        valid_until=now - timedelta(days=1),
    )
    make_message(
        personas.site,
        screens=[lobby],
        title="未开始",
        valid_from=now + timedelta(hours=1),
        valid_until=now + timedelta(hours=2),
    )
    for url in (display(lobby), feed(lobby)):
        response = Client().get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "本屏当前" in html and "全院广播" in html
        for hidden in ("电梯专用", "分院广播", "待审批", "草稿", "已作废", "已过期", "未开始"):
            assert hidden not in html
        assert html.count('data-testid="slide"') == 2


def test_display_page_refreshes_itself(lobby):
    html = Client().get(display(lobby)).content.decode()
    assert 'http-equiv="refresh" content="60"' in html
    assert f'data-feed="{feed(lobby)}"' in html and 'data-refresh="60"' in html
    assert "signage/display.js" in html and "<script>" not in html and "style=" not in html


def test_text_is_escaped(personas, lobby):
    make_message(personas.site, screens=[lobby], title="<b>t</b>", body="<script>alert(1)</script>")
    make_message(personas.site, screens=[lobby], body='<img src=x onerror="alert(2)">')
    for url in (display(lobby), feed(lobby)):
        html = Client().get(url).content.decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
        assert "<b>t</b>" not in html and "&lt;b&gt;t&lt;/b&gt;" in html


def test_video_is_a_link_and_qr_never_an_iframe(personas, lobby):
    make_message(
        personas.site, screens=[lobby], kind=MessageKind.VIDEO, video_url="https://v.example.cn/1"
    )
    html = Client().get(display(lobby)).content.decode()
    assert "<iframe" not in html and 'href="https://v.example.cn/1"' in html
    assert 'src="data:image/svg+xml' in html


def test_image_is_served_only_while_shown_on_this_screen(personas, lobby, lift_panel):
    message = make_message(personas.site, screens=[lobby], kind=MessageKind.IMAGE, image=png())
    url = reverse("signage:display_image", args=[lobby.token, message.pk])
    assert url in Client().get(display(lobby)).content.decode()
    response = Client().get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"\x89PNG"
    assert response["Content-Type"] == "image/png"
    other = reverse("signage:display_image", args=[lift_panel.token, message.pk])
    assert Client().get(other).status_code == 404
    message.status = MessageStatus.WITHDRAWN
    message.save(update_fields=["status"])
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize("view", ["signage:display", "signage:display_feed"])
def test_unknown_renewed_or_inactive_token_is_404(mm, lobby, view):
    client = Client()
    assert client.get(reverse(view, args=["no-such-token"])).status_code == 404
    old = lobby.token
    services.screen_token_renew(screen=lobby, by=mm)
    assert client.get(reverse(view, args=[old])).status_code == 404
    assert client.get(reverse(view, args=[lobby.token])).status_code == 200
    Screen.objects.filter(pk=lobby.pk).update(is_active=False)
    assert client.get(reverse(view, args=[lobby.token])).status_code == 404


def test_display_costs_at_most_three_queries(personas, lobby, django_assert_max_num_queries):
    for i in range(5):
        make_message(personas.site, screens=[lobby], title=f"消息{i}")
    make_message(personas.site, all_screens=True, kind=MessageKind.VIDEO, video_url="https://a.cn")
    client = Client()
    with django_assert_max_num_queries(3):
        assert client.get(display(lobby)).status_code == 200
    with django_assert_max_num_queries(2):  # seen a moment ago: no write
        assert client.get(feed(lobby)).status_code == 200


def test_last_seen_is_written_at_most_once_a_minute(lobby):
    client = Client()
    client.get(display(lobby))
    lobby.refresh_from_db()
    first = lobby.last_seen_at
    assert first is not None
    client.get(feed(lobby))
    lobby.refresh_from_db()
    assert lobby.last_seen_at == first
    Screen.objects.filter(pk=lobby.pk).update(last_seen_at=first - timedelta(minutes=2))
    client.get(feed(lobby))
    lobby.refresh_from_db()
    assert lobby.last_seen_at > first


def test_display_refuses_writes(lobby):
    assert Client().post(display(lobby)).status_code == 405
