"""Fixtures of the relief tests: a storekeeper of each site, a relief store and relief goods of
each category at the main site, a flood campaign, and an emergency procurement project under
contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from houqin.core import roles
from houqin.core.models import Department, User
from houqin.core.testing import make_user
from houqin.procurement.choices import Method, ProjectStatus
from houqin.procurement.models import Jurisdiction, Project, Supplier
from houqin.relief import services
from houqin.relief.models import Campaign
from houqin.stock.models import Item, Store

TZ = ZoneInfo("Asia/Shanghai")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=TZ)


@dataclass
class Relief:
    store: Store
    campaign: Campaign
    water: Item  # 瓶
    food: Item  # 公斤
    tarp: Item  # 平方米
    bags: Item  # 个
    clothes: Item  # 件
    other_store: Store
    other_campaign: Campaign
    other_water: Item


def relief_item(site, code, name, unit, category, cost=None) -> Item:
    return Item.objects.create(
        site=site, code=code, name=name, unit=unit, ledger="relief", category=category,
        unit_cost=cost,
    )  # fmt: skip


def make_campaign(site, store, title="2006年7月抗洪救灾", public=True) -> Campaign:
    campaign = Campaign(
        site=site, title=title, starts_on=at(2006, 7, 1).date(), store=store,
        list_is_public=public,
    )  # fmt: skip
    return services.campaign_save(campaign=campaign, by=None)


@pytest.fixture
def relief(personas) -> Relief:
    site, other = personas.site, personas.other_site
    store = Store.objects.create(site=site, code="JZ", name="救灾物资库")
    other_store = Store.objects.create(site=other, code="JZ", name="分院救灾库")
    return Relief(
        store=store,
        campaign=make_campaign(site, store),
        water=relief_item(site, "W01", "矿泉水", "瓶", "water", Decimal("1.50")),
        food=relief_item(site, "F01", "方便面", "公斤", "dry_food"),
        tarp=relief_item(site, "T01", "防水彩条布", "平方米", "tarpaulin"),
        bags=relief_item(site, "B01", "编织袋", "个", "woven_bags"),
        clothes=relief_item(site, "C01", "衣物", "件", "clothing"),
        other_store=other_store,
        other_campaign=make_campaign(other, other_store, "分院抗洪"),
        other_water=relief_item(other, "W01", "矿泉水", "瓶", "water"),
    )


@pytest.fixture
def keeper(personas) -> User:
    """The storekeeper (库管) of the main site: keeps the relief goods."""
    return make_user("keeper", roles.STOREKEEPER, personas.site)


@pytest.fixture
def other_keeper(personas) -> User:
    return make_user("other_keeper", roles.STOREKEEPER, personas.other_site)


def make_project(site, *, method=Method.EMERGENCY, status=ProjectStatus.CONTRACTED) -> Project:
    """An emergency procurement project of ``site`` with a signed contract."""
    n = Supplier.objects.count() + 1
    supplier = Supplier.objects.create(
        site=site, name=f"长江商贸有限公司{n}", credit_code=f"91420100MA4KX{n:04d}X"
    )
    return Project.objects.create(
        site=site,
        number=f"CG-2006-{Project.objects.count() + 1:05d}",
        title="抗洪应急物资采购",
        department=Department.objects.filter(site=site).first(),
        object_type="goods",
        funding_source="fiscal",
        budget_yuan=Decimal("60000"),
        method=method,
        jurisdiction=Jurisdiction.objects.get(code="cn"),
        status=status,
        supplier=supplier,
        contract_yuan=Decimal("55000"),
    )


def give(relief: Relief, by, *, lines=(), amount=None, when=None, **kw):
    """A donation to the main campaign (an outside donor unless told)."""
    kw.setdefault("donor_kind", "other")
    kw.setdefault("donor_name", "长江商贸有限公司")
    return services.donation_receive(
        campaign=relief.campaign, received_at=when or at(2006, 7, 12, 9), by=by,
        amount_yuan=amount, lines=lines, **kw,
    )  # fmt: skip
