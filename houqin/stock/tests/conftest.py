"""Fixtures of the stock tests: a storekeeper of each site, two stores and three items of the
main site, and a store and an item of the other site."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from houqin.core import roles
from houqin.core.models import User
from houqin.core.testing import make_user
from houqin.stock.models import Item, Store


@dataclass
class Stock:
    main: Store  # 办公用品库
    depot: Store  # 救灾物资库
    other: Store  # a store of the other site
    paper: Item  # A4 paper, office supplies, 25 yuan a ream, reorder at 5
    water: Item  # bottled water, relief goods
    tarp: Item  # tarpaulin in m², relief goods
    other_item: Item


def make_item(site, code, name, unit, ledger, *, cost=None, reorder=None, spec=""):
    return Item.objects.create(
        site=site,
        code=code,
        name=name,
        unit=unit,
        ledger=ledger,
        spec=spec,
        unit_cost=cost,
        reorder_level=reorder,
        category="纸张" if code == "P01" else "救灾",
    )


@pytest.fixture
def stock(personas) -> Stock:
    site, other = personas.site, personas.other_site
    return Stock(
        main=Store.objects.create(site=site, code="BG", name="办公用品库"),
        depot=Store.objects.create(site=site, code="JZ", name="救灾物资库"),
        other=Store.objects.create(site=other, code="BG", name="分院库房"),
        paper=make_item(
            site,
            "P01",
            "复印纸",
            "包",
            "office",
            cost=Decimal("25.00"),
            reorder=Decimal(5),
            spec="A4 70g",
        ),
        water=make_item(site, "W01", "矿泉水", "瓶", "relief", cost=Decimal("1.50")),
        tarp=make_item(site, "T01", "防水彩条布", "平方米", "relief", cost=Decimal("3.20")),
        other_item=make_item(other, "P01", "复印纸", "包", "office", cost=Decimal("25.00")),
    )


@pytest.fixture
def keeper(personas) -> User:
    """The storekeeper (库管) of the main site."""
    return make_user("keeper", roles.STOREKEEPER, personas.site)


@pytest.fixture
def other_keeper(personas) -> User:
    return make_user("other_keeper", roles.STOREKEEPER, personas.other_site)
