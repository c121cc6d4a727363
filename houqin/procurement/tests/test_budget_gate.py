"""The request against the department's remaining budget and the public-tender threshold:
no silent way around either check."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from houqin.approvals.models import ApprovalRequest
from houqin.approvals.services import approval_decide
from houqin.procurement.models import DepartmentBudget, ProcurementOffice, Project, Threshold
from houqin.procurement.queries.budgets import budget_use, remaining_budget
from houqin.procurement.services.projects import project_advance
from houqin.procurement.tests.helpers_projects import *  # noqa: F403
from houqin.procurement.tests.helpers_projects import at, line, request

pytestmark = pytest.mark.usefixtures("english")


def test_remaining_budget_counts_live_requests_of_the_year(proc):
    assert remaining_budget(department=proc.dept, year=2025) == Decimal("1000000.00")
    request(proc)  # 50,000
    request(proc, when=at(2024, 12, 31, 23, 30))  # another year
    cancelled = request(proc)
    Project.objects.filter(pk=cancelled.pk).update(status="cancelled")
    assert remaining_budget(department=proc.dept, year=2025) == Decimal("950000.00")
    assert remaining_budget(department=proc.dept, year=2024) == Decimal("-50000.00")


def test_budget_use_is_one_grouped_query(proc, django_assert_num_queries):
    request(proc)
    with django_assert_num_queries(1):
        rows = budget_use(site_ids=[proc.site.pk], year=2025)
    assert [(r["budget"], r["requested"], r["remaining"]) for r in rows] == [
        (Decimal("1000000.00"), Decimal("50000.00"), Decimal("950000.00"))
    ]
    assert budget_use(site_ids=[proc.site.pk], year=2030) == []


def test_over_budget_needs_approval_then_proceeds(proc):
    p = request(proc, lines=[line(quantity="300", price="5000")])  # 1,500,000
    assert p.status == "awaiting_budget"
    approval = ApprovalRequest.objects.get(kind="procurement_budget", object_id=p.pk)
    assert "500000.00" in approval.title
    with pytest.raises(ValidationError, match="pending"):
        project_advance(project=p, stage="approved", at=at(2025, 8, 2), by=proc.buyer)
    approval_decide(request=approval, by=proc.leader, approve=True)
    p.refresh_from_db()
    assert p.status == "active"
    project_advance(project=p, stage="approved", at=at(2025, 8, 2), by=proc.buyer)


def test_rejected_budget_cancels_and_blocks(proc):
    p = request(proc, lines=[line(quantity="300", price="5000")])
    approval_decide(
        request=ApprovalRequest.objects.get(object_id=p.pk), by=proc.leader, approve=False
    )
    p.refresh_from_db()
    assert p.status == "cancelled"
    with pytest.raises(ValidationError):
        project_advance(project=p, stage="approved", at=at(2025, 8, 2), by=proc.buyer)


def test_no_budget_row_means_nothing_remains(proc):
    DepartmentBudget.objects.all().delete()
    assert request(proc).status == "awaiting_budget"


def test_method_below_threshold_is_free(proc):
    assert request(proc, method="quotation").status == "active"


def test_method_above_threshold_needs_a_reason_and_approval(proc):
    proc.budget.amount_yuan = Decimal("9000000")
    proc.budget.save()
    big = [line(quantity="500", price="5000")]  # 2,500,000 ≥ 2,000,000
    before = Project.objects.count()
    with pytest.raises(ValidationError, match="give the reason"):
        request(proc, method="negotiation", lines=big)
    assert Project.objects.count() == before
    p = request(proc, method="negotiation", lines=big, method_reason="技术复杂")
    assert p.status == "awaiting_method"
    approval = ApprovalRequest.objects.get(kind="procurement_method", object_id=p.pk)
    approval_decide(request=approval, by=proc.leader, approve=True)
    p.refresh_from_db()
    assert p.status == "active"
    assert request(proc, method="public_tender", lines=big).status == "active"


def test_budget_then_method_approval(proc):
    big = [line(quantity="500", price="5000")]
    p = request(proc, method="single_source", lines=big, method_reason="专利产品")
    assert p.status == "awaiting_budget"
    approval_decide(
        request=ApprovalRequest.objects.get(kind="procurement_budget"), by=proc.leader, approve=True
    )
    p.refresh_from_db()
    assert p.status == "awaiting_method"
    method = ApprovalRequest.objects.get(kind="procurement_method", object_id=p.pk)
    approval_decide(request=method, by=proc.leader, approve=False)
    p.refresh_from_db()
    assert p.status == "cancelled"


def test_missing_threshold_refuses_other_methods(proc):
    Threshold.objects.filter(object_type="goods", kind="public_tender").delete()
    with pytest.raises(ValidationError, match="No public-tender threshold"):
        request(proc, method="quotation")
    assert request(proc, method="public_tender").status == "active"
    assert request(proc, method="emergency").status == "active"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lines": []}, "at least one line"),
        ({"lines": [line(quantity="0")]}, "quantity above zero"),
        ({"lines": [line(price="0")]}, "above zero"),
        ({"lines": [line(price="abc")]}, "amount in yuan"),
        (
            {"lines": [{"name": "", "unit": "台", "quantity": 1, "unit_price_yuan": 1}]},
            "name and a unit",
        ),
        ({"method": "lottery"}, "listed values"),
        ({"title": " "}, "title"),
        ({"when": at(2999, 1, 1)}, "future"),
    ],
)
def test_bad_requests_change_nothing(proc, kwargs, message):
    before = (Project.objects.count(), ApprovalRequest.objects.count())
    with pytest.raises(ValidationError, match=message):
        request(proc, **kwargs)
    assert (Project.objects.count(), ApprovalRequest.objects.count()) == before


def test_site_without_office_is_refused(proc):
    ProcurementOffice.objects.filter(site=proc.site).delete()
    with pytest.raises(ValidationError, match="no procurement centre"):
        request(proc)


def test_budget_line_total_is_rounded_to_cents(proc):
    p = request(
        proc,
        lines=[line(quantity="3", price="0.335"), line(name="鼠标", quantity="1.5", price="10.01")],
    )
    assert p.budget_yuan == Decimal("16.04")  # 3 × 0.34 + 1.5 × 10.01 = 16.035
