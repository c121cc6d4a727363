"""Project API: list/retrieve by site, a request, the next stage, bids; one error format."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from houqin.core.models import Department
from houqin.procurement.models import Bid, Project, ProjectStage
from houqin.procurement.tests.helpers_pages import *  # noqa: F403

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BASE = "/api/procurement/projects/"


def test_list_and_retrieve_by_site(
    api, personas, buyer, project, other_project, django_assert_max_num_queries
):
    api.force_authenticate(buyer)
    with django_assert_max_num_queries(8):
        data = api.get(BASE).json()
    numbers = [row["number"] for row in data["results"]]
    assert numbers == [project.number]
    detail = api.get(f"{BASE}{project.pk}/").json()
    assert detail["budget_yuan"] == "10000.00" and len(detail["lines"]) == 2
    assert api.get(f"{BASE}{other_project.pk}/").status_code == 404
    api.force_authenticate(personas.guard)
    assert api.get(BASE).status_code == 403


def test_request_own_department_only(api, personas, buyer):
    other = Department.objects.create(site=personas.site, code="D2", name="财务科")
    body = {
        "title": "打印机",
        "object_type": "goods",
        "funding_source": "fiscal",
        "method": "public_tender",
        "lines": [{"name": "打印机", "quantity": "2", "unit": "台", "unit_price_yuan": "3000"}],
    }
    api.force_authenticate(personas.staff)
    refused = api.post(BASE, {**body, "department": other.pk}, format="json")
    assert refused.status_code == 400 and "department" in refused.json()["errors"]
    assert not Project.objects.exists()
    own = Department.objects.get(site=personas.site, code="D1")
    made = api.post(BASE, {**body, "department": own.pk}, format="json")
    assert made.status_code == 201 and made.json()["budget_yuan"] == "6000.00"
    api.force_authenticate(personas.guard)
    assert api.post(BASE, {**body, "department": own.pk}, format="json").status_code == 403


def test_advance_and_errors(api, personas, buyer, project, other_project):
    api.force_authenticate(buyer)
    at = (project.created_at + timedelta(hours=1)).isoformat()
    future = (timezone.now() + timedelta(days=3)).isoformat()
    rows = ProjectStage.objects.count()
    bad = api.post(
        f"{BASE}{project.pk}/advance/", {"stage": "approved", "at": future}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["detail"] and "errors" in bad.json()
    assert ProjectStage.objects.count() == rows
    ok = api.post(f"{BASE}{project.pk}/advance/", {"stage": "approved", "at": at}, format="json")
    assert ok.status_code == 201 and ok.json()["stage"] == "approved"
    other = api.post(
        f"{BASE}{other_project.pk}/advance/", {"stage": "approved", "at": at}, format="json"
    )
    assert other.status_code == 404
    api.force_authenticate(personas.leader)
    assert api.post(f"{BASE}{project.pk}/advance/", {}, format="json").status_code == 403


def test_bid_create(api, personas, buyer, project, supplier):
    api.force_authenticate(buyer)
    at = (project.created_at + timedelta(hours=2)).isoformat()
    made = api.post(
        f"{BASE}{project.pk}/bids/",
        {"supplier": supplier.pk, "price_yuan": "9800", "submitted_at": at},
        format="json",
    )
    assert made.status_code == 201 and Bid.objects.get().price_yuan == 9800
    api.force_authenticate(personas.leader)
    assert api.post(f"{BASE}{project.pk}/bids/", {}, format="json").status_code == 403


def test_schema_renders(api, buyer):
    api.force_authenticate(buyer)
    response = api.get("/api/schema/")
    assert (
        response.status_code == 200
        and b"/api/procurement/projects/{id}/advance/" in response.content
    )
