"""Writes of the info screens: screens and their secret display tokens, messages from draft
through approval (the approvals engine, kind ``screen_message``) to withdrawal or voiding, and
the display page's "last shown" stamp."""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.permissions import has_perm_at
from houqin.signage.choices import MessageKind, MessageStatus
from houqin.signage.models import Message, Screen, new_screen_token

APPROVAL_KIND = "screen_message"
SECONDS_MIN, SECONDS_MAX = 5, 120
REFRESH_MIN, REFRESH_MAX = 5, 3600
SEEN_EVERY = timedelta(minutes=1)  # the display page writes "last shown" at most this often
IMAGE_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
EDITABLE = (MessageStatus.DRAFT, MessageStatus.REJECTED, MessageStatus.WITHDRAWN)


def _save(obj, fields: list[str] | None) -> None:
    """Insert a new row, or write only the changed fields of an existing one."""
    if obj.pk is None or fields is None:
        obj.save()
    elif fields:
        obj.save(update_fields=fields)


# Screens ---------------------------------------------------------------------------------------


def screen_save(*, screen: Screen, by, fields: list[str] | None = None) -> Screen:
    """Create or change a screen (its code is unique within the site)."""
    screen.code = (screen.code or "").strip()
    screen.name = (screen.name or "").strip()
    if not screen.code or not screen.name:
        raise ValidationError(_("Give the screen a code and a name."))
    if screen.location is not None and screen.location.site_id != screen.site_id:
        raise ValidationError({"location": _("This location is at another site.")})
    if not REFRESH_MIN <= (screen.refresh_seconds or 0) <= REFRESH_MAX:
        raise ValidationError(
            {
                "refresh_seconds": _("Check for new messages every %(min)d to %(max)d seconds.")
                % {"min": REFRESH_MIN, "max": REFRESH_MAX}
            }
        )
    duplicate = Screen.objects.filter(site_id=screen.site_id, code=screen.code)
    if duplicate.exclude(pk=screen.pk).exists():
        raise ValidationError({"code": _("Another screen of this site has this code.")})
    with transaction.atomic():
        _save(screen, fields)
    return screen


def screen_token_renew(*, screen: Screen, by) -> Screen:
    """Give the screen a new secret token: the old display address stops working at once."""
    if not has_perm_at(by, "signage.change_screen", screen.site_id):
        raise ValidationError(_("You may not change the screens of this site."))
    with transaction.atomic():
        screen.token = new_screen_token()
        screen.save(update_fields=["token"])
        core.event_record(site=screen.site, verb="screen_token_renew", actor=by, target=screen)
    return screen


def screen_seen(*, screen: Screen, now=None) -> bool:
    """Stamp the screen as shown, unless it was stamped within the last minute (the display
    polls often; one write a minute is enough to tell a dark screen). True when written."""
    now = now or timezone.now()
    if screen.last_seen_at is not None and now - screen.last_seen_at < SEEN_EVERY:
        return False
    Screen.objects.filter(pk=screen.pk).update(last_seen_at=now)
    screen.last_seen_at = now
    return True


# Messages --------------------------------------------------------------------------------------


def message_save(*, message: Message, by, screens=None, fields: list[str] | None = None) -> Message:
    """Create or change a draft message; ``screens`` (when given) replaces its screens. A
    rejected or withdrawn message that is changed becomes a draft again."""
    if message.pk is not None and message.status not in EDITABLE:
        raise ValidationError(_("Only a draft, rejected or withdrawn message can be changed."))
    if not has_perm_at(by, "signage.add_message", message.site_id):
        raise ValidationError(_("You may not write messages at this site."))
    _check_message(message, screens)
    with transaction.atomic():
        created = message.pk is None
        if created:
            message.number = core.record_number(record=message)
            message.created_by = by
        elif message.status != MessageStatus.DRAFT:
            message.status = MessageStatus.DRAFT
            fields = [*(fields or []), "status"]
        _save(message, None if created else fields)
        if screens is not None:
            message.screens.set(screens)
    return message


def _check_message(message: Message, screens) -> None:
    message.title = (message.title or "").strip()
    if not message.title:
        raise ValidationError({"title": _("Give the message a title.")})
    _check_content(message)
    _check_window(message)
    _check_screens(message, screens)


def _check_content(message: Message) -> None:
    """Text needs a body, an image an uploaded photo, a video an http(s) link."""
    message.body = (message.body or "").strip()
    if message.kind == MessageKind.TEXT and not message.body:
        raise ValidationError({"body": _("Write the text to show.")})
    if message.kind == MessageKind.IMAGE:
        _check_image(message)
    if message.kind == MessageKind.VIDEO:
        scheme = urlsplit(message.video_url or "").scheme.lower()
        if scheme not in ("http", "https") or not urlsplit(message.video_url).netloc:
            raise ValidationError({"video_url": _("Give the video's web address (http or https).")})
    if message.kind not in MessageKind.values:
        raise ValidationError({"kind": _("Choose text, image or video link.")})


