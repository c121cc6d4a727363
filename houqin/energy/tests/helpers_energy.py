"""Fixtures and builders of the energy tests: a facilities manager and a technician of each
site, buildings, tariffs (flat and time-of-use) and meters. Other subjects may import these."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Building, Floor
from houqin.core.testing import make_user
from houqin.energy.models import Meter, Tariff, TariffPrice

START = date(2005, 1, 1)


@pytest.fixture
def fm(personas):
    """The facilities manager (who keeps meters and reviews readings) of the main site."""
    return make_user("fm", roles.FACILITIES_MANAGER, personas.site)


@pytest.fixture
def tech(personas):
    """A technician of the main site (views meters, adds readings)."""
    return make_user("tech", roles.TECHNICIAN, personas.site)


@pytest.fixture
def other_fm(personas):
    """The facilities manager of the other site."""
    return make_user("other_fm", roles.FACILITIES_MANAGER, personas.other_site)


def at(day: str, hh: int = 0, mm: int = 0) -> datetime:
    """An aware local datetime from ``"2006-03-01"`` and an hour."""
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(hh, mm)))


def building(site, code: str = "B1", name: str = "办公楼") -> Building:
    found = Building.objects.filter(site=site, code=code).first()
    return found or Building.objects.create(site=site, code=code, name=name)


def floor(bld: Building, level: int = 1) -> Floor:
    return Floor.objects.get_or_create(
        site=bld.site, building=bld, level=level, defaults={"name": f"{level}F"}
    )[0]


def flat_tariff(site, price="0.5000", energy_type="electricity", code="FLAT", since=START):
    """A one-price tariff from ``since``."""
    tariff = Tariff.objects.create(site=site, code=code, name=code, energy_type=energy_type)
    TariffPrice.objects.create(
        site=site,
        tariff=tariff,
        valid_from=since,
        period="flat",
        starts=time(0),
        ends=time(0),
        price=Decimal(price),
    )
    return tariff


def tou_tariff(site, code="TOU", peak="1.0000", valley="0.3000", since=START):
    """Peak 07:00–23:00 and valley 23:00–07:00 from ``since``."""
    tariff = Tariff.objects.create(
        site=site, code=code, name=code, energy_type="electricity", is_time_of_use=True
    )
    add_tou_prices(tariff, since, peak, valley)
    return tariff


def add_tou_prices(tariff, since, peak, valley) -> None:
    for period, starts, ends, price in (
        ("peak", time(7), time(23), peak),
        ("valley", time(23), time(7), valley),
    ):
        TariffPrice.objects.create(
            site=tariff.site,
            tariff=tariff,
            valid_from=since,
            period=period,
            starts=starts,
            ends=ends,
            price=Decimal(price),
        )


def meter(site, code="E-01", energy_type="electricity", tariff=None, bld=None, **extra) -> Meter:
    """A main meter of the site's first building."""
    return Meter.objects.create(
        site=site,
        code=code,
        name=f"电表 {code}",
        energy_type=energy_type,
        building=bld or building(site),
        tariff=tariff,
        **extra,
    )
