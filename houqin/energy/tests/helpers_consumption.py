"""Fixtures of the consumption tests: two buildings of the main site with meters and readings
written straight into the table (consumption, cost and ``used_on`` set; how they are computed
is the readings' business), office supplies moved through the stock ledger, and a meter of the
other site.

Main site (main meters only, sub-meters not added):
- 2005: electricity 1,500 kWh for 900.00 yuan; water 200 m³ for 700.00; supplies 1,000.00.
- 2006: electricity 1,300 kWh for 780.00 (E1 1,000 incl. a reading at 2007-01-01 00:00 counted
  on 2006-12-31, E2 300); water 150 m³ for 525.00; supplies 700.00 (30 issued, 2 returned).
  A sub-meter of E1 (department D1) used 100 kWh (60.00); a pending and a void reading of E1
  do not count.
- Savings 2006: electricity 120.00, water 175.00, supplies 300.00, total 595.00.
- Statistics base 2006: 10 people, 1,000 m²; budget 2006: electricity 1,000.00.
The other site used 7,777 kWh (4,000.00) in 2006."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Building, Department, User
from houqin.core.testing import make_user
from houqin.energy.choices import BudgetItem, EnergyType, FlagStatus, ReadingFlag
from houqin.energy.models import EnergyBudget, EnergyYear, Meter, Reading
from houqin.stock.models import Item, Store
from houqin.stock.services import stock_issue, stock_receive, stock_return

D = Decimal
TZ = ZoneInfo("Asia/Shanghai")


@dataclass
class Energy:
    fm: User  # facilities manager of the main site
    tech: User  # technician of the main site
    other_fm: User  # facilities manager of the other site
    a: Building
    b: Building
    dept: Department
    e1: Meter  # main electricity meter of building A
    e1a: Meter  # its sub-meter, assigned to department D1
    e2: Meter  # main electricity meter of building B
    w1: Meter  # main water meter of building A
    other: Meter  # main electricity meter of the other site


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TZ)


def reading(meter: Meter, when: datetime, use, cost, value=1000, **fields) -> Reading:
    """A reading with its computed figures, straight into the table."""
    local = timezone.localtime(when)
    midnight = local.hour == local.minute == local.second == 0
    used_on = (local - timedelta(days=1)).date() if midnight else local.date()
    return Reading.objects.create(
        site=meter.site,
        meter=meter,
        read_at=when,
        value=D(value),
        consumption=None if use is None else D(use),
        cost=None if cost is None else D(cost),
        used_on=used_on,
        **fields,
    )


def make_meter(site, code, kind, building, **fields) -> Meter:
    return Meter.objects.create(
        site=site, code=code, name=f"表{code}", energy_type=kind, building=building, **fields
    )


def make_readings(e: Energy) -> None:
    reading(e.e1, at(2005, 3, 31, 9), 1000, "600.00")
    reading(e.e2, at(2005, 6, 30, 9), 500, "300.00")
    reading(e.w1, at(2005, 5, 31, 9), 200, "700.00")
    reading(e.e1, at(2006, 1, 31, 9), 400, "240.00")
    reading(e.e1, at(2006, 3, 31, 9), 500, "300.00")
    reading(e.e1, at(2007, 1, 1, 0), 100, "60.00")  # 00:00 closes 2006-12-31
    reading(e.e1a, at(2006, 3, 31, 9), 100, "60.00")
    reading(e.e2, at(2006, 3, 31, 9), 300, "180.00")
    reading(e.w1, at(2006, 5, 31, 9), 150, "525.00")
    reading(
        e.e1,
        at(2006, 4, 30, 9),
        None,
        None,
        flag=ReadingFlag.JUMP,
        flag_status=FlagStatus.PENDING,
    )
    reading(e.e1, at(2006, 5, 31, 9), 9999, "5000.00", voided_at=at(2006, 6, 1, 9))
    reading(e.other, at(2006, 3, 31, 9), 7777, "4000.00")


def make_supplies(site, by) -> None:
    """Office paper at 25 yuan: 40 issued in 2005 (1,000.00); 30 issued and 2 returned in 2006
    (700.00) — through the stock ledger."""
    store = Store.objects.create(site=site, code="BG", name="办公用品库")
    paper = Item.objects.create(
        site=site, code="P01", name="复印纸", unit="包", ledger="office", unit_cost=D("25.00")
    )
    stock_receive(store=store, item=paper, quantity=100, by=by, moved_at=at(2005, 1, 5, 9))
    stock_issue(store=store, item=paper, quantity=40, by=by, moved_at=at(2005, 2, 1, 9))
    stock_issue(store=store, item=paper, quantity=30, by=by, moved_at=at(2006, 2, 1, 9))
    stock_return(store=store, item=paper, quantity=2, by=by, moved_at=at(2006, 2, 2, 9))


@pytest.fixture
def energy(personas) -> Energy:
    site, other = personas.site, personas.other_site
    a = Building.objects.create(site=site, code="A", name="综合楼")
    b = Building.objects.create(site=site, code="B", name="附楼")
    ob = Building.objects.create(site=other, code="A", name="分院楼")
    dept = Department.objects.get(site=site, code="D1")
    e1 = make_meter(site, "E1", EnergyType.ELECTRICITY, a)
    e = Energy(
        fm=make_user("fm", roles.FACILITIES_MANAGER, site),
        tech=make_user("tech", roles.TECHNICIAN, site),
        other_fm=make_user("other_fm", roles.FACILITIES_MANAGER, other),
        a=a,
        b=b,
        dept=dept,
        e1=e1,
        e1a=make_meter(site, "E1a", EnergyType.ELECTRICITY, a, parent=e1, department=dept),
        e2=make_meter(site, "E2", EnergyType.ELECTRICITY, b),
        w1=make_meter(site, "W1", EnergyType.WATER, a),
        other=make_meter(other, "E1", EnergyType.ELECTRICITY, ob),
    )
    make_readings(e)
    make_supplies(site, e.fm)
    EnergyYear.objects.create(site=site, year=2006, people=10, floor_area_m2=D("1000.00"))
    EnergyBudget.objects.create(
        site=site, year=2006, item=BudgetItem.ELECTRICITY, amount=D("1000.00")
    )
    return e
