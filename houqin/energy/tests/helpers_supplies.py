"""Fixtures of the office-supplies tests: the office-supplies store of each site, office items
with stock, a second department with two people, the storekeeper, and helpers that submit and
approve requisitions through the approvals engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from houqin.approvals.models import ApprovalRequest
from houqin.approvals.services import approval_decide
from houqin.core import roles
from houqin.core.models import Department, Person, User
from houqin.core.testing import make_user
from houqin.energy import approvals  # noqa: F401  (registers the approval kind)
from houqin.energy.models import Requisition
from houqin.energy.services import supplies as services
from houqin.stock.models import Item, Store
from houqin.stock.services import stock_receive

TZ = ZoneInfo("Asia/Shanghai")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=TZ)


@dataclass
class Supplies:
    store: Store  # 办公用品库 of the main site
    paper: Item  # A4 paper, 25.00 a ream, reorder at 5; 10 on hand
    pens: Item  # gel pens, 2.50 each; 100 on hand
    toner: Item  # toner, 300.00, none ever received
    water: Item  # a relief item (another ledger)
    office: Department  # the staff member's department (D1)
    finance: Department  # 财务科, two active people and one who left
    keeper: User
    other_store: Store
    other_paper: Item
    other_keeper: User


def office_item(site, code, name, unit, *, cost, reorder=None, ledger="office") -> Item:
    return Item.objects.create(
        site=site, code=code, name=name, unit=unit, ledger=ledger, unit_cost=cost,
        reorder_level=reorder, category="办公用品",
    )  # fmt: skip


@pytest.fixture
def supplies(personas) -> Supplies:
    site, other = personas.site, personas.other_site
    keeper = make_user("keeper", roles.STOREKEEPER, site)
    store = Store.objects.create(site=site, code="BG", name="办公用品库")
    paper = office_item(site, "P01", "复印纸", "包", cost=Decimal("25.00"), reorder=Decimal(5))
    pens = office_item(site, "B01", "中性笔", "支", cost=Decimal("2.50"))
    toner = office_item(site, "T01", "硒鼓", "个", cost=Decimal("300.00"))
    water = office_item(site, "W01", "矿泉水", "瓶", cost=Decimal("1.50"), ledger="relief")
    stock_receive(store=store, item=paper, quantity=10, by=keeper, moved_at=at(2006, 1, 2, 9))
    stock_receive(store=store, item=pens, quantity=100, by=keeper, moved_at=at(2006, 1, 2, 9))
    finance = Department.objects.create(site=site, code="D2", name="财务科")
    Person.objects.create(site=site, name="会计甲", department=finance)
    Person.objects.create(site=site, name="会计乙", department=finance)
    Person.objects.create(site=site, name="已调离", department=finance, is_active=False)
    other_store = Store.objects.create(site=other, code="BG", name="分院库房")
    other_paper = office_item(other, "P01", "复印纸", "包", cost=Decimal("25.00"))
    return Supplies(
        store=store, paper=paper, pens=pens, toner=toner, water=water,
        office=Department.objects.get(site=site, code="D1"), finance=finance, keeper=keeper,
        other_store=other_store, other_paper=other_paper,
        other_keeper=make_user("other_keeper", roles.STOREKEEPER, other),
    )  # fmt: skip


def ask(
    user: User, store: Store, lines: list[tuple[Item, object]], *, department=None, person=None
):
    """Submit a requisition as ``user`` (for their own department unless told otherwise)."""
    person = person or Person.objects.get(user=user)
    return services.requisition_submit(
        department=department or person.department,
        requested_by=person,
        store=store,
        lines=[{"item": item, "quantity": quantity} for item, quantity in lines],
        purpose="日常办公",
        by=user,
    )


def approval_of(requisition: Requisition) -> ApprovalRequest:
    return ApprovalRequest.objects.get(
        content_type=ContentType.objects.get_for_model(Requisition), object_id=requisition.pk
    )


def approve(requisition: Requisition, leader: User, *, yes: bool = True) -> Requisition:
    """Decide the requisition's approval request through the approvals engine."""
    approval_decide(request=approval_of(requisition), by=leader, approve=yes)
    requisition.refresh_from_db()
    return requisition


def approved(personas, supplies, lines) -> Requisition:
    """A requisition of the staff member's department, approved by the leader."""
    return approve(ask(personas.staff, supplies.store, lines), personas.leader)
