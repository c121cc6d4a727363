"""Fixtures of the meetings tests: two rooms at the personas' site and one at the other site, a
meeting manager, a member of the service staff, a second member of staff, and a helper that
gives local (Asia/Shanghai) times a few days ahead, on a weekday inside the bookable hours."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Building, Location, Site, User
from houqin.core.testing import make_user
from houqin.meetings.choices import Layout, RoomFeature
from houqin.meetings.models import Room


def make_room(site: Site, code: str, name: str, capacity: int = 12, **rules) -> Room:
    """An active room in building A of ``site`` with a projector and a whiteboard."""
    building, _ = Building.objects.get_or_create(site=site, code="A", defaults={"name": "综合楼"})
    location = Location.objects.create(site=site, building=building, code=code, name=name)
    return Room.objects.create(
        site=site,
        code=code,
        name=name,
        location=location,
        capacity=capacity,
        features=[RoomFeature.PROJECTOR, RoomFeature.WHITEBOARD],
        layouts=[Layout.BOARDROOM, Layout.U_SHAPE],
        **rules,
    )


def local_at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware datetime ``days`` from today at ``hour:minute`` local time, moved to the next
    Monday–Friday so a week view and weekday repeats are predictable."""
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def room(personas) -> Room:
    """Room 301 of the main site: 12 seats, no approval needed."""
    return make_room(personas.site, "301", "第一会议室")


@pytest.fixture
def big_room(personas) -> Room:
    """Room 501 of the main site: 60 seats, every booking needs approval."""
    return make_room(personas.site, "501", "大会议室", capacity=60, requires_approval=True)


@pytest.fixture
def other_room(personas) -> Room:
    """A room of the other site."""
    return make_room(personas.other_site, "101", "分院会议室")


@pytest.fixture
def mm(personas) -> User:
    """The meeting manager (会务管理员) of the main site."""
    return make_user("mm", roles.MEETING_MANAGER, personas.site)


@pytest.fixture
def server(personas) -> User:
    """A member of the service staff of the main site (carries out the meeting service)."""
    return make_user("server", roles.SERVICE_STAFF, personas.site)


@pytest.fixture
def staff2(personas) -> User:
    """A second member of staff of the main site."""
    return make_user("staff2", roles.STAFF, personas.site)


@pytest.fixture
def other_mm(personas) -> User:
    """The meeting manager of the other site."""
    return make_user("other_mm", roles.MEETING_MANAGER, personas.other_site)
