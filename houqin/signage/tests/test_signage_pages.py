"""Staff pages and API of the info screens: who may open what, and where (the meeting manager
writes, leadership reads, others are refused; another site's records are 404), the forms, the
workflow buttons, the list's filters, query count and Excel ledger."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from houqin.approvals.models import ApprovalRequest
from houqin.signage.choices import MessageStatus
from houqin.signage.models import Message, Screen
from houqin.signage.tests.conftest import make_message

pytestmark = pytest.mark.django_db

USERS = ["mm", "leader", "other_mm", "staff", "nobody"]
# user:                            mm   leader other_mm staff nobody
PAGES = {
    "screen_list": ("", (200, 200, 200, 403, 403)),
    "screen_add": ("", (200, 403, 200, 403, 403)),
    "screen_detail": ("screen", (200, 200, 404, 403, 403)),
    "screen_edit": ("screen", (200, 403, 404, 403, 403)),
    "message_list": ("", (200, 200, 200, 403, 403)),
    "message_add": ("", (200, 403, 200, 403, 403)),
    "message_detail": ("message", (200, 200, 404, 403, 403)),
    "message_edit": ("draft", (200, 403, 404, 403, 403)),
    "message_void": ("message", (200, 403, 404, 403, 403)),
    "message_image": ("message", (404, 404, 404, 403, 403)),  # no picture: 404 once allowed
}
POSTS = {
    "screen_token_renew": ("screen", (302, 403, 404, 403, 403)),
    "message_submit": ("draft", (302, 403, 404, 403, 403)),
    "message_withdraw": ("message", (302, 403, 404, 403, 403)),
}
API = {
    "screens/": ("", (200, 200, 200, 403, 403)),
    "screens/{pk}/": ("screen", (200, 200, 404, 403, 403)),
    "messages/": ("", (200, 200, 200, 403, 403)),
    "messages/{pk}/": ("message", (200, 200, 404, 403, 403)),
}


def _cases(table):
    return [
        pytest.param(name, target, user, code, id=f"{name}-{user}")
        for name, (target, codes) in table.items()
        for user, code in zip(USERS, codes, strict=True)
    ]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(personas, mm, other_mm, lobby):
    return {
        "users": {
            "mm": mm,
            "leader": personas.leader,
            "other_mm": other_mm,
            "staff": personas.staff,
            "nobody": personas.nobody,
        },
        "screen": lobby,
        "message": make_message(personas.site, screens=[lobby], title="已批准"),
        "draft": make_message(personas.site, screens=[lobby], status=MessageStatus.DRAFT),
    }


@pytest.mark.parametrize(("name", "target", "user", "code"), _cases(PAGES))
def test_page_access(world, name, target, user, code):
    kwargs = {"pk": world[target].pk} if target else {}
    response = login(world["users"][user]).get(reverse(f"signage:{name}", kwargs=kwargs))
    assert response.status_code == code


@pytest.mark.parametrize(("name", "target", "user", "code"), _cases(POSTS))
def test_action_access(world, name, target, user, code):
    url = reverse(f"signage:{name}", kwargs={"pk": world[target].pk})
    assert login(world["users"][user]).post(url).status_code == code


@pytest.mark.parametrize(("path", "target", "user", "code"), _cases(API))
def test_api_access(world, path, target, user, code):
    client = APIClient()
    client.force_authenticate(world["users"][user])
    url = "/api/signage/" + path.format(pk=world[target].pk if target else "")
    assert client.get(url).status_code == code


def test_api_list_in_few_queries(world, personas, lobby, django_assert_max_num_queries):
    for i in range(10):
        make_message(personas.site, screens=[lobby], title=f"消息{i}")
    client = APIClient()
    client.force_authenticate(world["users"]["mm"])
    with django_assert_max_num_queries(8):
        data = client.get("/api/signage/messages/").json()
    assert data["count"] == 12


def test_anonymous_is_sent_to_login(world):
    response = Client().get(reverse("signage:message_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_message_list_filters_and_counts_queries(
    world, personas, lobby, lift_panel, django_assert_max_num_queries
):
    now = timezone.now()
    make_message(personas.site, screens=[lift_panel], title="电梯专用")
    make_message(personas.site, all_screens=True, title="全院广播")
    make_message(
        personas.site,
        screens=[lobby],
        title="下周通知",
        valid_from=now + timedelta(days=7),
        valid_until=now + timedelta(days=8),
    )
    for i in range(20):
        make_message(personas.site, screens=[lobby, lift_panel], title=f"批量{i}")
    client = login(world["users"]["mm"])
    url = reverse("signage:message_list")
    with django_assert_max_num_queries(20):
        html = client.get(url).content.decode()
    assert "批量19" in html and "电梯专用" in html
    html = client.get(url, {"screen": lobby.pk, "when": "current"}).content.decode()
    assert "全院广播" in html and "已批准" in html
    assert "电梯专用" not in html and "下周通知" not in html
    html = client.get(url, {"when": "future"}).content.decode()
    assert "下周通知" in html and "已批准" not in html
    html = client.get(url, {"status": "draft"}).content.decode()
    assert "已批准" not in html and world["draft"].number in html


def test_message_list_exports_the_ledger(world):
    response = login(world["users"]["leader"]).get(
        reverse("signage:message_list"), {"export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "已批准" in values and "大厅LED" in values


def test_bad_filter_values_do_not_fail(world):
    client = login(world["users"]["mm"])
    for params in ({"screen": "abc"}, {"when": "soon"}, {"status": "x"}, {"page": "999"}):
        assert client.get(reverse("signage:message_list"), params).status_code == 200


def test_add_a_message_through_the_form(world, personas, lobby):
    client = login(world["users"]["mm"])
    response = client.post(
        reverse("signage:message_add"),
        {
            "site": personas.site.pk,
            "title": "停水通知",
            "kind": "text",
            "body": "明天停水",
            "valid_from": "2026-05-01T08:00",
            "valid_until": "2026-05-02T08:00",
            "seconds": 20,
            "screens": [lobby.pk],
        },
    )
    message = Message.objects.get(title="停水通知")
    assert response.status_code == 302 and response["Location"] == message.get_absolute_url()
    assert message.status == MessageStatus.DRAFT and list(message.screens.all()) == [lobby]
    assert timezone.localtime(message.valid_from).hour == 8


def test_bad_message_form_shows_errors_and_saves_nothing(world, personas, other_screen):
    client = login(world["users"]["mm"])
    data = {
        "site": personas.site.pk,
        "title": "坏",
        "kind": "video",
        "video_url": "javascript:alert(1)",
        "valid_from": "2026-05-02T08:00",
        "valid_until": "2026-05-01T08:00",
        "seconds": 500,
        "screens": [other_screen.pk],
    }
    response = client.post(reverse("signage:message_add"), data)
    assert response.status_code == 200 and not Message.objects.filter(title="坏").exists()
    upload = io.BytesIO(b"GIF89a not really")
    upload.name = "x.png"
    data.update(kind="image", image=upload, video_url="", seconds=10, screens=[])
    data.update(valid_until="2026-05-03T08:00", all_screens="on")
    response = client.post(reverse("signage:message_add"), data)
    assert response.status_code == 200 and not Message.objects.filter(title="坏").exists()


def test_edit_a_screen_and_renew_its_token(world, personas):
    screen = world["screen"]
    client = login(world["users"]["mm"])
    response = client.post(
        reverse("signage:screen_edit", kwargs={"pk": screen.pk}),
        {"code": "LED1", "name": "一楼大厅LED", "kind": "led", "refresh_seconds": 30},
    )
    assert response.status_code == 302
    screen.refresh_from_db()
    assert screen.name == "一楼大厅LED" and screen.refresh_seconds == 30
    old = screen.token
    client.post(reverse("signage:screen_token_renew", kwargs={"pk": screen.pk}))
    screen.refresh_from_db()
    assert screen.token != old
    html = client.get(screen.get_absolute_url()).content.decode()
    assert screen.token in html and old not in html and "已批准" in html


def test_screen_add_refuses_a_duplicate_code(world, personas):
    client = login(world["users"]["mm"])
    response = client.post(
        reverse("signage:screen_add"),
        {
            "site": personas.site.pk,
            "code": "LED1",
            "name": "重复",
            "kind": "led",
            "refresh_seconds": 60,
        },
    )
    assert response.status_code == 200 and Screen.objects.count() == 1


def test_submit_and_withdraw_buttons(world, personas):
    draft = world["draft"]
    client = login(world["users"]["mm"])
    html = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="submit"' in html and 'data-testid="preview"' in html
    client.post(reverse("signage:message_submit", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == MessageStatus.PENDING
    assert ApprovalRequest.objects.filter(object_id=draft.pk, kind="screen_message").exists()
    html = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="withdraw"' in html and 'data-testid="submit"' not in html
    assert reverse("signage:message_edit", kwargs={"pk": draft.pk}) not in html
    client.post(reverse("signage:message_submit", kwargs={"pk": draft.pk}))  # twice: refused
    assert ApprovalRequest.objects.filter(object_id=draft.pk).count() == 1
    client.post(reverse("signage:message_withdraw", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == MessageStatus.WITHDRAWN


def test_void_a_message(world):
    message = world["message"]
    client = login(world["users"]["mm"])
    url = reverse("signage:message_void", kwargs={"pk": message.pk})
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "过期内容"}).status_code == 302
    message.refresh_from_db()
    assert message.voided_at is not None
    assert client.post(url, {"reason": "again"}).status_code == 404


def test_preview_escapes_the_text(world, personas, lobby):
    message = make_message(personas.site, screens=[lobby], body="<script>alert(1)</script>")
    html = login(world["users"]["mm"]).get(message.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_staff_see_the_picture_of_a_message_of_their_site(world, personas, lobby, other_mm):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    image = SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")
    message = make_message(personas.site, screens=[lobby], kind="image", image=image)
    url = reverse("signage:message_image", kwargs={"pk": message.pk})
    response = login(world["users"]["leader"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert login(other_mm).get(url).status_code == 404
    html = login(world["users"]["mm"]).get(message.get_absolute_url()).content.decode()
    assert url in html
