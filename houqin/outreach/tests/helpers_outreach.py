"""Fixtures of the health and publicity tests: a librarian of each site, an expert with a
past and an upcoming session, a board and a material; import the fixtures by name."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Person, User
from houqin.core.testing import make_user
from houqin.outreach.models import Expert, HealthSession, Material, PublicityBoard, Volunteer

TZ = ZoneInfo("Asia/Shanghai")


def local(y: int, m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    """An aware datetime in the compound's time zone."""
    return datetime(y, m, d, h, minute, tzinfo=TZ)


def person_of(user: User) -> Person:
    return Person.objects.get(user=user)


def make_session(
    site, *, starts_in: timedelta, capacity: int = 2, topic="高血压防治"
) -> HealthSession:
    """A session of a new expert at ``site`` starting ``starts_in`` from now, for one hour."""
    expert = Expert.objects.create(site=site, name=f"专家{topic}", title="主任医师")
    start = timezone.now() + starts_in
    return HealthSession.objects.create(
        site=site,
        expert=expert,
        topic=topic,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="健康咨询室",
        capacity=capacity,
    )


def make_material(site, *, printed: int = 100, title="健康生活手册") -> Material:
    return Material.objects.create(
        site=site,
        title=title,
        kind="booklet",
        printed=printed,
        printed_on=date(2026, 1, 5),
        cost_yuan=Decimal("800.00"),
    )


def make_volunteer(site, name: str) -> Volunteer:
    person = Person.objects.create(site=site, name=name)
    return Volunteer.objects.create(site=site, person=person, joined_on=date(2026, 1, 1))


@pytest.fixture
def librarian(personas) -> User:
    """The librarian (科普大院管理员) of the main site."""
    return make_user("librarian", roles.LIBRARIAN, personas.site)


@pytest.fixture
def other_librarian(personas) -> User:
    return make_user("other_librarian", roles.LIBRARIAN, personas.other_site)


@pytest.fixture
def upcoming(personas) -> HealthSession:
    """A session of the main site in two days, with two places."""
    return make_session(personas.site, starts_in=timedelta(days=2))


@pytest.fixture
def past(personas) -> HealthSession:
    """A session of the main site that started two hours ago, with five places."""
    return make_session(personas.site, starts_in=timedelta(hours=-2), capacity=5, topic="糖尿病")


@pytest.fixture
def board(personas) -> PublicityBoard:
    return PublicityBoard.objects.create(site=personas.site, name="科普宣传栏")


@pytest.fixture
def material(personas) -> Material:
    return make_material(personas.site)
