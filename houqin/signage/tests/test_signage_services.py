"""Services of the info screens: screens and tokens, message checks, the approval flow through
the approvals engine, withdrawal and voiding, the "last shown" stamp, and the metric."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from houqin.approvals.choices import ApprovalStatus
from houqin.approvals.models import ApprovalRequest
from houqin.approvals.services import approval_decide, approval_withdraw
from houqin.core.models import Event
from houqin.reports.registry import compute
from houqin.signage import services
from houqin.signage.choices import MessageKind, MessageStatus
from houqin.signage.models import Message, Screen
from houqin.signage.tests.conftest import make_message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TZ = ZoneInfo("Asia/Shanghai")


def png(name="p.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def draft(site, **fields) -> Message:
    now = timezone.now()
    values = {
        "title": "通知",
        "kind": MessageKind.TEXT,
        "body": "开会",
        "valid_from": now,
        "valid_until": now + timedelta(days=1),
        "seconds": 15,
    }
    values.update(fields)
    return Message(site=site, **values)


def request_of(message) -> ApprovalRequest:
    return ApprovalRequest.objects.get(object_id=message.pk, kind=services.APPROVAL_KIND)


# Screens ---------------------------------------------------------------------------------------


def test_screen_save_refuses_a_duplicate_code_and_a_bad_refresh(personas, mm, lobby):
    twin = Screen(site=personas.site, code="LED1", name="另一块", kind="led")
    with pytest.raises(ValidationError, match="has this code"):
        services.screen_save(screen=twin, by=mm)
    slow = Screen(site=personas.site, code="X", name="X", kind="led", refresh_seconds=1)
    with pytest.raises(ValidationError, match="every 5 to 3600 seconds"):
        services.screen_save(screen=slow, by=mm)
    assert Screen.objects.count() == 1


def test_screen_token_renew_changes_the_token_and_records_it(mm, lobby):
    old = lobby.token
    services.screen_token_renew(screen=lobby, by=mm)
    lobby.refresh_from_db()
    assert lobby.token != old and len(lobby.token) >= 24
    assert Event.objects.filter(verb="screen_token_renew", object_id=lobby.pk).exists()


def test_screen_token_renew_refuses_another_sites_manager(other_mm, lobby):
    with pytest.raises(ValidationError):
        services.screen_token_renew(screen=lobby, by=other_mm)


def test_screen_seen_writes_at_most_once_a_minute(lobby):
    now = timezone.now()
    assert services.screen_seen(screen=lobby, now=now)
    assert not services.screen_seen(screen=lobby, now=now + timedelta(seconds=30))
    assert services.screen_seen(screen=lobby, now=now + timedelta(seconds=61))
    lobby.refresh_from_db()
    assert lobby.last_seen_at == now + timedelta(seconds=61)


# Messages --------------------------------------------------------------------------------------


def test_message_save_numbers_a_draft_and_sets_its_screens(personas, mm, lobby):
    message = services.message_save(message=draft(personas.site), by=mm, screens=[lobby])
    assert message.number.startswith("TW-") and message.status == MessageStatus.DRAFT
    assert message.created_by == mm and list(message.screens.all()) == [lobby]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"body": "  "}, "Write the text"),
        ({"kind": MessageKind.IMAGE}, "Upload the picture"),
        ({"kind": MessageKind.VIDEO, "video_url": "javascript:alert(1)"}, "http or https"),
        ({"kind": MessageKind.VIDEO, "video_url": "ftp://x.cn/v.mp4"}, "http or https"),
        ({"seconds": 4}, "5 to 120 seconds"),
        ({"seconds": 121}, "5 to 120 seconds"),
        ({"title": " "}, "title"),
    ],
)
def test_message_save_refuses_bad_content(personas, mm, lobby, fields, error):
    with pytest.raises(ValidationError, match=error):
        services.message_save(message=draft(personas.site, **fields), by=mm, screens=[lobby])
    assert not Message.objects.exists()


def test_message_save_refuses_a_window_ending_before_it_starts(personas, mm, lobby):
    now = timezone.now()
    message = draft(personas.site, valid_from=now, valid_until=now)
    with pytest.raises(ValidationError, match="end must be after"):
        services.message_save(message=message, by=mm, screens=[lobby])


def test_message_save_refuses_screens_of_another_site_or_none(personas, mm, other_screen):
    with pytest.raises(ValidationError, match="screens of the message's site"):
        services.message_save(message=draft(personas.site), by=mm, screens=[other_screen])
    with pytest.raises(ValidationError, match="every screen"):
        services.message_save(message=draft(personas.site), by=mm, screens=[])
    assert not Message.objects.exists()


def test_message_save_refuses_a_writer_of_another_site(personas, other_mm, lobby):
    with pytest.raises(ValidationError, match="may not write"):
        services.message_save(message=draft(personas.site), by=other_mm, screens=[lobby])


def test_message_save_accepts_a_real_image_and_refuses_a_fake_one(personas, mm):
    message = draft(personas.site, kind=MessageKind.IMAGE, all_screens=True, image=png())
    services.message_save(message=message, by=mm, screens=[])
    assert message.image.name.startswith("signage/")
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    bad = draft(personas.site, kind=MessageKind.IMAGE, all_screens=True, image=fake)
    with pytest.raises(ValidationError, match="JPEG, PNG, WebP"):
        services.message_save(message=bad, by=mm, screens=[])
    assert Message.objects.count() == 1


def test_a_video_message_keeps_its_https_link(personas, mm, lobby):
    message = draft(personas.site, kind=MessageKind.VIDEO, video_url="https://v.example.cn/1")
    services.message_save(message=message, by=mm, screens=[lobby])
    assert Message.objects.get().video_url == "https://v.example.cn/1"


# The approval flow ----------------------------------------------------------------------------


def test_submit_then_approve_through_the_engine(personas, mm, lobby):
    message = services.message_save(message=draft(personas.site), by=mm, screens=[lobby])
    services.message_submit(message=message, by=mm)
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    request = request_of(message)
    assert request.steps == ["leadership"] and request.status == ApprovalStatus.PENDING
    approval_decide(request=request, by=personas.leader, approve=True)
    message.refresh_from_db()
    assert message.status == MessageStatus.APPROVED and message.approved_at is not None


def test_a_rejected_message_can_be_changed_and_sent_again(personas, mm, lobby):
    message = services.message_save(message=draft(personas.site), by=mm, screens=[lobby])
    services.message_submit(message=message, by=mm)
    approval_decide(request=request_of(message), by=personas.leader, approve=False)
    message.refresh_from_db()
    assert message.status == MessageStatus.REJECTED
    message.body = "改期到明天"
    services.message_save(message=message, by=mm, fields=["body"])
    message.refresh_from_db()
    assert message.status == MessageStatus.DRAFT and message.body == "改期到明天"
    services.message_submit(message=message, by=mm)
    assert Message.objects.get().status == MessageStatus.PENDING


def test_withdrawing_in_the_queue_sets_the_message_withdrawn(personas, mm, lobby):
    message = services.message_save(message=draft(personas.site), by=mm, screens=[lobby])
    services.message_submit(message=message, by=mm)
    approval_withdraw(request=request_of(message), by=mm)
    assert Message.objects.get().status == MessageStatus.WITHDRAWN


def test_message_withdraw_closes_the_pending_request(personas, mm, lobby):
    message = services.message_save(message=draft(personas.site), by=mm, screens=[lobby])
    services.message_submit(message=message, by=mm)
    services.message_withdraw(message=message, by=mm)
    assert Message.objects.get().status == MessageStatus.WITHDRAWN
    assert request_of(message).status == ApprovalStatus.WITHDRAWN


def test_message_withdraw_takes_an_approved_message_off_the_screens(personas, mm, lobby):
    message = make_message(personas.site, screens=[lobby])
    services.message_withdraw(message=message, by=mm)
    assert Message.objects.get().status == MessageStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="taken back"):
        services.message_withdraw(message=message, by=mm)


def test_pending_or_approved_messages_cannot_be_changed_or_resent(personas, mm, lobby):
    message = services.message_save(message=draft(personas.site), by=mm, screens=[lobby])
    services.message_submit(message=message, by=mm)
    message.refresh_from_db()
    with pytest.raises(ValidationError, match="Only a draft"):
        services.message_save(message=message, by=mm, fields=["body"])
    with pytest.raises(ValidationError, match="Only a draft"):
        services.message_submit(message=message, by=mm)


def test_voiding_a_pending_message_empties_the_queue(personas, mm, lobby):
    message = services.message_save(message=draft(personas.site), by=mm, screens=[lobby])
    services.message_submit(message=message, by=mm)
    services.message_void(message=message, by=mm, reason="写错了")
    assert Message.objects.get().voided_at is not None
    assert request_of(message).status == ApprovalStatus.WITHDRAWN


def test_submit_without_an_approver_is_refused_and_changes_nothing(
    personas, other_mm, other_screen
):
    message = services.message_save(
        message=draft(personas.other_site), by=other_mm, screens=[other_screen]
    )
    with pytest.raises(ValidationError, match="Nobody at this site can approve"):
        services.message_submit(message=message, by=other_mm)
    assert Message.objects.get().status == MessageStatus.DRAFT


# The metric ------------------------------------------------------------------------------------


def test_display_messages_counts_a_broadcast_once(personas, lobby, lift_panel, other_screen):
    start, end = datetime(2026, 1, 1, tzinfo=TZ), datetime(2027, 1, 1, tzinfo=TZ)
    inside = {
        "valid_from": datetime(2026, 3, 1, tzinfo=TZ),
        "valid_until": datetime(2026, 3, 2, tzinfo=TZ),
    }
    make_message(personas.site, screens=[lobby, lift_panel], **inside)
    make_message(personas.site, all_screens=True, **inside)
    make_message(personas.other_site, screens=[other_screen], **inside)
    make_message(personas.site, screens=[lobby], status=MessageStatus.PENDING, **inside)
    make_message(personas.site, screens=[lobby], voided_at=timezone.now(), **inside)
    make_message(
        personas.site,
        screens=[lobby],
        valid_from=datetime(2025, 12, 31, 23, tzinfo=TZ),
        valid_until=datetime(2026, 1, 2, tzinfo=TZ),
    )
    everywhere = compute(site_ids=None, start=start, end=end)
    assert everywhere["services.display_messages"] == 3
    main = compute(site_ids=[personas.site.pk], start=start, end=end)
    assert main["services.display_messages"] == 2


def test_an_image_is_stored_under_a_name_of_its_real_type(personas, mm):
    upload = png("evil.html")
    message = draft(personas.site, kind=MessageKind.IMAGE, all_screens=True, image=upload)
    services.message_save(message=message, by=mm, screens=[])
    assert message.image.name.endswith(".png") and "evil" not in message.image.name
