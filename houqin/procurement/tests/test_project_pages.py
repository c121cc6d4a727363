"""Project pages: the ledger (figures, filters, query count, Excel), the request with its budget
gate, the project page, and a refused stage that leaves nothing behind."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from houqin.procurement.models import Bid, Project, ProjectStage
from houqin.procurement.services import rules
from houqin.procurement.tests.helpers_pages import *  # noqa: F403
from houqin.procurement.tests.helpers_pages import make_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages and API answers in English, as the messages are asserted."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _lines(rows):
    data = {"lines-TOTAL_FORMS": "5", "lines-INITIAL_FORMS": "0"}
    for i, (name, qty, price) in enumerate(rows):
        data.update(
            {
                f"lines-{i}-name": name,
                f"lines-{i}-quantity": qty,
                f"lines-{i}-unit": "个",
                f"lines-{i}-unit_price_yuan": price,
            }
        )
    return data


def _request_data(department, rows, method="public_tender"):
    return {
        "department": department.pk,
        "title": "打印机采购",
        "object_type": "goods",
        "funding_source": "fiscal",
        "method": method,
        **_lines(rows),
    }


def test_ledger_shows_figures_and_is_bounded(
    client, buyer, personas, django_assert_max_num_queries
):
    for _ in range(5):
        make_request(personas.site, buyer)
    Project.objects.filter(site=personas.site).update(contract_yuan=9000)
    client.force_login(buyer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("procurement:project_list"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-label="No."') == 5
    assert ">1,000.00<" in body and ">10.0<" in body  # savings and rate of 10,000 vs 9,000


def test_ledger_filters_and_search(client, buyer, personas, project):
    client.force_login(buyer)
    url = reverse("procurement:project_list")
    year = project.created_at.year
    assert project.number in client.get(url, {"q": project.number}).content.decode()
    assert project.number not in client.get(url, {"q": "无此项目"}).content.decode()
    assert (
        project.number
        in client.get(url, {"year": year, "method": "public_tender"}).content.decode()
    )
    assert project.number not in client.get(url, {"year": year - 3}).content.decode()


def test_export_opens_with_rows(client, buyer, project):
    client.force_login(buyer)
    response = client.get(reverse("procurement:project_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert project.number in cells and 10000 in cells


def test_staff_requests_for_own_department_only(client, personas, buyer):
    from houqin.core.models import Department

    own = Department.objects.get(site=personas.site, code="D1")
    other = Department.objects.create(site=personas.site, code="D2", name="财务科")
    client.force_login(personas.staff)
    url = reverse("procurement:project_add")
    page = client.get(url).content.decode()
    assert "财务科" not in page and "Remaining procurement budget" in page
    before = Project.objects.count()
    refused = client.post(url, _request_data(other, [("打印机", "2", "3000")]))
    assert refused.status_code == 400 and Project.objects.count() == before
    assert "data-lines-total>6,000.00<" in refused.content.decode()
    response = client.post(url, _request_data(own, [("打印机", "2", "3000")]))
    assert response.status_code == 302
    project = Project.objects.get(title="打印机采购")
    assert project.department == own and project.requester.user == personas.staff
    mine = client.get(reverse("procurement:project_mine")).content.decode()
    assert project.number in mine
    assert client.get(project.get_absolute_url()).status_code == 200


def test_officer_requests_for_any_department_over_budget(client, personas, buyer):
    from houqin.core.models import Department

    other = Department.objects.create(site=personas.site, code="D2", name="财务科")
    client.force_login(buyer)
    response = client.post(
        reverse("procurement:project_add"),
        _request_data(other, [("服务器", "1", "50000")]),
        follow=True,
    )
    assert response.status_code == 200, response.content.decode()[-3000:]
    project = Project.objects.get(department=other)
    assert project.status == "awaiting_budget"  # no budget row for 财务科: nothing remains
    body = response.content.decode()
    assert "exceeds the department" in body and 'data-testid="pending-approval"' in body


def test_empty_request_is_refused(client, personas, buyer):
    from houqin.core.models import Department

    client.force_login(buyer)
    dept = Department.objects.get(site=personas.site, code="D1")
    response = client.post(reverse("procurement:project_add"), _request_data(dept, []))
    body = response.content.decode()
    assert response.status_code == 400 and "at least one line" in body
    assert not Project.objects.exists()


def test_project_page_shows_lines_stages_and_next_stage(client, buyer, project):
    client.force_login(buyer)
    body = client.get(project.get_absolute_url()).content.decode()
    assert "办公桌" in body and ">10000.00<" in body
    assert 'data-stage="requested"' in body and 'data-testid="advance-form"' in body


def _drive_until_limited(project, buyer):
    """Record the plan's stages at their earliest date until one has a minimum after the
    previous stage; return that stage and the previous stage's time."""
    from houqin.procurement.services.projects import project_advance
    from houqin.procurement.views.projects import next_stage

    last = project.stages.get().at
    while (stage := next_stage(project)) is not None:
        window = rules.stage_window(project, stage)
        if window.earliest and window.earliest > timezone.localtime(last).date() + timedelta(
            days=1
        ):
            return stage, last
        last = last + timedelta(hours=1)
        project_advance(project=project, stage=stage, at=last, by=buyer, late_reason="测试")
        project.refresh_from_db()
    pytest.fail("no stage with a minimum time limit")


