"""Supplies pages after the walk-through: the ask page grouped by category with out-of-stock
items said so; my department's list without the department choice and with translated
statuses; the slip only once issued, with its approver; the storekeeper's queue without the
asking buttons; the approval title carrying what is asked; cost per department to the cent."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from houqin.energy.services.supplies import requisition_issue
from houqin.energy.tests.helpers_supplies import *  # noqa: F403  (fixtures)
from houqin.energy.tests.helpers_supplies import approval_of, approved, ask

pytestmark = [pytest.mark.django_db]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def page(client, user, name, *args, **data):
    client.force_login(user)
    return client.get(reverse(name, args=args), data, **EN)


def test_ask_page_groups_items_and_marks_out_of_stock(client, personas, supplies):
    html = page(client, personas.staff, "energy:requisition_add").content.decode()
    assert 'data-testid="category">办公用品<' in html
    assert 'data-testid="item-search"' in html and "houqin/supplies_ask.js" in html
    assert html.count('data-testid="out-of-stock"') == 1  # the toner, never received
    assert 'data-testid="submit-bar"' in html and "<script>" not in html


def test_my_department_list_hides_the_department_filter(client, personas, supplies):
    ask(personas.staff, supplies.store, [(supplies.paper, 1)])
    response = page(client, personas.staff, "energy:requisition_mine")
    assert response.status_code == 200
    assert "department" not in response.context["filterset"].form.fields
    assert "awaiting approval" in response.content.decode()
    keeper = page(client, supplies.keeper, "energy:requisition_mine")
    assert "department" in keeper.context["filterset"].form.fields


def test_my_department_statuses_are_translated(client, personas, supplies):
    ask(personas.staff, supplies.store, [(supplies.paper, 1)])
    client.force_login(personas.staff)
    html = client.get(reverse("energy:requisition_mine"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    with translation.override("zh-hans"):
        from houqin.energy.choices import RequisitionStatus

        label = str(RequisitionStatus.PENDING.label)
    assert label in html.content.decode() and ">pending<" not in html.content.decode()


def test_slip_only_once_issued_and_names_the_approver(client, personas, supplies):
    req = approved(personas, supplies, [(supplies.paper, 1)])
    detail = page(client, personas.staff, "energy:requisition_detail", req.pk)
    assert 'data-testid="slip-link"' not in detail.content.decode()
    requisition_issue(requisition=req, by=supplies.keeper)
    detail = page(client, personas.staff, "energy:requisition_detail", req.pk)
    assert 'data-testid="slip-link"' in detail.content.decode()
    slip = page(client, personas.staff, "energy:requisition_slip", req.pk)
    assert slip.context["approvers"] == [str(personas.leader)]
    assert f'data-testid="slip-approver">{personas.leader}<' in slip.content.decode()


def test_queue_page_has_no_asking_buttons(client, personas, supplies):
    approved(personas, supplies, [(supplies.paper, 1)])
    response = page(client, supplies.keeper, "energy:requisition_queue")
    assert 'data-testid="mine-link"' not in response.content.decode()
    assert response.context["add_url"] is None
    listing = page(client, supplies.keeper, "energy:requisition_list").content.decode()
    assert 'data-testid="mine-link"' in listing


def test_approval_title_says_what_is_asked(personas, supplies):
    with translation.override("en"):
        req = ask(personas.staff, supplies.store, [(supplies.paper, 2), (supplies.pens, 4)])
    title = approval_of(req).title
    assert title == f"{req.department} · 2 items · ≈ 60.00 yuan ({req.number})"


def test_cost_per_department_to_the_cent(client, personas, supplies):
    req = approved(personas, supplies, [(supplies.paper, 1), (supplies.pens, 3)])
    requisition_issue(requisition=req, by=supplies.keeper)
    year = req.issued_at.year
    response = page(client, personas.leader, "energy:supplies_cost", year=year)
    row = response.context["rows"][0]
    assert row["total"] == Decimal("32.50") and row["total"].as_tuple().exponent == -2
    html = response.content.decode()
    assert 'data-testid="grand-total">32.50<' in html and 'data-testid="footnote"' in html
