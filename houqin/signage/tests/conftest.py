"""Fixtures of the info-screen tests: a meeting manager (who runs the screens) at each site,
two screens at the main site and one at the other, and a helper writing messages directly."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import User
from houqin.core.testing import make_user
from houqin.core.tests.browser import browse, chromium  # noqa: F401
from houqin.signage.choices import MessageKind, MessageStatus, ScreenKind
from houqin.signage.models import Message, Screen

_numbers = count(1)


def make_message(site, *, screens=(), status=MessageStatus.APPROVED, **fields) -> Message:
    """A message written straight to the database (the services are tested on their own)."""
    now = timezone.now()
    values = {
        "title": "通知",
        "kind": MessageKind.TEXT,
        "body": "今天下午三点开会",
        "valid_from": now - timedelta(hours=1),
        "valid_until": now + timedelta(hours=1),
        "seconds": 10,
        **fields,
    }
    message = Message.objects.create(
        site=site, status=status, number=f"TW-T-{next(_numbers):05d}", **values
    )
    message.screens.set(screens)
    return message


@pytest.fixture
def mm(personas) -> User:
    """The meeting manager of the main site (screens and messages)."""
    return make_user("mm", roles.MEETING_MANAGER, personas.site)


@pytest.fixture
def other_mm(personas) -> User:
    """The meeting manager of the other site."""
    return make_user("other_mm", roles.MEETING_MANAGER, personas.other_site)


@pytest.fixture
def lobby(personas) -> Screen:
    return Screen.objects.create(
        site=personas.site, code="LED1", name="大厅LED", kind=ScreenKind.LED, refresh_seconds=60
    )


@pytest.fixture
def lift_panel(personas) -> Screen:
    return Screen.objects.create(
        site=personas.site, code="EL1", name="1号电梯屏", kind=ScreenKind.ELEVATOR
    )


@pytest.fixture
def other_screen(personas) -> Screen:
    return Screen.objects.create(
        site=personas.other_site, code="LED1", name="分院大厅", kind=ScreenKind.LED
    )