def test_refused_early_stage_shows_rule_and_leaves_no_row(client, buyer, project):
    stage, last = _drive_until_limited(project, buyer)
    rows = ProjectStage.objects.count()
    client.force_login(buyer)
    at = timezone.localtime(last + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("procurement:project_advance", kwargs={"pk": project.pk}),
        {"stage": stage, "at": at, "note": "太早"},
    )
    assert response.status_code == 400
    body = response.content.decode()

    errors = " ".join(re.findall(r'data-field-error="[^"]*">([^<]*)<', body))
    errors += body.split('data-testid="form-errors"')[1].split("</div>")[0]
    rule = rules.stage_window(project, stage).rules[0][0]
    assert rule.name in errors or rule.basis in errors
    assert ProjectStage.objects.count() == rows
    assert not ProjectStage.objects.filter(project=project, stage=stage).exists()


def test_bid_recorded_from_the_page(client, buyer, project, supplier):
    client.force_login(buyer)
    at = timezone.localtime(project.created_at + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("procurement:bid_add", kwargs={"pk": project.pk}),
        {"supplier": supplier.pk, "price_yuan": "9500", "submitted_at": at},
    )
    assert response.status_code == 302
    assert Bid.objects.get(project=project).price_yuan == 9500
    body = client.get(project.get_absolute_url()).content.decode()
    assert supplier.name in body and "data-internal" in body


def test_page_through_every_stage(client, personas, buyer, supplier):
    """Drive a public tender to payment through the pages; each state of the page renders."""
    from datetime import datetime, time

    from houqin.procurement.views.projects import next_stage

    project = make_request(personas.site, buyer, days_ago=250)
    client.force_login(buyer)
    last = project.created_at
    url = project.get_absolute_url()
    bid_at = timezone.localtime(last + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("procurement:bid_add", kwargs={"pk": project.pk}),
        {"supplier": supplier.pk, "price_yuan": "9000", "submitted_at": bid_at},
    )
    while (stage := next_stage(project)) is not None:
        assert client.get(url).status_code == 200
        window = rules.stage_window(project, stage)
        at = last + timedelta(hours=1)
        if window.earliest:
            at = max(at, timezone.make_aware(datetime.combine(window.earliest, time(9))))
        data = {"stage": stage, "at": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")}
        data |= {"supplier": supplier.pk} if stage == "confirmed" else {}
        data |= (
            {"contract_number": "HT-1", "contract_yuan": "9000"} if stage == "contracted" else {}
        )
        response = client.post(
            reverse("procurement:project_advance", kwargs={"pk": project.pk}), data
        )
        assert response.status_code == 302, (
            stage,
            re.findall(r'field-error="[^"]*">([^<]*)<', response.content.decode()),
        )
        project.refresh_from_db()
        last = project.stages.get(stage=stage).at
    body = client.get(url).content.decode()
    assert project.status == "completed" and ">1000.00<" in body and ">10.0 %<" in body
