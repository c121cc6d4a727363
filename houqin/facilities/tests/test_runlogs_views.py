"""The run-log pages: the one-screen shift entry, its summary, the ledger and its export, a
log's page, voiding, and the operating shifts — each refusing the wrong role and site."""

from __future__ import annotations

import io
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from houqin.facilities.choices import RunStatus
from houqin.facilities.models import OperatingShift, RunLog, WorkOrder
from houqin.facilities.services.runlogs import RunEntry, run_logs_record
from houqin.facilities.views.runlogs import ROOM_SESSION_KEY

pytestmark = pytest.mark.django_db

SHIFT = reverse("facilities:runlog_shift")
LIST = reverse("facilities:runlog_list")
LIST_QUERIES = 15  # session, user, roles, menu, filter choices, count, page
YESTERDAY = timezone.localdate() - timedelta(days=1)


def logged(plant, by, unit=None, **extra):
    unit = unit or plant.chiller
    extra.setdefault("readings", {"supply_temp": "7", "return_temp": "12"})
    entry = RunEntry(equipment=unit, **extra)
    (log,) = run_logs_record(
        site=plant.site, shift_date=YESTERDAY, shift=plant.shifts[0], by=by, entries=[entry]
    )
    return log


def shift_post(plant, **cards) -> dict:
    """A POST of the entry screen for yesterday's early shift of the plant room."""
    data = {"room": plant.room.pk, "shift_date": YESTERDAY.isoformat(), "shift": plant.shifts[0].pk}
    defaults = {
        plant.chiller: {"r_supply_temp": "7", "r_return_temp": "12"},
        plant.pump: {"r_supply_temp": "6", "r_return_temp": "11"},
        plant.switchgear: {"r_voltage": "400", "r_load": "80"},
    }
    for unit, fields in defaults.items():
        fields = {**fields, "status": "normal", **cards.get(unit.code.replace("-", "_"), {})}
        data.update({f"u{unit.pk}_{name}": value for name, value in fields.items()})
    return data


def test_the_entry_screen_shows_one_card_per_unit_of_the_room(client, plant, tech):
    client.force_login(tech)
    response = client.get(SHIFT)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="unit-card"') == 3
    assert "AC-01" in html and "PD-01" in html and "EL-01" not in html
    assert 'inputmode="decimal"' in html and "5–12 °C" in html
    assert "runlogs.js" in html


def test_a_technician_logs_a_shift_and_sees_the_summary(client, plant, tech, fm):
    client.force_login(tech)
    data = shift_post(
        plant,
        AC_02={
            "status": "abnormal",
            "anomaly": "水泵异响",
            "work_order": "on",
            "r_supply_temp": "13",
        },
    )
    response = client.post(SHIFT, data)
    assert response.status_code == 302
    assert RunLog.objects.count() == 3
    order = WorkOrder.objects.get()
    assert client.session[ROOM_SESSION_KEY] == plant.room.pk
    summary = client.get(response["Location"])
    html = summary.content.decode()
    for log in RunLog.objects.all():
        assert log.number in html
    assert f'href="{order.get_absolute_url()}" data-testid="work-order-number"' in html
    assert RunLog.objects.get(equipment=plant.pump).work_order == order


