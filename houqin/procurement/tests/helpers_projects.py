"""Fixtures of the procurement project tests: a procurement officer and a leader at each site,
a procurement centre whose city jurisdiction sits under the central one (and so uses its
thresholds), the department's 2025 budget, and suppliers with valid credit codes.

Test modules import the fixtures they use from here (``from …helpers_projects import *``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

import houqin.procurement.approvals  # noqa: F401  (register the approval kinds)
from houqin.core import roles
from houqin.core.models import Department, Site, User
from houqin.core.testing import make_user
from houqin.procurement.models import (
    DepartmentBudget,
    Jurisdiction,
    ProcurementOffice,
    Supplier,
)

TZ = ZoneInfo("Asia/Shanghai")
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(body17: str) -> str:
    """``body17`` with its GB 32100 check character appended."""
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(body17, CODE_WEIGHTS, strict=True))
    return body17 + CODE_CHARS[(31 - total % 31) % 31]


def at(y, m, d, hh=10, mm=0) -> datetime:
    """A moment in Asia/Shanghai."""
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def line(name="办公电脑", quantity="10", unit="台", price="5000"):
    return {
        "name": name,
        "spec": "i5/16G",
        "quantity": quantity,
        "unit": unit,
        "unit_price_yuan": price,
    }


@dataclass
class Proc:
    site: Site
    dept: Department
    buyer: User  # procurement officer of the main site
    leader: User  # leadership of the main site (decides the approvals)
    other_buyer: User
    office: ProcurementOffice
    city: Jurisdiction
    budget: DepartmentBudget  # 2025: 1,000,000 yuan
    acme: Supplier
    beta: Supplier
    gamma: Supplier
    other_supplier: Supplier


def make_supplier(site, name, body17) -> Supplier:
    return Supplier.objects.create(
        site=site,
        name=name,
        credit_code=credit_code(body17),
        contact_phone="13800000000",
        email="sales@example.com",
    )


@pytest.fixture
def proc(personas) -> Proc:
    site = personas.site
    central = Jurisdiction.objects.get(code="cn")
    city = Jurisdiction.objects.create(code="fz", name="福州市", level="city", parent=central)
    office = ProcurementOffice.objects.create(site=site, name="区政府采购中心", jurisdiction=city)
    ProcurementOffice.objects.create(
        site=personas.other_site, name="分院采购中心", jurisdiction=city
    )
    dept = Department.objects.filter(site=site).first()
    budget = DepartmentBudget.objects.create(
        site=site, department=dept, year=2025, amount_yuan=Decimal("1000000.00")
    )
    return Proc(
        site=site,
        dept=dept,
        buyer=make_user("buyer", roles.PROCUREMENT, site),
        leader=personas.leader,
        other_buyer=make_user("buyer2", roles.PROCUREMENT, personas.other_site),
        office=office,
        city=city,
        budget=budget,
        acme=Supplier.objects.create(
            site=site, name="福建甲科技有限公司", credit_code="91350100M000100Y43"
        ),
        beta=make_supplier(site, "福州乙贸易有限公司", "91350100M000200Y4"),
        gamma=make_supplier(site, "福州丙设备有限公司", "91350100M000300Y4"),
        other_supplier=make_supplier(personas.other_site, "外院供应商", "91350100M000400Y4"),
    )


def request(proc: Proc, *, method="public_tender", lines=None, when=None, **extra):
    """A request of the main site's department (default: 10 computers, 50,000 yuan)."""
    from houqin.procurement.services.projects import project_request

    return project_request(
        site=proc.site,
        department=proc.dept,
        title=extra.pop("title", "办公电脑采购"),
        object_type=extra.pop("object_type", "goods"),
        funding_source="fiscal",
        method=method,
        lines=[line()] if lines is None else lines,
        by=proc.buyer,
        at=when or at(2025, 8, 1),
        **extra,
    )
