"""Fixtures of the facilities tests: the personas plus a technician and a facilities manager
of the main site, a technician of the other site, and a small plant room with three units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest

from houqin.core import roles
from houqin.core.models import Building, Floor, Location, Site, User
from houqin.core.testing import make_user
from houqin.facilities.choices import SpecialKind, System
from houqin.facilities.models import (
    Contractor,
    Equipment,
    EquipmentCategory,
    OperatingShift,
    ReadingField,
)


@dataclass
class Plant:
    """One site's plant: categories, a plant room with three units, a lift, three shifts."""

    site: Site
    room: Location
    ac: EquipmentCategory
    power: EquipmentCategory
    lift_category: EquipmentCategory
    chiller: Equipment
    pump: Equipment
    switchgear: Equipment
    lift: Equipment
    contractor: Contractor
    shifts: list[OperatingShift]


def make_plant(site: Site) -> Plant:
    """The plant room B1-01 of building A with a chiller, a chilled-water pump and switchgear."""
    building = Building.objects.create(site=site, code="A", name="综合办公楼")
    floor = Floor.objects.create(site=site, building=building, level=-1, name="B1")
    room = Location.objects.create(
        site=site, building=building, floor=floor, code="B1-01", name="制冷机房"
    )
    shaft = Location.objects.create(site=site, building=building, code="L1", name="1号电梯井")
    ac = EquipmentCategory.objects.create(
        site=site, code="AC", name="中央空调", system=System.CENTRAL_AC
    )
    power = EquipmentCategory.objects.create(
        site=site, code="PD", name="配电", system=System.POWER_DISTRIBUTION
    )
    lift_category = EquipmentCategory.objects.create(
        site=site,
        code="EL",
        name="电梯",
        system=System.ELEVATOR,
        special_kind=SpecialKind.TRACTION_LIFT,
    )
    ReadingField.objects.create(
        site=site,
        category=ac,
        code="supply_temp",
        label="供水温度",
        unit="°C",
        minimum=5,
        maximum=12,
        position=1,
    )
    ReadingField.objects.create(
        site=site,
        category=ac,
        code="return_temp",
        label="回水温度",
        unit="°C",
        minimum=8,
        maximum=16,
        position=2,
    )
    ReadingField.objects.create(
        site=site,
        category=ac,
        code="hours",
        label="累计运行小时",
        unit="h",
        is_meter=True,
        is_required=False,
        position=3,
    )
    ReadingField.objects.create(
        site=site,
        category=power,
        code="voltage",
        label="电压",
        unit="V",
        minimum=370,
        maximum=420,
        position=1,
    )
    ReadingField.objects.create(
        site=site, category=power, code="load", label="负荷", unit="kW", position=2
    )
    ReadingField.objects.create(
        site=site,
        category=lift_category,
        code="stops",
        label="停站次数",
        unit="次",
        is_required=False,
    )
    contractor = Contractor.objects.create(
        site=site, name="安达电梯维保公司", phone="0731-1234567", emergency_phone="96333"
    )

    def unit(code, name, category, location):
        return Equipment.objects.create(
            site=site, code=code, name=name, category=category, location=location
        )

    shifts = [
        OperatingShift.objects.create(
            site=site, name=name, start_time=time(hour), hours=8, position=i
        )
        for i, (name, hour) in enumerate((("早班", 8), ("中班", 16), ("夜班", 0)))
    ]
    lift = unit("EL-01", "1号客梯", lift_category, shaft)
    lift.contractor = contractor
    lift.save(update_fields=["contractor"])
    return Plant(
        site=site,
        room=room,
        ac=ac,
        power=power,
        lift_category=lift_category,
        chiller=unit("AC-01", "1号冷水机组", ac, room),
        pump=unit("AC-02", "1号冷冻水泵", ac, room),
        switchgear=unit("PD-01", "低压配电柜", power, room),
        lift=lift,
        contractor=contractor,
        shifts=shifts,
    )


@pytest.fixture
def plant(personas) -> Plant:
    return make_plant(personas.site)


@pytest.fixture
def other_plant(personas) -> Plant:
    return make_plant(personas.other_site)


@pytest.fixture
def tech(personas) -> User:
    """A technician of the main site."""
    return make_user("tech", roles.TECHNICIAN, personas.site)


@pytest.fixture
def fm(personas) -> User:
    """The facilities manager (dispatcher) of the main site."""
    return make_user("fm", roles.FACILITIES_MANAGER, personas.site)


@pytest.fixture
def other_tech(personas) -> User:
    """A technician of the other site."""
    return make_user("other_tech", roles.TECHNICIAN, personas.other_site)
