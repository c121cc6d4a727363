"""Fixtures of the quality tests: the personas plus a supervisor and a service-staff member of
the main site, and a cleaning post at each site held to a standard of four weighted items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from houqin.core import roles
from houqin.core.models import Department, Person, Site, User
from houqin.core.testing import make_user
from houqin.quality.choices import PostKind
from houqin.quality.models import ServicePost, Standard, StandardItem

# The four items of the test standard with their weights (points): 100 in all.
ITEM_WEIGHTS = (
    ("地面洁净无杂物", 40),
    ("卫生间无异味", 30),
    ("垃圾及时清运", 20),
    ("物品摆放整齐", 10),
)


@dataclass
class PostSetup:
    """One site's service post with its team, a member and the standard in force."""

    site: Site
    team: Department
    post: ServicePost
    standard: Standard
    items: list[StandardItem]
    member: Person


def make_post(
    site: Site, *, name: str = "办公楼保洁", kind: str = PostKind.CLEANING, member=None
) -> PostSetup:
    """A post of ``kind`` at ``site`` whose standard (pass mark 80 %, in force from 2026-01-01)
    has the four items of ITEM_WEIGHTS; ``member`` (a Person) is put on the post."""
    team = Department.objects.filter(site=site).first()
    post = ServicePost.objects.create(site=site, name=name, kind=kind, team=team)
    if member is None:
        member = Person.objects.create(site=site, name=f"{name}组员", department=team)
    post.members.add(member)
    standard = Standard.objects.create(
        site=site, post=post, title=f"{name}服务标准", effective_from=date(2026, 1, 1)
    )
    items = [
        StandardItem.objects.create(
            site=site, standard=standard, text=text, weight=Decimal(weight), position=i
        )
        for i, (text, weight) in enumerate(ITEM_WEIGHTS, start=1)
    ]
    return PostSetup(site, team, post, standard, items, member)


@pytest.fixture
def sup(personas) -> User:
    """A supervisor (服务考评) of the main site."""
    return make_user("sup", roles.SUPERVISOR, personas.site)


@pytest.fixture
def sup2(personas) -> User:
    """A second supervisor of the main site (checks what the first one did not)."""
    return make_user("sup2", roles.SUPERVISOR, personas.site)


@pytest.fixture
def server(personas) -> User:
    """A service-staff member of the main site (on the cleaning post of ``post_setup``)."""
    return make_user("server", roles.SERVICE_STAFF, personas.site)


@pytest.fixture
def other_sup(personas) -> User:
    """A supervisor of the other site."""
    return make_user("other_sup", roles.SUPERVISOR, personas.other_site)


@pytest.fixture
def post_setup(personas, server) -> PostSetup:
    """The cleaning post of the main site; ``server`` is its member with a login."""
    return make_post(personas.site, member=server.person)


@pytest.fixture
def other_post_setup(personas) -> PostSetup:
    """The cleaning post of the other site."""
    return make_post(personas.other_site)
