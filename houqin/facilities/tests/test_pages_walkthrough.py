"""What a walk-through of the facilities pages found, each kept fixed: dates on date inputs,
home cards matching their lists, the certificate and category lists, the ledger and its export,
radio buttons, labels, the technician's and reporter's lists and the maintenance to-do list."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django import forms
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Location
from houqin.facilities.choices import TaskStatus
from houqin.facilities.forms.workorders import RateForm
from houqin.facilities.models import EquipmentCategory, MaintenanceTask, RunLog, WorkOrder
from houqin.facilities.queries import equipment as equipment_queries
from houqin.facilities.queries import runlogs as runlog_queries
from houqin.facilities.queries import workorders as workorder_queries
from houqin.facilities.services import maintenance as maintenance_services
from houqin.facilities.services import workorders as services
from houqin.facilities.services.equipment import certificate_add
from houqin.facilities.services.runlogs import RunEntry, run_logs_record
from houqin.facilities.tests.test_maintenance_services import make_plan

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _count(html: str) -> int:
    """The record count in the list page's footer."""
    marker = 'data-testid="count">'
    return int(re.match(r"\D*([\d,]+)", html.split(marker)[1]).group(1).replace(",", ""))


def _card_matches_list(client, card) -> None:
    html = client.get(card.url).content.decode()
    assert _count(html) == card.value, card.label


def _request(user, site=None):
    request = RequestFactory().get("/")
    request.user, request.site = user, site
    return request


def _open(personas, plant, **extra):
    return services.work_order_open(
        site=personas.site, description="漏水" * 30, by=personas.staff, location=plant.room, **extra
    )


# 1. Dates render ISO on date inputs ---------------------------------------------------------


def test_plan_edit_shows_its_dates_in_iso_so_the_browser_keeps_them(plant, fm):
    end_on = date(timezone.localdate().year + 5, 12, 31)
    plan = make_plan(plant.chiller, start_on=date(2005, 1, 5), end_on=end_on)
    url = reverse("facilities:maintenanceplan_edit", args=[plan.pk])
    html = login(fm).get(url).content.decode()  # Chinese UI: the locale format is 2005/01/05
    assert 'value="2005-01-05"' in html and f'value="{end_on.isoformat()}"' in html


# 4. Home cards count what their lists show ----------------------------------------------------


def test_run_log_cards_match_their_filtered_lists(plant, tech, fm, personas):
    today = timezone.localdate()
    entries = [
        RunEntry(equipment=plant.chiller, readings={"supply_temp": "7", "return_temp": "12"}),
        RunEntry(
            equipment=plant.pump,
            readings={"supply_temp": "7", "return_temp": "12"},
            status="abnormal",
            anomaly="异响",
        ),
    ]
    shift = plant.shifts[2]  # the night shift starts at 0:00, so today's is always over or on
    run_logs_record(site=plant.site, shift_date=today, shift=shift, by=tech, entries=entries)
    logs = run_logs_record(
        site=plant.site,
        shift_date=today - timedelta(days=1),
        shift=shift,
        by=tech,
        entries=[entries[0]],
    )
    assert logs and RunLog.objects.count() == 3
    cards = runlog_queries.dashboard_cards(_request(fm))
    assert [c.value for c in cards] == [2, 1]
    client = login(fm)
    for card in cards:
        _card_matches_list(client, card)


def test_work_order_cards_match_their_filtered_lists(plant, fm, tech, personas, english):
    waiting = _open(personas, plant)
    assigned = _open(personas, plant)
    services.work_order_dispatch(order=assigned, technician=tech, by=fm)
    done = _open(personas, plant)
    services.work_order_dispatch(order=done, technician=tech, by=fm)
    services.work_order_start(order=done, by=tech)
    services.work_order_complete(order=done, by=tech, resolution="换阀", labour_hours=Decimal(1))
    void = _open(personas, plant)
    WorkOrder.objects.filter(pk=void.pk).update(voided_at=timezone.now())
    cards = {c.label: c for c in workorder_queries.dashboard_cards(_request(fm))}
    assert cards["Open work orders"].value == 2
    assert cards["Waiting for dispatch"].value == 1
    client = login(fm)
    ledger = reverse("facilities:workorder_list")
    for card in cards.values():
        if card.url.split("?")[0] == ledger:  # not the technician's own phone list
            _card_matches_list(client, card)
    html = client.get(cards["Waiting for dispatch"].url).content.decode()
    assert waiting.number in html and assigned.number not in html
    tech_labels = [c.label for c in workorder_queries.dashboard_cards(_request(tech))]
    assert "Waiting for dispatch" not in tech_labels


