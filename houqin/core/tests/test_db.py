"""The prepared single-row read (``core.db.get_by_pk``) returns what the ORM returns."""

from datetime import date
from decimal import Decimal

import pytest

from houqin.core.db import get_by_pk
from houqin.outreach.models import Material

pytestmark = pytest.mark.django_db


def test_get_by_pk_converts_decimals_and_dates_like_the_orm(personas):
    material = Material.objects.create(
        site=personas.site,
        title="防震减灾手册",
        kind="booklet",
        printed=500,
        printed_on=date(2006, 5, 12),
        cost_yuan=Decimal("1234.50"),
    )
    found = get_by_pk(Material, material.pk, ("site",))
    assert found.cost_yuan == Decimal("1234.50")
    assert found.printed_on == date(2006, 5, 12)
    assert found.site.code == personas.site.code


def test_get_by_pk_of_a_missing_row_is_none():
    assert get_by_pk(Material, 999_999) is None
