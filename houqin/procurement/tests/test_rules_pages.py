"""The rules pages: the procurement centre, jurisdictions, thresholds and time limits (the
officer edits, leadership reads, others are refused), overlapping thresholds refused, and the
department budgets with what is requested and what remains."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from houqin.core.models import Department, Event
from houqin.procurement.models import (
    DepartmentBudget,
    Jurisdiction,
    ProcurementOffice,
    Project,
    Threshold,
    TimeLimit,
)
from houqin.procurement.tests.helpers_suppliers import *  # noqa: F403

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LISTS = ["jurisdiction_list", "threshold_list", "timelimit_list", "departmentbudget_list", "office"]


def _get(client, user, name, data=None, **kwargs):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(f"procurement:{name}", kwargs=kwargs or None), data, **EN)


def _post(client, user, name, data, query="", **kwargs):
    client.force_login(user)
    url = reverse(f"procurement:{name}", kwargs=kwargs or None) + query
    return client.post(url, data, **EN)


def central() -> Jurisdiction:
    return Jurisdiction.objects.get(code="cn")


@pytest.mark.parametrize("name", LISTS)
def test_pages_refuse_wrong_role(client, personas, buyer, name):
    for user in (buyer, personas.leader):
        assert _get(client, user, name).status_code == 200
    for user in (personas.staff, personas.guard, personas.outsider, personas.nobody):
        assert _get(client, user, name).status_code == 403
    client.logout()
    assert _get(client, None, name).status_code == 302


@pytest.mark.parametrize("name", ["jurisdiction_list", "threshold_list", "timelimit_list"])
def test_rule_lists_take_few_queries(client, buyer, name, django_assert_max_num_queries):
    client.force_login(buyer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"procurement:{name}"))
    assert response.status_code == 200


# The procurement centre ----------------------------------------------------------------------


def office_data(**extra):
    return {"name": "区政府采购中心", "jurisdiction": central().pk, "portal_enabled": "on", **extra}


def test_officer_sets_up_and_changes_the_centre(client, personas, buyer):
    page = _get(client, buyer, "office").content.decode()
    assert 'data-testid="office-form"' in page
    response = _post(client, buyer, "office", {**office_data(), "site_code": "main"})
    office = ProcurementOffice.objects.get()
    assert response.status_code == 302 and office.site == personas.site
    assert office.portal_enabled and office.name == "区政府采购中心"
    data = {**office_data(portal_intro="四公开"), "site_code": "main"}
    data.pop("portal_enabled")
    _post(client, buyer, "office", data)
    office.refresh_from_db()
    assert office.portal_intro == "四公开" and not office.portal_enabled
    assert Event.objects.filter(verb="office_change", object_id=office.pk).exists()


def test_centre_refusals(client, personas, buyer, other_buyer):
    bad = _post(client, buyer, "office", {**office_data(name=" "), "site_code": "main"})
    assert bad.status_code == 400 and not ProcurementOffice.objects.exists()
    assert _get(client, buyer, "office", {"site": "other"}).status_code == 404
    assert (
        _post(client, other_buyer, "office", {**office_data(), "site_code": "main"}).status_code
        == 404
    )
    leader = _post(client, personas.leader, "office", {**office_data(), "site_code": "main"})
    assert leader.status_code == 403 and not ProcurementOffice.objects.exists()


def test_leadership_reads_the_centre(client, personas, buyer):
    _post(client, buyer, "office", {**office_data(portal_intro="欢迎"), "site_code": "main"})
    page = _get(client, personas.leader, "office").content.decode()
    assert 'data-testid="office-panel"' in page and "欢迎" in page and "office-form" not in page


# Thresholds ----------------------------------------------------------------------------------


def province() -> Jurisdiction:
    """A province without thresholds of its own yet."""
    return Jurisdiction.objects.get_or_create(
        code="fj", defaults={"name": "福建省", "level": "province", "parent": central()}
    )[0]


def threshold_data(**extra):
    values = {
        "jurisdiction": province().pk,
        "kind": "public_tender",
        "object_type": "goods",
        "amount_yuan": "2000000",
        "valid_from": "2030-01-01",
        "basis": "财政部通知",
        "confidence": "M",
    }
    return {**values, **extra}


def test_thresholds_list_shows_source_and_badge(client, personas):
    seeded = Threshold.objects.filter(jurisdiction=central()).first()
    page = _get(client, personas.leader, "threshold_list").content.decode()
    assert seeded.basis in page and 'class="badge text-bg-' in page
    assert reverse("procurement:threshold_edit", kwargs={"pk": seeded.pk}) not in page


def test_threshold_add_and_overlap_refused(client, personas, buyer):
    before = Threshold.objects.count()
    ok = _post(client, buyer, "threshold_add", threshold_data(valid_to="2030-12-31"))
    assert ok.status_code == 302 and Threshold.objects.count() == before + 1
    clash = _post(client, buyer, "threshold_add", threshold_data(valid_from="2030-06-01"))
    assert clash.status_code == 200 and "overlaps" in clash.content.decode()
    assert Threshold.objects.count() == before + 1
    later = _post(client, buyer, "threshold_add", threshold_data(valid_from="2031-01-01"))
    assert later.status_code == 302 and Threshold.objects.count() == before + 2
    services_refuse = _post(
        client,
        buyer,
        "threshold_add",
        threshold_data(object_type="works", valid_from="2030-02-01", valid_to="2030-01-01"),
    )
    assert services_refuse.status_code == 200 and Threshold.objects.count() == before + 2
    assert _get(client, personas.leader, "threshold_add").status_code == 403


def test_every_open_threshold_overlapping_is_refused(buyer, personas, english):
    from django.core.exceptions import ValidationError

    from houqin.procurement.services.settings import threshold_save

    current = Threshold.objects.filter(valid_to__isnull=True).first()
    copy = Threshold(
        jurisdiction=current.jurisdiction,
        kind=current.kind,
        object_type=current.object_type,
        amount_yuan=Decimal("1"),
        valid_from=current.valid_from,
        basis="x",
        confidence="S",
    )
    with pytest.raises(ValidationError) as exc:
        threshold_save(threshold=copy, site=personas.site, by=buyer)
    assert "overlaps" in exc.value.message_dict["valid_from"][0]


# Time limits ---------------------------------------------------------------------------------


def limit_data(limit: TimeLimit, **extra):
    values = {
        "name": limit.name,
        "methods": limit.methods,
        "from_stage": limit.from_stage,
        "to_stage": limit.to_stage,
        "bound": limit.bound,
        "days": limit.days,
        "day_kind": limit.day_kind,
        "basis": limit.basis,
        "confidence": limit.confidence,
        "valid_from": limit.valid_from.isoformat(),
    }
    return {**values, **extra}


def test_officer_edits_a_time_limit(client, personas, buyer):
    limit = TimeLimit.objects.get(code="tender-notice-period")
    response = _post(client, buyer, "timelimit_edit", limit_data(limit, days=6), pk=limit.pk)
    limit.refresh_from_db()
    assert response.status_code == 302 and limit.days == 6
    assert Event.objects.filter(verb="timelimit_change", object_id=limit.pk).exists()
    backwards = limit_data(limit, from_stage="opened", to_stage="announced")
    refused = _post(client, buyer, "timelimit_edit", backwards, pk=limit.pk)
    limit.refresh_from_db()
    assert refused.status_code == 200 and limit.from_stage == "announced"
    assert "must come after" in refused.content.decode()
    assert _get(client, personas.leader, "timelimit_edit", pk=limit.pk).status_code == 403
    page = _get(client, personas.leader, "timelimit_list").content.decode()
    assert limit.basis in page


# Department budgets --------------------------------------------------------------------------


def test_budgets_show_requested_and_remaining(
    client, personas, buyer, django_assert_max_num_queries
):
    dept = Department.objects.filter(site=personas.site).first()
    DepartmentBudget.objects.create(
        site=personas.site, department=dept, year=2006, amount_yuan=Decimal("100000")
    )
    for amount in ("30000", "12500.50"):
        project = Project.objects.create(
            site=personas.site,
            number=f"CG-2006-{amount}",
            title="采购",
            department=dept,
            object_type="goods",
            funding_source="fiscal",
            budget_yuan=Decimal(amount),
            method="quotation",
            jurisdiction=central(),
        )
        Project.objects.filter(pk=project.pk).update(created_at="2006-05-01T10:00:00+08:00")
    client.force_login(buyer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("procurement:budget_list"), {"year": 2006}).content.decode()
    assert 'data-testid="budget">100000.00<' in page
    assert 'data-testid="requested">42500.50<' in page
    assert 'data-testid="remaining">57499.50<' in page
    empty = _get(client, buyer, "budget_list", {"year": 2005}).content.decode()
    assert "100000.00" not in empty


def test_budget_add_edit_and_refusals(client, personas, buyer, other_buyer):
    dept = Department.objects.filter(site=personas.site).first()
    other_dept = Department.objects.filter(site=personas.other_site).first()
    data = {"site": personas.site.pk, "department": dept.pk, "year": 2026, "amount_yuan": "5000"}
    assert _post(client, buyer, "budget_add", data).status_code == 302
    budget = DepartmentBudget.objects.get()
    again = _post(client, buyer, "budget_add", data)
    assert again.status_code == 200 and DepartmentBudget.objects.count() == 1
    wrong = _post(client, buyer, "budget_add", {**data, "department": other_dept.pk})
    assert wrong.status_code == 200 and DepartmentBudget.objects.count() == 1
    edit = _post(client, buyer, "budget_edit", {**data, "amount_yuan": "8000"}, pk=budget.pk)
    budget.refresh_from_db()
    assert edit.status_code == 302 and budget.amount_yuan == Decimal("8000")
    assert _get(client, other_buyer, "budget_edit", pk=budget.pk).status_code == 404
    assert _get(client, personas.leader, "budget_add").status_code == 403
