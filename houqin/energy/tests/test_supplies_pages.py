"""Supplies pages: who may open what (wrong role 403, wrong site 404, right user 200), asking
on a phone, the storekeeper's queue, issue (short, refused), returns, withdraw, the slip, the
catalogue with low stock, cost per department, Excel exports and query counts."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from houqin.energy.choices import RequisitionStatus
from houqin.energy.models import Requisition
from houqin.energy.tests.helpers_supplies import *  # noqa: F403  (fixtures)
from houqin.energy.tests.helpers_supplies import approved, ask

pytestmark = [pytest.mark.django_db]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def page(client, user, name, *args, **data):
    client.force_login(user)
    return client.get(reverse(name, args=args), data, **EN)


def post(client, user, name, *args, **data):
    client.force_login(user)
    return client.post(reverse(name, args=args), data, **EN)


def test_ask_page_shows_catalogue_and_submits(client, personas, supplies):
    response = page(client, personas.staff, "energy:requisition_add")
    assert response.status_code == 200
    html = response.content.decode()
    assert "复印纸" in html and "10 包" in html and "硒鼓" in html
    assert 'name="department"' not in html  # staff ask for their own department only
    response = post(
        client, personas.staff, "energy:requisition_add",
        store=supplies.store.pk, purpose="季度办公",
        **{f"qty_{supplies.paper.pk}": "2", f"qty_{supplies.pens.pk}": ""},
    )  # fmt: skip
    req = Requisition.objects.get()
    assert response.status_code == 302 and response.url == req.get_absolute_url()
    assert req.department == supplies.office and req.purpose == "季度办公"
    assert [(line.item, line.quantity) for line in req.lines.all()] == [(supplies.paper, 2)]


def test_ask_page_refuses_bad_input(client, personas, supplies):
    response = post(client, personas.staff, "energy:requisition_add", store=supplies.store.pk)
    assert response.status_code == 400 and "Ask for at least one item" in response.content.decode()
    bad = post(client, personas.staff, "energy:requisition_add", store=supplies.other_store.pk,
               **{f"qty_{supplies.paper.pk}": "-1"})  # fmt: skip
    assert bad.status_code == 400
    assert not Requisition.objects.exists()
    assert page(client, personas.nobody, "energy:requisition_add").status_code == 403


def test_storekeeper_may_ask_for_a_department(client, personas, supplies):
    response = post(
        client, supplies.keeper, "energy:requisition_add", store=supplies.store.pk,
        department=supplies.finance.pk, **{f"qty_{supplies.pens.pk}": "5"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Requisition.objects.get().department == supplies.finance


def test_detail_access(client, personas, supplies):
    req = ask(personas.staff, supplies.store, [(supplies.paper, 2)])
    for user in (personas.staff, personas.leader, supplies.keeper):
        response = page(client, user, "energy:requisition_detail", req.pk)
        assert response.status_code == 200, user
        assert req.number in response.content.decode()
    assert (
        page(client, supplies.other_keeper, "energy:requisition_detail", req.pk).status_code == 404
    )
    assert page(client, personas.outsider, "energy:requisition_detail", req.pk).status_code == 404
    assert page(client, personas.nobody, "energy:requisition_detail", req.pk).status_code == 403


def test_lists_access_and_queue(client, personas, supplies, django_assert_max_num_queries):
    for _ in range(3):
        approved(personas, supplies, [(supplies.paper, 1), (supplies.pens, 2)])
    waiting = ask(personas.staff, supplies.store, [(supplies.pens, 1)])
    for name in ("energy:requisition_list", "energy:requisition_queue"):
        assert page(client, personas.staff, name).status_code == 403
        assert page(client, supplies.keeper, name).status_code == 200
        other = page(client, supplies.other_keeper, name)
        assert other.status_code == 200 and waiting.number not in other.content.decode()
    assert page(client, personas.leader, "energy:requisition_list").status_code == 200
    assert page(client, personas.leader, "energy:requisition_queue").status_code == 403
    client.force_login(supplies.keeper)
    with django_assert_max_num_queries(18):
        queue = client.get(reverse("energy:requisition_queue"))
    html = queue.content.decode()
    assert html.count("LY") >= 3 and waiting.number not in html
    with django_assert_max_num_queries(18):
        assert client.get(reverse("energy:requisition_list")).status_code == 200
    client.force_login(personas.staff)
    with django_assert_max_num_queries(18):
        mine = client.get(reverse("energy:requisition_mine"))
    assert mine.status_code == 200 and waiting.number in mine.content.decode()
    other_mine = page(client, personas.outsider, "energy:requisition_mine")
    assert other_mine.status_code == 200 and waiting.number not in other_mine.content.decode()


def test_list_export(client, personas, supplies):
    req = approved(personas, supplies, [(supplies.paper, 1)])
    response = page(client, supplies.keeper, "energy:requisition_list", export="xlsx",
                    status="approved")  # fmt: skip
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert req.number in [c.value for row in sheet.iter_rows() for c in row]


def test_issue_short_and_return_through_pages(client, personas, supplies):
    req = approved(personas, supplies, [(supplies.paper, 4), (supplies.pens, 10)])
    lines = {line.item_id: line.pk for line in req.lines.all()}
    data = {f"line_{lines[supplies.paper.pk]}": "3", f"line_{lines[supplies.pens.pk]}": "10",
            "received_by": "李四"}  # fmt: skip
    assert (
        post(client, personas.staff, "energy:requisition_issue", req.pk, **data).status_code == 403
    )
    assert post(client, supplies.other_keeper, "energy:requisition_issue", req.pk,
                **data).status_code == 404  # fmt: skip
    response = post(client, supplies.keeper, "energy:requisition_issue", req.pk, **data)
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequisitionStatus.ISSUED and req.received_by == "李四"
    detail = page(client, supplies.keeper, "energy:requisition_detail", req.pk).content.decode()
    assert 'data-testid="short">1<' in detail and 'data-testid="return-form"' in detail
    post(client, supplies.keeper, "energy:requisition_return", req.pk,
         item=supplies.paper.pk, quantity="1", note="退回")  # fmt: skip
    too_many = post(client, supplies.keeper, "energy:requisition_return", req.pk,
                    item=supplies.paper.pk, quantity="5")  # fmt: skip
    assert too_many.status_code == 302
    assert req.lines.get(item=supplies.paper).issued_quantity == 3
    slip = page(client, personas.staff, "energy:requisition_slip", req.pk)
    assert slip.status_code == 200 and "李四" in slip.content.decode()
    assert page(client, personas.outsider, "energy:requisition_slip", req.pk).status_code == 404


def test_insufficient_stock_page_changes_nothing(client, personas, supplies):
    req = approved(personas, supplies, [(supplies.paper, 12)])
    response = post(client, supplies.keeper, "energy:requisition_issue", req.pk,
                    **{f"line_{req.lines.get().pk}": "12"})  # fmt: skip
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequisitionStatus.APPROVED
    detail = client.get(req.get_absolute_url(), **EN).content.decode()
    assert "10 包 on hand" in detail


def test_withdraw_and_void_pages(client, personas, supplies):
    req = ask(personas.staff, supplies.store, [(supplies.pens, 1)])
    assert post(client, personas.leader, "energy:requisition_withdraw", req.pk).status_code == 302
    req.refresh_from_db()
    assert req.status == RequisitionStatus.PENDING  # only the requester may withdraw
    post(client, personas.staff, "energy:requisition_withdraw", req.pk)
    req.refresh_from_db()
    assert req.status == RequisitionStatus.WITHDRAWN
    other = ask(personas.staff, supplies.store, [(supplies.pens, 1)])
    assert post(client, personas.staff, "energy:requisition_void", other.pk,
                reason="x").status_code == 403  # fmt: skip
    assert post(client, supplies.keeper, "energy:requisition_void", other.pk,
                reason="重复").status_code == 302  # fmt: skip
    other.refresh_from_db()
    assert other.voided_at is not None


def test_catalogue(client, personas, supplies):
    approved_req = approved(personas, supplies, [(supplies.paper, 6)])
    from houqin.energy.services.supplies import requisition_issue

    requisition_issue(requisition=approved_req, by=supplies.keeper)  # 4 reams left: low
    assert page(client, personas.staff, "energy:supplies_catalogue").status_code == 403
    response = page(client, supplies.keeper, "energy:supplies_catalogue")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="low"' in html
    assert reverse("stock:receive") in html and reverse("stock:stocktake_add") in html
    assert html.count('data-testid="low"') == 1
    other = page(client, supplies.other_keeper, "energy:supplies_catalogue").content.decode()
    assert "中性笔" not in other


def test_cost_page_and_export(client, personas, supplies):
    from houqin.energy.services.supplies import requisition_issue

    req = approved(personas, supplies, [(supplies.paper, 2)])
    requisition_issue(requisition=req, by=supplies.keeper)
    year = req.issued_at.year
    assert page(client, personas.staff, "energy:supplies_cost", year=year).status_code == 403
    response = page(client, personas.leader, "energy:supplies_cost", year=year)
    html = response.content.decode()
    assert response.status_code == 200 and "50.00" in html
    export = page(client, supplies.keeper, "energy:supplies_cost", year=year, export="xlsx")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == supplies.office.name and rows[2][13] == 50.0
    assert Decimal(str(rows[2][15])) > 0
