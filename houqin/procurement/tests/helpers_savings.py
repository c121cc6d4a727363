"""Fixtures of the savings tests: a procurement officer of each site and, at the main site, two
departments with four orders signed in 2006 and the projects that must not count (cancelled,
failed, void, without a contract, signed in 2005 or 2007), plus one order of the other site.

Main site, 2006: 4 orders, budget 380,000.00, contract 335,500.50, savings 44,499.50."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Department, Site, User
from houqin.core.testing import make_user
from houqin.procurement.choices import FundingSource, Method, ObjectType, ProjectStatus
from houqin.procurement.models import Jurisdiction, Project

D = Decimal


@dataclass
class Savings:
    buyer: User  # procurement officer of the main site
    other_buyer: User  # procurement officer of the other site
    office: Department  # D1 of the main site
    works: Department  # D2 of the main site


def make_project(site: Site, department: Department, budget, contract=None, signed=None, **kw):
    """A project straight into the table (the savings read rows; how they got there is the
    projects' business)."""
    n = Project.objects.count() + 1
    defaults = {
        "status": ProjectStatus.CONTRACTED if signed else ProjectStatus.ACTIVE,
        "method": Method.PUBLIC_TENDER,
        "title": f"项目{n}",
    }
    return Project.objects.create(
        site=site,
        number=f"CG-T-{n:04d}",
        department=department,
        object_type=ObjectType.GOODS,
        funding_source=FundingSource.FISCAL,
        jurisdiction=Jurisdiction.objects.get(code="cn"),
        budget_yuan=D(budget),
        contract_yuan=None if contract is None else D(contract),
        contract_signed_on=signed,
        **{**defaults, **kw},
    )


def make_orders(site, office, works, other_site) -> None:
    """The counted orders and the projects that must be left out."""
    make_project(site, office, "100000.00", "88000.00", date(2006, 3, 15),
                 status=ProjectStatus.COMPLETED)  # fmt: skip
    make_project(site, office, "50000.00", "47500.50", date(2006, 3, 20), method=Method.QUOTATION)
    make_project(site, works, "200000.00", "170000.00", date(2006, 7, 1))
    make_project(site, works, "30000.00", "30000.00", date(2006, 12, 31),
                 method=Method.NEGOTIATION, status=ProjectStatus.COMPLETED)  # fmt: skip
    left_out = [
        {"status": ProjectStatus.CANCELLED},
        {"status": ProjectStatus.FAILED},
        {"voided_at": timezone.now(), "void_reason": "重复录入"},
    ]
    for extra in left_out:
        make_project(site, office, "99999.00", "1.00", date(2006, 5, 1), **extra)
    make_project(site, office, "77777.00")  # no contract yet
    make_project(site, office, "11111.00", "10000.00", date(2005, 12, 31))
    make_project(site, works, "22222.00", "20000.00", date(2007, 1, 1))
    other_dept = Department.objects.filter(site=other_site).first()
    make_project(other_site, other_dept, "40000.00", "30000.00", date(2006, 6, 1))


@pytest.fixture
def savings(personas) -> Savings:
    site, other = personas.site, personas.other_site
    office = Department.objects.get(site=site, code="D1")
    works = Department.objects.create(site=site, code="D2", name="基建科")
    make_orders(site, office, works, other)
    return Savings(
        buyer=make_user("buyer", roles.PROCUREMENT, site),
        other_buyer=make_user("buyer2", roles.PROCUREMENT, other),
        office=office,
        works=works,
    )
