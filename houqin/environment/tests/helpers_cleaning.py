"""Fixtures of the cleaning tests: a supervisor, a second supervisor, a cleaner (service
staff), an environment manager of the main site and a supervisor of the other site; a zone at
each site with three weighted check items, the main one in the cleaner's charge.

Test modules import the fixtures they use from here (``from …helpers_cleaning import *``)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from houqin.core import roles
from houqin.core.models import Location, Person, Site, User
from houqin.core.testing import make_user
from houqin.environment.models import CleaningZone
from houqin.environment.services.cleaning import zone_items, zone_save

# The zone's items and weights: 10 in all.
ITEMS = [("地面无垃圾", 5), ("垃圾桶清理", 3), ("玻璃洁净", 2)]


def png_bytes() -> bytes:
    """A small valid PNG image."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def photo(name: str = "fault.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@dataclass
class ZoneSetup:
    zone: CleaningZone
    items: list
    person: Person


def make_zone(site: Site, by, *, code="Z01", name="一楼大厅", person=None) -> ZoneSetup:
    """A zone of ``site`` with the three ITEMS, in ``person``'s charge (a new one if None)."""
    location = Location.objects.create(site=site, code=f"L-{code}", name=name)
    if person is None:
        person = Person.objects.create(site=site, name=f"{name}保洁员")
    zone = CleaningZone(
        site=site,
        code=code,
        name=name,
        location=location,
        responsible=person,
        standard="地面无垃圾、无积水；垃圾桶每日清理两次。",
    )
    zone_save(zone=zone, items=list(ITEMS), by=by)
    return ZoneSetup(zone, zone_items(zone), person)


def answers(items, failed=()) -> dict:
    """Every item passed except those whose index is in ``failed``."""
    return {item.pk: (i not in failed, "脏" if i in failed else "") for i, item in enumerate(items)}


@pytest.fixture
def sup(personas) -> User:
    return make_user("sup", roles.SUPERVISOR, personas.site)


@pytest.fixture
def sup2(personas) -> User:
    return make_user("sup2", roles.SUPERVISOR, personas.site)


@pytest.fixture
def cleaner(personas) -> User:
    return make_user("cleaner", roles.SERVICE_STAFF, personas.site)


@pytest.fixture
def envman(personas) -> User:
    return make_user("envman", roles.ENVIRONMENT_MANAGER, personas.site)


@pytest.fixture
def other_sup(personas) -> User:
    return make_user("other_sup", roles.SUPERVISOR, personas.other_site)


@pytest.fixture
def zone_setup(personas, envman, cleaner) -> ZoneSetup:
    return make_zone(personas.site, envman, person=cleaner.person)


@pytest.fixture
def other_zone(personas) -> ZoneSetup:
    admin = make_user("other_envman", roles.ENVIRONMENT_MANAGER, personas.other_site)
    return make_zone(personas.other_site, admin, code="Z91", name="他处走廊")
