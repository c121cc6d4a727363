"""Fixtures and builders of the vector-control tests: an environment manager of each site, and
surveys recorded through the service with counts chosen so an indicator equals ``n / 100``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.environment import levels
from houqin.environment.services.pests import survey_record

# A denominator that makes ``numerator × factor ÷ denominator`` equal ``numerator / 100``.
SCALE = {levels.PERCENT: 10_000, levels.PER_KM: 100_000, levels.PLAIN: 100}


@pytest.fixture
def envmgr(personas):
    """The environment manager (环境卫生管理员) of the main site."""
    return make_user("envmgr", roles.ENVIRONMENT_MANAGER, personas.site)


@pytest.fixture
def other_envmgr(personas):
    """The environment manager of the other site."""
    return make_user("other_envmgr", roles.ENVIRONMENT_MANAGER, personas.other_site)


def counts_at(code: str, value) -> dict:
    """Counts giving indicator ``code`` exactly ``value`` (two decimals at most)."""
    indicator = levels.BY_CODE[code]
    numerator = Decimal(str(value)) * 100
    assert numerator == numerator.to_integral_value()
    return {indicator.numerator: int(numerator), indicator.denominator: SCALE[indicator.factor]}


ROACH = {
    "rooms_inspected": 100,
    "rooms_positive": 2,
    "large_roaches": 4,
    "small_roaches": 0,
    "ootheca_rooms": 1,
    "oothecae": 1,
    "trace_rooms": 4,
}  # A except the infestation rate (2 % → B) and traces (4 % → B): level B


def survey(site, by, pest="cockroach", day=date(2026, 6, 1), counts=None, **extra):
    """A survey recorded through the service."""
    return survey_record(
        site=site, pest=pest, surveyed_on=day, counts=counts or dict(ROACH), by=by, **extra
    )
