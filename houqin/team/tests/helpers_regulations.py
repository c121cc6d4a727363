"""Fixtures of the regulations tests: an office clerk of each site and a small library.

At the main site: 《机关大院管理制度》 v1 (2003), v2 in force from 2006-01-01, v3 from
2006-07-01; 《考勤制度》 repealed on 2006-02-01; 《办公大楼运行守则》 whose first version takes
effect on 2006-04-01. At the other site: one regulation of its own.

Test modules import the fixtures they use from here (``from …helpers_regulations import *``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from houqin.core import roles
from houqin.core.models import Person, User
from houqin.core.testing import make_user
from houqin.team.choices import RegulationScope
from houqin.team.models import Regulation
from houqin.team.services.regulations import regulation_create, regulation_repeal, version_add

OLD_PHRASE = "外来车辆一律登记"
V1_TEXT = "第一条 大院实行门卫值班制度。\n第二条 外来车辆一律登记后进入。\n第三条 保持环境整洁。"
V2_TEXT = (
    "第一条 大院实行门卫二十四小时值班制度。\n第二条 外来车辆凭证进入。\n第三条 保持环境整洁。"
)
V3_TEXT = V2_TEXT + "\n第四条 节约用水用电。"


@dataclass
class Library:
    compound: Regulation
    repealed: Regulation
    future: Regulation
    other: Regulation


@pytest.fixture
def clerk(personas) -> User:
    """The office clerk (办公室文员) of the main site: keeps the library."""
    return make_user("clerk", roles.OFFICE, personas.site)


@pytest.fixture
def other_clerk(personas) -> User:
    return make_user("other_clerk", roles.OFFICE, personas.other_site)


def new_regulation(site, by, *, title, adopted, effective, text="第一条 总则。", **extra):
    return regulation_create(
        site=site,
        title=title,
        scope=extra.pop("scope", RegulationScope.COMPOUND),
        owner=None,
        text=text,
        adopted_on=adopted,
        effective_from=effective,
        document_number=extra.pop("document_number", ""),
        by=by,
        **extra,
    )


def revise(regulation, by, *, adopted, effective, text, changes="修订条款"):
    return version_add(
        regulation=regulation,
        text=text,
        adopted_on=adopted,
        effective_from=effective,
        changes=changes,
        revised_by=Person.objects.filter(site=regulation.site).first(),
        document_number="",
        by=by,
    )


@pytest.fixture
def library(personas, clerk, other_clerk) -> Library:
    site = personas.site
    compound = new_regulation(
        site,
        clerk,
        title="机关大院管理制度",
        adopted=date(2003, 5, 1),
        effective=date(2003, 6, 1),
        text=V1_TEXT,
        document_number="苏机发〔2003〕5号",
    )
    revise(compound, clerk, adopted=date(2005, 12, 10), effective=date(2006, 1, 1), text=V2_TEXT)
    revise(compound, clerk, adopted=date(2006, 6, 15), effective=date(2006, 7, 1), text=V3_TEXT)
    repealed = new_regulation(
        site, clerk, title="考勤制度", adopted=date(2004, 1, 1), effective=date(2004, 1, 1)
    )
    regulation_repeal(regulation=repealed, on=date(2006, 2, 1), note="并入新制度", by=clerk)
    future = new_regulation(
        site,
        clerk,
        title="办公大楼运行守则",
        adopted=date(2006, 3, 20),
        effective=date(2006, 4, 1),
        scope=RegulationScope.BUILDING,
    )
    other = new_regulation(
        personas.other_site,
        other_clerk,
        title="分院区管理制度",
        adopted=date(2003, 1, 1),
        effective=date(2003, 1, 1),
        text=V1_TEXT,
    )
    return Library(compound=compound, repealed=repealed, future=future, other=other)
