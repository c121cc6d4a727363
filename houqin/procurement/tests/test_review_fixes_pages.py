"""Fixes after the walk-through and the probe: the procurement words of the catalogue, debarred
bidders, bidder names in the history, oversized figures, the next-stage date, the request page
on a phone, the home cards, the shortened ledgers, the debarment status and the savings page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from houqin.core.models import Event
from houqin.procurement.choices import ProjectStatus, Stage
from houqin.procurement.forms.projects import BidForm
from houqin.procurement.models import Bid, Debarment, Jurisdiction, Project
from houqin.procurement.services import projects as services
from houqin.procurement.services import rules
from houqin.procurement.services.suppliers import debarment_add, debarment_lift
from houqin.procurement.tables.projects import ProjectTable
from houqin.procurement.tests.helpers_pages import *  # noqa: F403
from houqin.procurement.tests.helpers_pages import make_request, make_supplier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (a test that checks the Chinese asks for it)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _debar(supplier, by, *, starts=None, ends=None) -> Debarment:
    return debarment_add(
        debarment=Debarment(
            supplier=supplier,
            starts_on=starts or timezone.localdate() - timedelta(days=10),
            ends_on=ends,
            authority="市财政局",
            reason="提供虚假材料",
        ),
        by=by,
    )


# 1. Procurement words of their own ---------------------------------------------------------


def test_procurement_words_do_not_borrow_other_modules_meanings():
    from houqin.procurement.models import Notice
    from houqin.procurement.tables.rules import JurisdictionTable

    with translation.override("zh-hans"):
        assert str(ProjectStatus.ACTIVE.label) != "维修中"
        assert str(Stage.ACCEPTED.label) != "已接受"
        assert str(ProjectTable.base_columns["method"].label) == "采购方式"
        assert str(Bid._meta.get_field("rank").verbose_name) != "职级"
        assert str(Debarment._meta.get_field("authority").verbose_name) != "审批人"
        assert str(Jurisdiction._meta.get_field("level").verbose_name) != "层号"
        assert str(JurisdictionTable.base_columns["level"].label) != "审批级次"
        assert str(Notice._meta.get_field("body").verbose_name) != "文字"
        from houqin.procurement.forms.projects import EvaluateForm

        assert str(EvaluateForm.base_fields["rank"].label) != "职级"


def test_ledger_method_filter_and_bid_rank_header(client, buyer, project):
    client.force_login(buyer)
    page = client.get(reverse("procurement:project_list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert "消杀方式" not in body and "维修中" not in body and "采购方式" in body
    detail = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "职级" not in detail.content.decode()


# 2. Debarred bidders -----------------------------------------------------------------------


def test_a_debarred_supplier_cannot_bid(buyer, project, supplier):
    debarment = _debar(supplier, buyer)
    with pytest.raises(ValidationError) as exc:
        services.bid_record(
            project=project,
            supplier=supplier,
            price_yuan="9000",
            submitted_at=timezone.now(),
            by=buyer,
        )
    message = exc.value.message_dict["supplier"][0]
    assert debarment.number in message and "市财政局" in message
    assert not Bid.objects.exists()


def test_a_bid_before_the_debarment_is_recorded(buyer, project, supplier):
    _debar(supplier, buyer, starts=timezone.localdate())
    bid = services.bid_record(
        project=project,
        supplier=supplier,
        price_yuan="9000",
        submitted_at=timezone.now() - timedelta(days=2),
        by=buyer,
    )
    assert bid.pk


def test_the_bid_form_does_not_offer_debarred_suppliers(client, buyer, personas, project):
    clean = make_supplier(personas.site, "福州清白有限公司", "91350100M000200Y46")
    barred = make_supplier(personas.site, "福州禁入有限公司", "91350100M000300Y41")
    _debar(barred, buyer)
    assert list(BidForm(project=project).fields["supplier"].queryset) == [clean]
    client.force_login(buyer)
    body = client.get(project.get_absolute_url()).content.decode()
    assert "福州清白有限公司" in body and "福州禁入有限公司" not in body


# 3. No bidder names in the history ---------------------------------------------------------


def test_bid_events_do_not_name_the_bidder(client, personas, buyer):
    project = make_request(personas.site, personas.staff, requester=personas.staff.person)
    supplier = make_supplier(personas.site, "福州秘密投标人有限公司", "91350100M000100Y43")
    bid = services.bid_record(
        project=project,
        supplier=supplier,
        price_yuan="9000",
        submitted_at=timezone.now(),
        by=buyer,
    )
    assert not Event.objects.filter(detail__contains="秘密投标人").exists()
    client.force_login(personas.staff)
    page = client.get(project.get_absolute_url())
    assert page.status_code == 200 and "秘密投标人" not in page.content.decode()
    assert bid.pk


def test_bid_evaluation_event_does_not_name_the_bidder(buyer, project, supplier, monkeypatch):
    bid = services.bid_record(
        project=project,
        supplier=supplier,
        price_yuan="9000",
        submitted_at=timezone.now(),
        by=buyer,
    )
    monkeypatch.setattr(services, "stage_dates", lambda p: {Stage.OPENED: timezone.localdate()})
    services.bid_evaluate(bid=bid, score="90", rank=1, is_valid=True, by=buyer)
    events = Event.objects.filter(verb__in=["bid_record", "bid_evaluate"])
    assert events.count() == 2
    assert all(supplier.name not in e.detail for e in events)


# 4. Bad figures ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "１２", "-3", "99999999999999999999999"])
def test_a_non_numeric_supplier_is_refused(buyer, project, value):
    with pytest.raises(ValidationError) as exc:
        services.bid_record(
            project=project,
            supplier=value,
            price_yuan="9000",
            submitted_at=timezone.now(),
            by=buyer,
        )
    assert "supplier" in exc.value.message_dict


def test_an_astronomic_price_is_refused(buyer, project, supplier):
    with pytest.raises(ValidationError) as exc:
        services.bid_record(
            project=project,
            supplier=supplier,
            price_yuan="1e30",
            submitted_at=timezone.now(),
            by=buyer,
        )
    assert "cannot exceed" in exc.value.message_dict["price_yuan"][0]
    assert not Bid.objects.exists()


def _request_post(department, rows):
    data = {
        "department": department.pk,
        "title": "巨额采购",
        "object_type": "goods",
        "funding_source": "fiscal",
        "method": "public_tender",
        "lines-TOTAL_FORMS": "5",
        "lines-INITIAL_FORMS": "0",
    }
    for i, (qty, price) in enumerate(rows):
        data.update(
            {
                f"lines-{i}-name": f"设备{i}",
                f"lines-{i}-quantity": qty,
                f"lines-{i}-unit": "台",
                f"lines-{i}-unit_price_yuan": price,
            }
        )
    return data


def test_a_request_above_the_largest_amount_is_a_400(client, buyer, personas):
    from houqin.core.models import Department

    department = Department.objects.filter(site=personas.site).first()
    client.force_login(buyer)
    before = Project.objects.count()
    response = client.post(
        reverse("procurement:project_add"),
        _request_post(department, [("9999999999", "999999999999")]),
    )
    assert response.status_code == 400 and Project.objects.count() == before
    assert "cannot exceed" in response.content.decode()


# 5. The next-stage date --------------------------------------------------------------------


def test_no_form_before_the_window_opens(client, buyer, project, monkeypatch):
    later = timezone.localdate() + timedelta(days=9)
    monkeypatch.setattr(rules, "stage_window", lambda p, s, **kw: rules.Window(earliest=later))
    client.force_login(buyer)
    body = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="stage-not-yet"' in body and later.strftime("%Y-%m-%d") in body
    assert reverse("procurement:project_advance", args=[project.pk]) not in body


def test_the_date_defaults_within_the_window(client, buyer, project, monkeypatch):
    due = timezone.localdate() - timedelta(days=3)
    monkeypatch.setattr(rules, "stage_window", lambda p, s, **kw: rules.Window(latest=due))
    client.force_login(buyer)
    response = client.get(project.get_absolute_url())
    initial = response.context["advance_form"].initial["at"]
    assert timezone.localtime(initial).date() == due


# 6. The request page and "my requests" -----------------------------------------------------


def test_request_page_for_staff(client, personas, buyer):
    client.force_login(personas.staff)
    body = client.get(reverse("procurement:project_add")).content.decode()
    assert "houqin/procurement_request.js" in body and "request-lines" in body
    assert 'data-testid="threshold-rules">' in body  # closed for staff
    assert 'data-label="Quantity"' in body
    assert "<script>" not in body.split("<body", 1)[1]  # no inline script
    assert "selected" in body.split('name="department"', 1)[1].split("</select>", 1)[0]


def test_request_page_open_thresholds_for_the_officer(client, buyer):
    client.force_login(buyer)
    body = client.get(reverse("procurement:project_add")).content.decode()
    assert 'data-testid="threshold-rules" open>' in body


def test_my_requests_has_only_status_year_and_search(client, personas, buyer):
    make_request(personas.site, personas.staff, requester=personas.staff.person)
    client.force_login(personas.staff)
    body = client.get(reverse("procurement:project_mine")).content.decode()
    assert 'name="site"' not in body and 'name="department"' not in body
    assert 'name="status"' in body and 'name="year"' in body and 'name="q"' in body
    assert ">10,000.00<" in body


# 7. Home cards -----------------------------------------------------------------------------


def test_the_officer_sees_the_procurement_cards(client, buyer, project):
    client.force_login(buyer)
    body = client.get(reverse("home")).content.decode()
    assert "Procurement projects in progress" in body


# 8. and 9. Shorter ledgers, the debarment status --------------------------------------------


def test_ledger_page_is_short_and_the_export_complete(client, buyer, project):
    client.force_login(buyer)
    body = client.get(reverse("procurement:project_list")).content.decode()
    assert 'data-label="Stage"' not in body and 'data-label="Object"' not in body
    export = client.get(reverse("procurement:project_list"), {"export": "xlsx"})
    header = [c.value for c in load_workbook(BytesIO(export.content)).active[3]]
    assert "Stage" in header and "Object" in header


def test_debarment_list_shows_the_status(client, buyer, personas):
    today = timezone.localdate()
    in_force = _debar(make_supplier(personas.site, "甲", "91350100M000100Y43"), buyer)
    ended = _debar(
        make_supplier(personas.site, "乙", "91350100M000200Y46"),
        buyer,
        starts=today - timedelta(days=30),
        ends=today - timedelta(days=1),
    )
    lifted = _debar(make_supplier(personas.site, "丙", "91350100M000300Y41"), buyer)
    debarment_lift(debarment=lifted, by=buyer, reason="复议撤销")
    client.force_login(buyer)
    body = client.get(reverse("procurement:debarment_list")).content.decode()
    rows = {
        d.number: body.split(d.number, 1)[1].split("</tr>", 1)[0] for d in (in_force, ended, lifted)
    }
    assert ">in force<" in rows[in_force.number]
    assert ">ended<" in rows[ended.number]
    assert ">lifted<" in rows[lifted.number]
    assert 'data-label="Reason"' not in body
    export = client.get(reverse("procurement:debarment_list"), {"export": "xlsx"})
    header = [c.value for c in load_workbook(BytesIO(export.content)).active[3]]
    assert "Reason" in header and "Unified social credit code" in header


# 10. The savings page ----------------------------------------------------------------------


def test_savings_page_formats(client, buyer, personas):
    project = make_request(personas.site, buyer, days_ago=0)
    Project.objects.filter(pk=project.pk).update(
        contract_yuan=Decimal("8540.00"), contract_signed_on=timezone.localdate()
    )
    client.force_login(buyer)
    body = client.get(reverse("procurement:savings")).content.decode()
    assert ">Projects<" in body
    assert ">10,000.00<" in body and ">1,460.00<" in body
    assert ">14.6<" in body and "14.6 %" in body
    chinese = client.get(reverse("procurement:savings"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert 'data-testid="total-budget">10,000.00<' in chinese.content.decode()