def test_lift_card_lists_the_lifts_due_with_their_due_date(plant, fm):
    today = timezone.localdate()
    plant.lift.first_used_on = today - timedelta(days=345)
    plant.lift.save(update_fields=["first_used_on"])
    certificate_add(
        equipment=plant.lift,
        by=None,
        kind="registration",
        issued_on=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    cert_card, lift_card = equipment_queries.dashboard_cards(_request(fm))
    assert (cert_card.value, lift_card.value) == (1, 1)
    client = login(fm)
    _card_matches_list(client, cert_card)
    html = client.get(lift_card.url).content.decode()
    assert _count(html) == 1 and "EL-01" in html and "AC-01" not in html
    due = (plant.lift.first_used_on.replace(year=plant.lift.first_used_on.year + 1)).isoformat()
    assert due in html  # the due-date column


# 5. Certificates: only the current one of a unit and kind is highlighted ---------------------


def test_superseded_certificates_are_hidden_by_default_and_never_red(plant, fm):
    today = timezone.localdate()
    for number, issued in (("OLD-1", 800), ("NEW-1", 10)):
        certificate_add(
            equipment=plant.lift,
            by=None,
            kind="periodic",
            number=number,
            issued_on=today - timedelta(days=issued),
            expires_on=today - timedelta(days=issued) + timedelta(days=365),
        )
    client = login(fm)
    url = reverse("facilities:certificate_list")
    html = client.get(url).content.decode()
    assert "NEW-1" in html and "OLD-1" not in html
    html = client.get(url, {"current": ""}).content.decode()  # "all"
    old_row = html.split("OLD-1")[0].rsplit("<tr", 1)[1]
    assert "table-danger" not in old_row and "NEW-1" in html


# 7. Category tree totals ------------------------------------------------------------------------


def test_parent_categories_count_their_childrens_units(plant, fm, django_assert_num_queries):
    parent = EquipmentCategory.objects.create(
        site=plant.site, code="HV", name="暖通", system="other"
    )
    plant.ac.parent = parent
    plant.ac.save(update_fields=["parent"])
    with django_assert_num_queries(1):
        tree = equipment_queries.category_tree(EquipmentCategory.objects.filter(site=plant.site))
    totals = {node.code: node.total_count for node, _depth in tree}
    assert totals["HV"] == 2 and totals["AC"] == 2 and totals["EL"] == 1


# 8 and 17. The ledger page is narrow; the Excel ledger keeps every column, hours as numbers ----


def test_ledger_page_is_trimmed_and_export_writes_numbers(plant, fm, tech, personas):
    order = _open(personas, plant, equipment=plant.chiller)
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    services.work_order_complete(order=order, by=tech, resolution="换阀", labour_hours=Decimal(2))
    client = login(fm)
    url = reverse("facilities:workorder_list")
    html = client.get(url).content.decode()
    head = html.split("<thead")[1].split("</thead>")[0]
    assert head.count("<th") == 9
    assert ("漏水" * 30)[:39] + "…" in html  # the fault truncated
    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[3]]
    assert len(header) == 14
    row = {h: cell.value for h, cell in zip(header, sheet[4], strict=True)}
    numeric = [v for v in row.values() if isinstance(v, int | float)]
    assert 2 in numeric and len(numeric) == 3  # response, repair and labour hours


# 9. Radio buttons and checkboxes ---------------------------------------------------------------


def test_radio_and_checkbox_lists_are_form_check_inputs():
    class Sample(StyledFormMixin, forms.Form):
        one = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        many = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
        text = forms.CharField()

    form = Sample()
    assert form.fields["one"].widget.attrs["class"] == "form-check-input"
    assert form.fields["many"].widget.attrs["class"] == "form-check-input"
    assert form.fields["text"].widget.attrs["class"] == "form-control"
    with translation.override("zh-hans"):  # not the approval comment's 审批意见
        assert str(RateForm().fields["comment"].label) != "审批意见"


# 10. Fault-report labels --------------------------------------------------------------------


def test_labels_button_and_codes_and_rooms_only_in_the_report_form(plant, fm, tech, personas):
    Location.objects.create(site=plant.site, code="G1", name="北门", kind=Location.Kind.GATE)
    Location.objects.create(site=plant.site, code="G2", name="北门", kind=Location.Kind.GATE)
    equipment_list = reverse("facilities:equipment_list")
    assert 'data-testid="fault-labels-link"' in login(fm).get(equipment_list).content.decode()
    assert 'data-testid="fault-labels-link"' not in login(tech).get(equipment_list).content.decode()
    labels = login(fm).get(reverse("facilities:location_labels")).content.decode()
    assert "G1 北门" in labels and "G2 北门" in labels
    report = login(personas.staff).get(reverse("facilities:workorder_report")).content.decode()
    assert "B1-01 制冷机房" in report and "北门" not in report


