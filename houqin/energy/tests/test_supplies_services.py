"""Requisition services: submit → approve (approvals engine) → issue → return; short issues;
an issue that lacks stock changes nothing; who may ask for which department; wrong site and
wrong ledger refused; withdraw and void."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from houqin.approvals.choices import ApprovalStatus
from houqin.core.models import Department
from houqin.energy.choices import RequisitionStatus
from houqin.energy.models import RequisitionLine
from houqin.energy.queries.supplies import supplies_cost
from houqin.energy.services import supplies as services
from houqin.energy.tests.helpers_supplies import *  # noqa: F403  (fixtures)
from houqin.energy.tests.helpers_supplies import approval_of, approve, approved, ask, at
from houqin.stock.models import Movement
from houqin.stock.queries import on_hand

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def held(supplies, item) -> Decimal:
    rows = list(on_hand(site_ids=None, store=supplies.store, item=item))
    return rows[0].quantity if rows else Decimal(0)


def test_submit_approve_issue_return(personas, supplies):
    req = ask(personas.staff, supplies.store, [(supplies.paper, 3), (supplies.pens, 10)])
    assert req.status == RequisitionStatus.PENDING
    assert req.number.startswith("LY")
    assert approval_of(req).status == ApprovalStatus.PENDING
    approve(req, personas.leader)
    assert req.status == RequisitionStatus.APPROVED
    services.requisition_issue(requisition=req, by=supplies.keeper, received_by="张三")
    assert req.status == RequisitionStatus.ISSUED and req.received_by == "张三"
    assert held(supplies, supplies.paper) == 7 and held(supplies, supplies.pens) == 90
    line = req.lines.get(item=supplies.paper)
    assert line.issued_quantity == 3 and line.movement.quantity == -3
    assert line.movement.party == supplies.office.name and line.movement.reference == req
    back = services.requisition_return(
        requisition=req, item=supplies.paper, quantity=1, by=supplies.keeper, note="多领"
    )
    assert back.quantity == 1 and back.reference == req
    assert held(supplies, supplies.paper) == 8
    with pytest.raises(ValidationError, match="At most 2"):
        services.requisition_return(
            requisition=req, item=supplies.paper, quantity=3, by=supplies.keeper
        )
    start, end = at(2006, 1, 1), at(2100, 1, 1)
    # 2 reams × 25 + 10 pens × 2.50
    assert supplies_cost(site_ids=[personas.site.pk], start=start, end=end) == Decimal("75.00")


def test_duplicate_items_are_merged(personas, supplies):
    req = ask(personas.staff, supplies.store, [(supplies.paper, 1), (supplies.paper, "2")])
    assert list(req.lines.values_list("quantity", flat=True)) == [Decimal(3)]


def test_rejected_and_withdrawn(personas, supplies):
    req = approve(ask(personas.staff, supplies.store, [(supplies.pens, 1)]), personas.leader,
                  yes=False)  # fmt: skip
    assert req.status == RequisitionStatus.REJECTED
    with pytest.raises(ValidationError, match="Only an approved"):
        services.requisition_issue(requisition=req, by=supplies.keeper)
    other = ask(personas.staff, supplies.store, [(supplies.pens, 1)])
    with pytest.raises(ValidationError, match="Only the requester"):
        services.requisition_withdraw(requisition=other, by=personas.leader)
    services.requisition_withdraw(requisition=other, by=personas.staff)
    assert other.status == RequisitionStatus.WITHDRAWN
    assert approval_of(other).status == ApprovalStatus.WITHDRAWN


def test_short_issue_and_zero_line(personas, supplies):
    req = approved(personas, supplies, [(supplies.paper, 4), (supplies.pens, 20)])
    lines = {line.item_id: line.pk for line in req.lines.all()}
    services.requisition_issue(
        requisition=req,
        by=supplies.keeper,
        quantities={lines[supplies.paper.pk]: Decimal(2), lines[supplies.pens.pk]: 0},
    )
    paper = RequisitionLine.objects.get(pk=lines[supplies.paper.pk])
    pens = RequisitionLine.objects.get(pk=lines[supplies.pens.pk])
    assert (paper.quantity, paper.issued_quantity) == (4, 2)
    assert pens.issued_quantity == 0 and pens.movement is None
    assert held(supplies, supplies.paper) == 8 and held(supplies, supplies.pens) == 100


def test_issue_more_than_asked_refused(personas, supplies):
    req = approved(personas, supplies, [(supplies.paper, 2)])
    line = req.lines.get()
    with pytest.raises(ValidationError, match="at most 2"):
        services.requisition_issue(requisition=req, by=supplies.keeper, quantities={line.pk: 3})
    with pytest.raises(ValidationError):
        services.requisition_issue(requisition=req, by=supplies.keeper, quantities={line.pk: -1})


def test_insufficient_stock_changes_nothing(personas, supplies):
    req = approved(personas, supplies, [(supplies.pens, 5), (supplies.paper, 11)])
    before = Movement.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.requisition_issue(requisition=req, by=supplies.keeper)
    text = " ".join(exc.value.messages)
    assert "复印纸" in text and "10 包 on hand" in text
    assert Movement.objects.count() == before
    req.refresh_from_db()
    assert req.status == RequisitionStatus.APPROVED
    assert not req.lines.filter(issued_quantity__isnull=False).exists()
    assert held(supplies, supplies.pens) == 100


def test_staff_cannot_ask_for_another_department(personas, supplies):
    with pytest.raises(ValidationError, match="own department"):
        ask(personas.staff, supplies.store, [(supplies.pens, 1)], department=supplies.finance)
    # the storekeeper may ask on a department's behalf
    clerk = supplies.finance.person_set.filter(is_active=True).first()
    req = ask(supplies.keeper, supplies.store, [(supplies.pens, 1)], department=supplies.finance,
              person=clerk)  # fmt: skip
    assert req.department == supplies.finance


def test_wrong_site_and_wrong_ledger_refused(personas, supplies):
    with pytest.raises(ValidationError, match="not of this site"):
        ask(personas.staff, supplies.store, [(supplies.other_paper, 1)])
    with pytest.raises(ValidationError, match="not an office supply"):
        ask(personas.staff, supplies.store, [(supplies.water, 1)])
    with pytest.raises(ValidationError, match="may not ask for supplies at this site"):
        ask(personas.staff, supplies.other_store, [(supplies.other_paper, 1)])
    far = Department.objects.get(site=personas.other_site, code="D1")
    with pytest.raises(ValidationError, match="not at the chosen site"):
        ask(supplies.keeper, supplies.store, [(supplies.pens, 1)], department=far)
    with pytest.raises(ValidationError):
        ask(personas.staff, supplies.store, [])
    with pytest.raises(ValidationError):
        ask(personas.staff, supplies.store, [(supplies.pens, "abc")])
    req = approved(personas, supplies, [(supplies.pens, 1)])
    with pytest.raises(ValidationError, match="may not issue"):
        services.requisition_issue(requisition=req, by=supplies.other_keeper)
    with pytest.raises(ValidationError, match="may not issue"):
        services.requisition_issue(requisition=req, by=personas.staff)
    assert not RequisitionLine.objects.filter(issued_quantity__isnull=False).exists()


def test_void(personas, supplies):
    req = ask(personas.staff, supplies.store, [(supplies.pens, 1)])
    with pytest.raises(ValidationError, match="may not void"):
        services.requisition_void(requisition=req, by=personas.staff, reason="x")
    services.requisition_void(requisition=req, by=supplies.keeper, reason="填错")
    assert req.voided_at is not None
    assert approval_of(req).status == ApprovalStatus.WITHDRAWN
    issued = approved(personas, supplies, [(supplies.pens, 1)])
    services.requisition_issue(requisition=issued, by=supplies.keeper)
    with pytest.raises(ValidationError, match="cannot be voided"):
        services.requisition_void(requisition=issued, by=supplies.keeper, reason="x")


def test_summary_shows_lines_on_hand_and_value(personas, supplies):
    from houqin.approvals.registry import summary_of

    req = ask(personas.staff, supplies.store, [(supplies.paper, 2), (supplies.toner, 1)])
    facts = dict(summary_of(approval_of(req)))
    assert facts["Department"] == supplies.office.name
    assert "复印纸 × 2 包 (on hand 10)" in facts["Items asked for"]
    assert "硒鼓 × 1 个 (on hand 0)" in facts["Items asked for"]
    assert facts["Estimated value (yuan)"] == "350.00"
