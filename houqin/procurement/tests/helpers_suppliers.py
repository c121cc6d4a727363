"""Fixtures of the supplier and rules-page tests: a procurement officer of each site, a
supplier of each site (valid credit codes), and a qualification expiring in ten days.

Test modules import the fixtures they use from here (``from …helpers_suppliers import *``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import User
from houqin.core.testing import make_user
from houqin.procurement.models import Qualification, Supplier
from houqin.procurement.services.suppliers import qualification_save, supplier_save

# Real, valid codes (check characters verified): the first from GB 32100-2015's example.
CODES = ["91350100M000100Y43", "9144030071526726XG", "91330100716105852F", "914403001922038216"]


def make_supplier(site, by, *, name="闽发办公设备有限公司", code=CODES[0], **extra) -> Supplier:
    """A supplier of ``site`` registered through the service."""
    supplier = Supplier(site=site, name=name, credit_code=code, contact_name="林经理", **extra)
    return supplier_save(supplier=supplier, by=by)


def add_qualification(supplier, by, *, name="营业执照", days=None) -> Qualification:
    """A qualification valid for ``days`` more days (no end when None)."""
    until = timezone.localdate() + timedelta(days=days) if days is not None else None
    qualification = Qualification(supplier=supplier, name=name, valid_until=until)
    return qualification_save(qualification=qualification, by=by)


@pytest.fixture
def buyer(personas) -> User:
    """The procurement officer (政府采购中心) of the main site."""
    return make_user("buyer", roles.PROCUREMENT, personas.site)


@pytest.fixture
def other_buyer(personas) -> User:
    """The procurement officer of the other site."""
    return make_user("other_buyer", roles.PROCUREMENT, personas.other_site)


@pytest.fixture
def supplier(personas, buyer) -> Supplier:
    return make_supplier(personas.site, buyer)


@pytest.fixture
def other_supplier(personas, other_buyer) -> Supplier:
    return make_supplier(personas.other_site, other_buyer, name="分院供应商", code=CODES[1])