# 11. The ledger's building filter ------------------------------------------------------------


def test_ledger_building_filter_offers_and_applies_buildings(plant, fm, personas):
    order = _open(personas, plant)
    client = login(fm)
    url = reverse("facilities:workorder_list")
    html = client.get(url).content.decode()
    building = plant.room.building
    assert f'<option value="{building.pk}">A {building.name}</option>' in html
    html = client.get(url, {"building": building.pk}).content.decode()
    assert order.number in html and _count(html) == 1


# 12. Maintenance to-do list -------------------------------------------------------------------


def test_maintenance_tasks_open_as_a_to_do_list_overdue_first(plant, tech):
    today = timezone.localdate()
    make_plan(plant.chiller, start_on=today - timedelta(days=20), items=("检查",))
    make_plan(plant.pump, start_on=today + timedelta(days=3), items=("检查",))
    make_plan(plant.switchgear, start_on=today + timedelta(days=25), items=("检查",))
    maintenance_services.tasks_generate(today=today)
    MaintenanceTask.objects.filter(due_on__lt=today).update(status=TaskStatus.OVERDUE)
    html = login(tech).get(reverse("facilities:maintenancetask_list")).content.decode()
    body = html.split("<tbody>")[1]
    assert "AC-01" in body and "AC-02" in body and "PD-01" not in body
    assert body.index("AC-01") < body.index("AC-02")  # overdue first
    assert body.count('data-testid="complete-task"') == 2


def test_a_task_completed_with_a_repair_links_the_work_order(plant, tech):
    today = timezone.localdate()
    plan = make_plan(plant.chiller, start_on=today - timedelta(days=1), items=("检查",))
    maintenance_services.tasks_generate(today=today)
    task = plan.tasks.first()
    check = task.checks.get()
    client = login(tech)
    url = reverse("facilities:maintenancetask_complete", args=[task.pk])
    data = {f"check_{check.pk}": "fail", f"note_{check.pk}": "漏油", "open_work_order": "on"}
    assert client.post(url, data).status_code == 302
    order = WorkOrder.objects.get(maintenance_task=task)
    html = client.get(task.get_absolute_url()).content.decode()
    assert f'href="{order.get_absolute_url()}" data-testid="task-work-order">{order.number}' in html


# 13 and 14. The reporter's and the technician's lists --------------------------------------


def test_my_reports_are_paginated_newest_first(plant, personas):
    orders = [_open(personas, plant) for _ in range(21)]
    client = login(personas.staff)
    url = reverse("facilities:workorder_mine")
    first = client.get(url).content.decode()
    assert first.count("data-order=") == 20
    assert orders[-1].number in first and orders[0].number not in first
    assert orders[0].number in client.get(url, {"page": 2}).content.decode()


def test_technicians_list_hides_respond_by_once_started_and_marks_overdue(
    plant, fm, tech, personas
):
    late = _open(personas, plant, priority="urgent")
    started = _open(personas, plant)
    for order in (late, started):
        services.work_order_dispatch(order=order, technician=tech, by=fm)
    WorkOrder.objects.filter(pk=late.pk).update(respond_by=timezone.now() - timedelta(hours=1))
    services.work_order_start(order=started, by=tech)
    html = login(tech).get(reverse("facilities:workorder_assigned")).content.decode()
    late_item = html.split(f'data-order="{late.number}"')[0].rsplit("<div", 1)[1]
    assert "list-group-item-danger" in late_item
    started_item = html.split(f'data-order="{started.number}"')[1].split("data-order=")[0]
    assert "respond by" not in started_item and "响应" not in started_item


# 16. Wording -------------------------------------------------------------------------------------


def test_equipment_header_and_page_titles(plant, fm):
    client = login(fm)
    html = client.get(reverse("facilities:equipment_list")).content.decode()
    assert "<th" in html and "名称" in html.split("</thead>")[0]
    assert "姓名" not in html.split("</thead>")[0]
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(fm)
    assert "<h1" in english.get(reverse("facilities:certificate_list")).content.decode()
    html = english.get(reverse("facilities:equipmentcategory_list")).content.decode()
    assert "Equipment categories</h1>" in html
