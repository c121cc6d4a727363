"""Fixtures of the training and records tests: an office clerk of each site, three staff of
the main site in two departments, a 2006 session at each site, and record factories.

Test modules import the fixtures they use from here (``from …helpers_team import *``)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from houqin.core import roles
from houqin.core.models import Department, Person
from houqin.core.testing import make_user
from houqin.team.models import ChronicleEntry, Honour, Publication, TrainingSession
from houqin.team.services import records, training

TZ = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=TZ)


def make_session(site, by, *, topic="公文写作培训", hours="3", when=None, **extra):
    session = TrainingSession(
        site=site,
        topic=topic,
        trainer="李老师",
        starts_at=when or at(2006, 3, 15),
        hours=Decimal(hours),
        **extra,
    )
    return training.training_save(session=session, by=by)


def make_honour(site, by, *, title="全市后勤系统先进单位", level="municipal", on=None, **extra):
    honour = Honour(
        site=site,
        title=title,
        level=level,
        awarding_body="郴州市机关事务管理局",
        awarded_on=on or date(2006, 12, 20),
        **extra,
    )
    return records.honour_save(honour=honour, by=by)


def make_publication(site, by, *, kind="article", title="节约型机关建设", on=None, **extra):
    extra.setdefault("periodical", "中国机关后勤杂志" if kind == "article" else "")
    publication = Publication(
        site=site, kind=kind, title=title, published_on=on or date(2006, 6, 1), **extra
    )
    return records.publication_save(publication=publication, by=by)


def make_entry(site, by, *, title="召开节能工作会议", on=None, text=""):
    entry = ChronicleEntry(site=site, title=title, occurred_on=on or date(2006, 2, 8), text=text)
    return records.chronicle_save(entry=entry, by=by)


def sheet_rows(response) -> list[tuple]:
    """The rows of an exported ledger's first sheet."""
    wb = load_workbook(io.BytesIO(response.content))
    return list(wb.active.iter_rows(values_only=True))


@pytest.fixture
def office(personas):
    return make_user("office", roles.OFFICE, personas.site)


@pytest.fixture
def other_office(personas):
    return make_user("other_office", roles.OFFICE, personas.other_site)


@pytest.fixture
def people(personas):
    """Three staff of the main site: two of the first department, one of a second."""
    first = Department.objects.filter(site=personas.site).first()
    second = Department.objects.create(site=personas.site, code="D2", name="财务科")
    return [
        Person.objects.create(site=personas.site, name="张三", department=first),
        Person.objects.create(site=personas.site, name="李四", department=first),
        Person.objects.create(site=personas.site, name="王五", department=second),
    ]


@pytest.fixture
def session(personas, office):
    return make_session(personas.site, office)


@pytest.fixture
def other_session(personas, other_office):
    return make_session(personas.other_site, other_office, topic="他处培训")
