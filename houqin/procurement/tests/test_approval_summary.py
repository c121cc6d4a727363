"""A leader deciding an over-budget request sees on the approval's page what is asked for: the
amount, what is left of the department's budget, the method and the lines."""

import pytest

from houqin.approvals.models import ApprovalRequest
from houqin.procurement.tests.helpers_projects import *  # noqa: F403
from houqin.procurement.tests.helpers_projects import line, request

pytestmark = pytest.mark.usefixtures("english")


def test_the_approval_page_shows_the_amount_the_budget_left_and_the_lines(proc, client):
    project = request(proc, lines=[line(name="笔记本电脑", quantity="300", price="5000")])
    approval = ApprovalRequest.objects.get(kind="procurement_budget", object_id=project.pk)
    client.force_login(proc.leader)
    page = client.get(f"/approvals/{approval.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    summary = page.content.decode().split('data-testid="summary"', 1)[1]
    assert "1,500,000.00" in summary  # requested
    assert "-500,000.00" in summary  # 1,000,000 budget, nothing else requested
    assert "笔记本电脑" in summary and "× 300台" in summary
    assert project.number in summary


def test_a_kind_without_a_summary_shows_none(proc, client):
    project = request(proc, lines=[line(quantity="300", price="5000")])
    approval = ApprovalRequest.objects.get(object_id=project.pk)
    approval.kind = "unknown_kind"
    approval.save(update_fields=["kind"])
    client.force_login(proc.leader)
    page = client.get(f"/approvals/{approval.pk}/")
    assert page.status_code == 200 and 'data-testid="summary"' not in page.content.decode()
