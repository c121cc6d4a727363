"""Fixtures of the project page and API tests: a procurement officer of each site, each site's
office under the central jurisdiction, a 100,000-yuan budget for the main site's department, a
supplier of each site, and a request of each site (a 10,000-yuan public tender requested 60 days
ago, so every stage can be recorded in the past).

Test modules import the fixtures they use from here (``from …helpers_pages import *``)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Department, Site, User
from houqin.core.testing import make_user
from houqin.procurement.models import (
    DepartmentBudget,
    Jurisdiction,
    ProcurementOffice,
    Project,
    Supplier,
)

LINES = [
    {
        "name": "办公桌",
        "spec": "1.4m",
        "quantity": Decimal("10"),
        "unit": "张",
        "unit_price_yuan": Decimal("800"),
    },
    {
        "name": "办公椅",
        "spec": "",
        "quantity": Decimal("10"),
        "unit": "把",
        "unit_price_yuan": Decimal("200"),
    },
]


def setup_site(site: Site) -> None:
    """An office under the central jurisdiction and this year's budget of the department."""
    ProcurementOffice.objects.get_or_create(
        site=site,
        defaults={
            "name": f"{site.name}采购中心",
            "jurisdiction": Jurisdiction.objects.get(code="cn"),
        },
    )
    for year in {timezone.localdate().year, (timezone.localdate() - timedelta(days=60)).year}:
        DepartmentBudget.objects.get_or_create(
            site=site,
            department=Department.objects.filter(site=site).first(),
            year=year,
            defaults={"amount_yuan": Decimal("100000")},
        )


def make_request(site: Site, by: User, *, method="public_tender", days_ago=60, **extra) -> Project:
    """A request of ``site``'s first department through the service."""
    from houqin.procurement.services.projects import project_request

    values = {
        "title": f"{site.code} 办公家具采购",
        "object_type": "goods",
        "funding_source": "fiscal",
        "method": method,
        "lines": LINES,
        **extra,
    }
    return project_request(
        site=site,
        department=Department.objects.filter(site=site).first(),
        by=by,
        at=timezone.now() - timedelta(days=days_ago),
        **values,
    )


def make_supplier(site: Site, name: str, code: str) -> Supplier:
    return Supplier.objects.create(site=site, name=name, credit_code=code)


@pytest.fixture
def buyer(personas) -> User:
    """The procurement officer (采购员) of the main site."""
    setup_site(personas.site)
    setup_site(personas.other_site)
    return make_user("buyer", roles.PROCUREMENT, personas.site)


@pytest.fixture
def other_buyer(personas, buyer) -> User:
    return make_user("other_buyer", roles.PROCUREMENT, personas.other_site)


@pytest.fixture
def project(personas, buyer) -> Project:
    return make_request(personas.site, buyer)


@pytest.fixture
def other_project(personas, other_buyer) -> Project:
    return make_request(personas.other_site, other_buyer)


@pytest.fixture
def supplier(personas) -> Supplier:
    return make_supplier(personas.site, "福州办公家具有限公司", "91350100M000100Y43")
