"""Reads of the info screens: what a screen shows now, and the year's message figure."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from houqin.signage.choices import MessageStatus
from houqin.signage.models import Message, Screen

DISPLAY_FIELDS = ("pk", "title", "kind", "body", "image", "video_url", "seconds")


def screen_by_token(token: str) -> Screen | None:
    """The active screen whose display token this is (one query), or None."""
    if not token or len(token) > 64:
        return None
    return (
        Screen.objects.filter(token=token, is_active=True)
        .only("pk", "site_id", "token", "refresh_seconds", "is_portrait", "last_seen_at", "name")
        .first()
    )


def live_messages(*, site_id: int, now=None):
    """Approved, not void messages of a site whose window holds ``now``."""
    now = now or timezone.now()
    return Message.objects.filter(
        site_id=site_id,
        status=MessageStatus.APPROVED,
        voided_at__isnull=True,
        valid_from__lte=now,
        valid_until__gt=now,
    )


def screen_messages(screen: Screen, now=None):
    """What ``screen`` shows now: live messages for it or for every screen of its site, in the
    order they began (one query: the screen link is a subquery, so no duplicates)."""
    linked = Message.screens.through.objects.filter(screen_id=screen.pk).values("message_id")
    return (
        live_messages(site_id=screen.site_id, now=now)
        .filter(Q(all_screens=True) | Q(pk__in=linked))
        .only(*DISPLAY_FIELDS)
        .order_by("valid_from", "pk")
    )


def message_figures(*, site_ids, start, end) -> dict:
    """Approved, not void messages beginning in [start, end), each counted once."""
    qs = Message.objects.filter(
        status=MessageStatus.APPROVED,
        voided_at__isnull=True,
        valid_from__gte=start,
        valid_from__lt=end,
    )
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    return qs.aggregate(messages=Count("pk"))
