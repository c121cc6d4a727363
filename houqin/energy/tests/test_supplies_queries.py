"""Supplies figures: cost per department (issues net of returns, through the requisition the
movement references) and per head (÷ the department's active staff), the catalogue with low
stock; each a fixed, small number of queries."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Person
from houqin.energy.queries.supplies import cost_by_department, office_catalogue
from houqin.energy.services import supplies as services
from houqin.energy.tests.helpers_supplies import *  # noqa: F403  (fixtures)
from houqin.energy.tests.helpers_supplies import approve, approved, ask, at
from houqin.stock.services import stock_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def issued(personas, supplies):
    """Office: 2 reams + 10 pens issued, 1 ream back (50 yuan); finance: 3 pens (7.50)."""
    office = approved(personas, supplies, [(supplies.paper, 2), (supplies.pens, 10)])
    services.requisition_issue(requisition=office, by=supplies.keeper)
    services.requisition_return(requisition=office, item=supplies.paper, quantity=1,
                                by=supplies.keeper)  # fmt: skip
    clerk = Person.objects.filter(department=supplies.finance, is_active=True).first()
    finance = ask(supplies.keeper, supplies.store, [(supplies.pens, 3)],
                  department=supplies.finance, person=clerk)  # fmt: skip
    services.requisition_issue(requisition=approve(finance, personas.leader), by=supplies.keeper)
    # an issue not made for a requisition is no department's cost
    stock_issue(store=supplies.store, item=supplies.pens, quantity=1, by=supplies.keeper)
    return office, finance


def test_cost_per_department_and_per_head(personas, supplies, issued):
    year = timezone.localdate().year
    rows = cost_by_department(site_ids=[personas.site.pk], year=year)
    by_name = {row["department"].name: row for row in rows}
    office_staff = Person.objects.filter(department=supplies.office, is_active=True).count()
    office = by_name[supplies.office.name]
    assert office["total"] == Decimal("50.00")
    assert office["staff"] == office_staff
    assert office["per_head"] == (Decimal("50.00") / office_staff).quantize(Decimal("0.01"))
    assert office["months"][timezone.localdate().month - 1] == Decimal("50.00")
    finance = by_name[supplies.finance.name]
    assert (finance["total"], finance["staff"], finance["per_head"]) == (
        Decimal("7.50"), 2, Decimal("3.75"),
    )  # fmt: skip
    assert [row["department"] for row in rows] == [supplies.office, supplies.finance]
    assert cost_by_department(site_ids=[personas.other_site.pk], year=year) == []
    assert cost_by_department(site_ids=None, year=year - 1) == []


def test_cost_queries_are_bounded(personas, supplies, issued, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        cost_by_department(site_ids=None, year=timezone.localdate().year)


def test_catalogue_on_hand_and_low(personas, supplies, issued, django_assert_max_num_queries):
    services.requisition_issue(
        requisition=approved(personas, supplies, [(supplies.paper, 4)]), by=supplies.keeper
    )  # 10 − 2 + 1 − 4 = 5 reams: at the reorder level
    with django_assert_max_num_queries(3):
        rows = office_catalogue(site_ids=[personas.site.pk])
    by_code = {row["item"].code: row for row in rows}
    assert set(by_code) == {"P01", "B01", "T01"}  # office items only
    assert by_code["P01"]["on_hand"] == 5 and by_code["P01"]["low"]
    assert by_code["B01"]["on_hand"] == 86 and not by_code["B01"]["low"]
    assert by_code["T01"]["on_hand"] == 0 and by_code["T01"]["stores"] == []
    assert [r["item"].code for r in office_catalogue(site_ids=None, search="笔")] == ["B01"]


def test_past_issue_counts_in_its_month(personas, supplies):
    person = Person.objects.get(user=personas.staff)
    req = services.requisition_submit(
        department=person.department, requested_by=person, store=supplies.store,
        lines=[{"item": supplies.paper, "quantity": 2}], purpose="", by=personas.staff,
        at=at(2006, 3, 5, 9),
    )  # fmt: skip
    assert "2006" in req.number
    approve(req, personas.leader)
    services.requisition_issue(requisition=req, by=supplies.keeper, at=at(2006, 3, 31, 23, 30))
    rows = cost_by_department(site_ids=[personas.site.pk], year=2006)
    assert rows[0]["months"][2] == Decimal("50.00") and rows[0]["total"] == Decimal("50.00")
    with pytest.raises(ValidationError, match="future"):
        services.requisition_return(requisition=req, item=supplies.paper, quantity=1,
                                    by=supplies.keeper, at=at(2999, 1, 1))  # fmt: skip