def test_errors_show_on_the_units_card_and_nothing_is_saved(client, plant, tech):
    client.force_login(tech)
    data = shift_post(plant, PD_01={"r_voltage": "500"}, AC_01={"r_supply_temp": "abc"})
    response = client.post(SHIFT, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('data-testid="card-errors"') == 2
    assert (
        'data-testid="attention"' in html and "2" in html.split('data-testid="attention">')[1][:20]
    )
    assert "500" in html and "370–420 V" in html
    assert not RunLog.objects.exists()


def test_units_already_logged_show_as_done_and_the_rest_save(client, plant, tech):
    log = logged(plant, tech)
    client.force_login(tech)
    query = {k: v for k, v in shift_post(plant).items() if k in ("room", "shift_date", "shift")}
    html = client.get(SHIFT, query).content.decode()
    assert html.count('data-testid="unit-card"') == 2
    assert html.count('data-testid="done-card"') == 1
    assert f'href="{reverse("facilities:runlog_detail", args=[log.pk])}"' in html
    assert f'name="u{plant.chiller.pk}_status"' not in html
    response = client.post(SHIFT, shift_post(plant))  # the chiller's stale fields are ignored
    assert response.status_code == 302
    assert RunLog.objects.count() == 3
    html = client.get(SHIFT, query).content.decode()
    assert html.count('data-testid="done-card"') == 3
    assert 'data-testid="room-done"' in html and 'data-testid="save-shift"' not in html


def test_bad_header_values_are_refused_without_500(client, plant, other_plant, tech):
    client.force_login(tech)
    for bad in (
        {"room": "x"},
        {"room": other_plant.room.pk},
        {"shift": other_plant.shifts[0].pk},
        {"shift_date": "2026-13-40"},
        {"shift_date": "0001-01-01"},
    ):
        response = client.post(SHIFT, {**shift_post(plant), **bad})
        assert response.status_code == 400
    assert not RunLog.objects.exists()


@pytest.mark.parametrize("name", ["staff", "guard", "nobody"])
def test_the_entry_screen_refuses_roles_without_add_runlog(client, personas, plant, name):
    client.force_login(getattr(personas, name))
    assert client.get(SHIFT).status_code == 403
    assert client.post(SHIFT, shift_post(plant)).status_code == 403


def test_a_technician_of_another_site_cannot_log_this_sites_room(client, plant, other_tech):
    client.force_login(other_tech)
    response = client.get(SHIFT)
    assert response.status_code == 200
    assert f'<option value="{plant.room.pk}"' not in response.content.decode()
    assert client.post(SHIFT, shift_post(plant)).status_code == 400
    assert not RunLog.objects.exists()


def test_the_ledger_lists_filters_and_exports(
    client, plant, tech, fm, django_assert_max_num_queries
):
    logged(plant, tech)
    logged(plant, tech, plant.pump, status=RunStatus.ABNORMAL, anomaly="异响", open_work_order=True)
    client.force_login(fm)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert response.status_code == 200
    logged(plant, tech, plant.switchgear, readings={"voltage": "400", "load": "1"})
    with django_assert_max_num_queries(LIST_QUERIES):  # more rows, no more queries
        response = client.get(LIST)
    numbers = list(RunLog.objects.values_list("number", flat=True))
    assert all(number in response.content.decode() for number in numbers)
    pump = RunLog.objects.get(equipment=plant.pump).number
    abnormal = client.get(LIST, {"status": "abnormal", "system": "central_ac"}).content.decode()
    assert pump in abnormal and all(n not in abnormal for n in numbers if n != pump)
    assert client.get(LIST, {"date_after": "2026-99-01", "equipment": "x"}).status_code == 200
    export = client.get(LIST, {"export": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert all(number in cells for number in numbers)


def test_the_ledger_is_limited_to_the_users_sites(client, plant, other_plant, tech, other_tech):
    mine = logged(plant, tech)
    theirs = logged(other_plant, other_tech, other_plant.chiller)
    client.force_login(tech)
    html = client.get(LIST).content.decode()
    assert mine.number in html
    assert client.get(reverse("facilities:runlog_detail", args=[theirs.pk])).status_code == 404


def test_the_detail_page_marks_out_of_range_readings_and_links_the_work_order(client, plant, tech):
    log = run_logs_record(
        site=plant.site,
        shift_date=YESTERDAY,
        shift=plant.shifts[0],
        by=tech,
        entries=[
            RunEntry(
                equipment=plant.chiller,
                readings={"supply_temp": "15", "return_temp": "12"},
                status=RunStatus.ABNORMAL,
                anomaly="出水温度高",
                open_work_order=True,
            )
        ],
    )[0]
    client.force_login(tech)
    response = client.get(log.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("data-out-of-range") == 1
    assert "供水温度" in html and "°C" in html
    assert log.work_order.number in html


def test_voiding_needs_void_runlog_at_the_site(client, plant, tech, fm):
    log = logged(plant, tech)
    url = reverse("facilities:runlog_void", args=[log.pk])
    client.force_login(tech)
    assert client.post(url, {"reason": "录错"}).status_code == 403
    client.force_login(fm)
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "录错"}).status_code == 302
    log.refresh_from_db()
    assert log.voided_at is not None


def test_void_of_another_sites_log_is_404(client, other_plant, other_tech, fm):
    theirs = logged(other_plant, other_tech, other_plant.chiller)
    client.force_login(fm)
    assert (
        client.post(
            reverse("facilities:runlog_void", args=[theirs.pk]), {"reason": "x"}
        ).status_code
        == 404
    )


def test_managers_keep_the_operating_shifts(client, personas, plant, fm, tech):
    add = reverse("facilities:operatingshift_add")
    client.force_login(tech)
    assert client.get(reverse("facilities:operatingshift_list")).status_code == 200
    assert client.get(add).status_code == 403
    client.force_login(fm)
    data = {
        "site": personas.site.pk,
        "name": "白班",
        "start_time": "09:00",
        "hours": 12,
        "position": 5,
        "is_active": "on",
    }
    assert client.post(add, data).status_code == 302
    shift = OperatingShift.objects.get(name="白班")
    assert shift.start_time == time(9) and shift.hours == 12
    assert client.post(add, {**data, "hours": 30}).status_code == 200
    assert client.post(add, {**data, "site": personas.other_site.pk}).status_code == 200
    edit = reverse("facilities:operatingshift_edit", args=[shift.pk])
    assert client.post(edit, {**data, "hours": 10}).status_code == 302
    shift.refresh_from_db()
    assert shift.hours == 10
    assert (
        client.get(reverse("facilities:operatingshift_detail", args=[shift.pk])).status_code == 200
    )


def test_dashboard_cards_count_todays_shifts(rf, plant, tech, personas):
    from houqin.facilities.queries.runlogs import dashboard_cards

    request = rf.get("/")
    request.user, request.site = tech, None
    assert [card.value for card in dashboard_cards(request)] == [0, 0]
    request.user = personas.guard
    assert dashboard_cards(request) == []