def _check_image(message: Message) -> None:
    from houqin.core.uploads import check_upload

    if not message.image:
        raise ValidationError({"image": _("Upload the picture to show.")})
    if getattr(message.image, "_committed", True):  # already stored and checked
        return
    mime = check_upload(message.image.file)
    if mime not in IMAGE_EXTENSIONS:
        raise ValidationError({"image": _("Only photos (JPEG, PNG, WebP) can be shown.")})
    # The stored name is ours, with the extension of the real type: the file is later served
    # with the type its name says, never with one a crafted name would suggest.
    message.image.name = f"{uuid.uuid4().hex}.{IMAGE_EXTENSIONS[mime]}"


def _check_window(message: Message) -> None:
    if message.valid_from is None or message.valid_until is None:
        raise ValidationError(_("Give the time the message is shown from and until."))
    if message.valid_until <= message.valid_from:
        raise ValidationError({"valid_until": _("The end must be after the start.")})
    if not SECONDS_MIN <= (message.seconds or 0) <= SECONDS_MAX:
        raise ValidationError(
            {
                "seconds": _("Show a message for %(min)d to %(max)d seconds.")
                % {"min": SECONDS_MIN, "max": SECONDS_MAX}
            }
        )


def _check_screens(message: Message, screens) -> None:
    if screens is None:
        return
    screens = list(screens)
    if any(screen.site_id != message.site_id for screen in screens):
        raise ValidationError({"screens": _("Choose screens of the message's site.")})
    if not screens and not message.all_screens:
        raise ValidationError({"screens": _("Choose the screens, or every screen of the site.")})


def message_submit(*, message: Message, by) -> Message:
    """Send a draft for approval: it waits in the approvers' queue until decided."""
    from houqin.approvals.services import approval_submit

    with transaction.atomic():
        message = _locked(message)
        if message.voided_at is not None or message.status not in EDITABLE:
            raise ValidationError(_("Only a draft, rejected or withdrawn message can be sent."))
        if not message.all_screens and not message.screens.exists():
            raise ValidationError(_("Choose the screens, or every screen of the site."))
        message.status = MessageStatus.PENDING
        message.save(update_fields=["status"])
        core.event_record(site=message.site, verb="message_submit", actor=by, target=message)
        title = _("Screen message %(number)s: %(title)s")
        approval_submit(
            kind=APPROVAL_KIND,
            target=message,
            site=message.site,
            by=by,
            title=title % {"number": message.number, "title": message.title},
        )
    return message


def message_withdraw(*, message: Message, by) -> Message:
    """Take a message back: a pending one leaves the approvers' queue, an approved one leaves
    the screens."""
    from houqin.approvals.services import approvals_cancel

    with transaction.atomic():
        message = _locked(message)
        if message.voided_at is not None or message.status not in (
            MessageStatus.PENDING,
            MessageStatus.APPROVED,
        ):
            raise ValidationError(
                _("Only a message awaiting approval or approved can be taken back.")
            )
        approvals_cancel(target=message, by=by)
        _decide(message, MessageStatus.WITHDRAWN)
        core.event_record(site=message.site, verb="message_withdraw", actor=by, target=message)
    return message


def message_void(*, message: Message, by, reason: str) -> Message:
    """Void a message: it leaves the screens and the figures; a pending approval is closed."""
    from houqin.approvals.services import approvals_cancel

    with transaction.atomic():
        core.record_void(record=message, by=by, reason=reason)
        approvals_cancel(target=message, by=by)
    return message


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update().select_related("site").get(pk=message.pk)


def _decide(message: Message, status: str) -> None:
    message.status = status
    fields = ["status"]
    if status == MessageStatus.APPROVED:
        message.approved_at = timezone.now()
        fields.append("approved_at")
    message.save(update_fields=fields)


def _pending_target(request) -> Message:
    message = _locked(Message(pk=request.object_id))
    if message.status != MessageStatus.PENDING:
        raise ValidationError(_("This message is no longer awaiting approval."))
    return message


def message_approved(request, by) -> Message:
    """Approval callback: the message goes on its screens within its window."""
    message = _pending_target(request)
    if message.voided_at is not None:
        raise ValidationError(_("This message is void; reject it instead."))
    _decide(message, MessageStatus.APPROVED)
    return message


def message_rejected(request, by) -> Message:
    """Approval callback: the message stays off the screens; it may be changed and sent again."""
    message = _pending_target(request)
    _decide(message, MessageStatus.REJECTED)
    return message


def message_withdrawn(request, by) -> Message:
    """Approval callback: the submitter withdrew the request in the approvals queue."""
    message = _pending_target(request)
    _decide(message, MessageStatus.WITHDRAWN)
    return message


def register_message_approval() -> None:
    """Tell the approvals engine how screen messages are decided (once, at start-up)."""
    from django.utils.translation import gettext_lazy

    from houqin.approvals.registry import ApprovalKind, register

    register(
        ApprovalKind(
            code=APPROVAL_KIND,
            label=gettext_lazy("screen message"),
            default_steps=("leadership",),
            on_approved=message_approved,
            on_rejected=message_rejected,
            on_withdrawn=message_withdrawn,
        )
    )
