"""Attempts to break the facilities pages and API: another site's ids, a wrong role, bad input
of every kind and steps out of order must be refused (403/404/400 or a message) with nothing
changed, and never answered with a 500."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from houqin.core.models import User
from houqin.core.services import scan_link_create, scan_link_revoke, scan_link_sign
from houqin.core.testing import make_user
from houqin.facilities.choices import WorkOrderStatus
from houqin.facilities.models import (
    Certificate,
    Equipment,
    MaintenancePlan,
    MaintenanceTask,
    MeterReading,
    OperatingShift,
    RunLog,
    WorkOrder,
)
from houqin.facilities.services import workorders as services

SCRIPT = "<script>alert(1)</script>"
RUNLOGS = "/api/facilities/runlogs/"
WORKORDERS = "/api/facilities/workorders/"
YESTERDAY = (timezone.localdate() - timedelta(days=1)).isoformat()


def url(name, **kwargs):
    return reverse(f"facilities:{name}", kwargs=kwargs or None)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def order(personas, plant):
    return services.work_order_open(
        site=personas.site, description="冷水机组异响", by=personas.staff, equipment=plant.chiller
    )


@pytest.fixture
def superuser(personas):
    return User.objects.create_superuser(username="root", password="x")


def _status(order) -> str:
    order.refresh_from_db()
    return order.status


# Work orders: another site's ids ------------------------------------------------------------


def test_report_form_refuses_another_sites_location_and_unit(client, personas, plant, other_plant):
    data = {
        "site": personas.site.pk,
        "location": other_plant.room.pk,
        "equipment": other_plant.chiller.pk,
        "description": "x",
        "priority": "normal",
    }
    response = login(client, personas.staff).post(url("workorder_report"), data)
    assert response.status_code == 400
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize("query", ["equipment", "location"])
def test_report_form_prefill_does_not_show_another_sites_place(
    client, personas, plant, other_plant, query
):
    other_plant.room.name = "别处机房"
    other_plant.room.save()
    target = other_plant.chiller if query == "equipment" else other_plant.room
    response = login(client, personas.staff).get(f"{url('workorder_report')}?{query}={target.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "别处机房" not in page
    assert f'name="site" value="{personas.other_site.pk}"' not in page
    assert f'name="site" value="{personas.site.pk}"' in page


@pytest.mark.parametrize(
    "raw", ["abc", "-1", "0", "99999999999999999999999", "1e5", "²", "%00", "1,2"]
)
def test_report_form_and_options_ignore_nonsense_ids(client, personas, plant, raw):
    login(client, personas.staff)
    for query in ("equipment", "location"):
        assert client.get(url("workorder_report"), {query: raw}).status_code == 200
    for query in ("building", "location"):
        assert client.get(url("workorder_options"), {query: raw}).status_code == 200


def test_options_list_no_rooms_or_units_of_another_site(client, personas, plant, other_plant):
    login(client, personas.staff)
    units = client.get(url("workorder_options"), {"location": other_plant.room.pk})
    assert other_plant.chiller.code not in units.content.decode()
    rooms = client.get(url("workorder_options"), {"building": other_plant.room.building_id})
    assert other_plant.room.code not in rooms.content.decode()


def test_dispatch_refuses_a_technician_of_another_site_or_a_non_technician(
    client, personas, order, fm, other_tech
):
    login(client, fm)
    for who in (other_tech, personas.staff, personas.guard):
        data = {"technician": who.pk, "priority": "normal"}
        assert client.post(url("workorder_dispatch", pk=order.pk), data).status_code == 400
    for raw in ("abc", "99999999999999999999999", ""):
        data = {"technician": raw, "priority": "bogus"}
        assert client.post(url("workorder_dispatch", pk=order.pk), data).status_code == 400
    assert _status(order) == WorkOrderStatus.REPORTED


def test_api_dispatch_refuses_a_technician_of_another_site(api, order, fm, other_tech, english):
    api.force_authenticate(fm)
    for body in ({"technician": other_tech.pk}, {"technician": 10**12}, {"technician": "x"}):
        response = api.post(f"{WORKORDERS}{order.pk}/dispatch/", body, format="json")
        assert response.status_code == 400
    assert _status(order) == WorkOrderStatus.REPORTED


def test_technician_of_another_site_cannot_touch_the_order(
    client, api, order, fm, tech, other_tech
):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    login(client, other_tech)
    for step in ("workorder_start", "workorder_complete"):
        assert client.post(url(step, pk=order.pk)).status_code == 404
    assert client.get(url("workorder_detail", pk=order.pk)).status_code == 404
    api.force_authenticate(other_tech)
    assert api.post(f"{WORKORDERS}{order.pk}/start/").status_code == 404
    assert _status(order) == WorkOrderStatus.ASSIGNED


def test_a_technician_not_assigned_cannot_start_or_complete(client, personas, order, fm, tech):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    second = make_user("tech2", "technician", personas.site)
    login(client, second).post(url("workorder_start", pk=order.pk))
    assert _status(order) == WorkOrderStatus.ASSIGNED


def test_staff_cannot_read_or_rate_another_reporters_order(client, api, personas, order, fm, tech):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    services.work_order_complete(order=order, by=tech, resolution="ok", labour_hours=1)
    other = make_user("staff2", "staff", personas.site)
    login(client, other)
    assert client.get(url("workorder_detail", pk=order.pk)).status_code == 404
    assert client.post(url("workorder_rate", pk=order.pk), {"rating": 5}).status_code == 404
    assert order.number not in client.get(url("workorder_mine")).content.decode()
    api.force_authenticate(other)
    assert api.get(f"{WORKORDERS}{order.pk}/").status_code == 404
    assert api.post(f"{WORKORDERS}{order.pk}/rate/", {"rating": 5}).status_code == 404
    assert _status(order) == WorkOrderStatus.DONE


def test_technician_cannot_void_an_order(client, api, order, tech):
    response = login(client, tech).post(url("workorder_void", pk=order.pk), {"reason": "x"})
    assert response.status_code in (403, 404)
    api.force_authenticate(tech)
    assert api.post(f"{WORKORDERS}{order.pk}/void/", {"reason": "x"}).status_code in (403, 404)
    order.refresh_from_db()
    assert order.voided_at is None


# Work orders: the state machine --------------------------------------------------------------


def test_steps_out_of_order_are_refused_and_change_nothing(client, personas, order, fm, tech):
    login(client, fm)
    complete = {"resolution": "done", "labour_hours": "1", "parts-TOTAL_FORMS": "0"}
    complete["parts-INITIAL_FORMS"] = "0"
    assert client.post(url("workorder_complete", pk=order.pk), complete).status_code == 400
    client.post(url("workorder_close", pk=order.pk))
    client.post(url("workorder_reopen", pk=order.pk), {"reason": "x"})
    assert _status(order) == WorkOrderStatus.REPORTED
    login(client, personas.staff).post(url("workorder_rate", pk=order.pk), {"rating": 5})
    assert _status(order) == WorkOrderStatus.REPORTED


def test_closed_order_cannot_be_rated_again_reopened_or_dispatched(
    client, personas, order, fm, tech
):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    services.work_order_complete(order=order, by=tech, resolution="ok", labour_hours=1)
    services.work_order_rate(order=order, rating=4, by=personas.staff)
    login(client, personas.staff).post(url("workorder_rate", pk=order.pk), {"rating": 1})
    login(client, fm).post(url("workorder_reopen", pk=order.pk), {"reason": "again"})
    response = client.post(
        url("workorder_dispatch", pk=order.pk), {"technician": tech.pk, "priority": "urgent"}
    )
    assert response.status_code == 400
    order.refresh_from_db()
    assert (order.status, order.rating, order.priority) == (WorkOrderStatus.CLOSED, 4, "normal")


@pytest.mark.parametrize("rating", ["0", "6", "x", "", "4.5", "-1", "99999999999999999999"])
def test_bad_ratings_are_refused(client, personas, order, fm, tech, rating):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    services.work_order_complete(order=order, by=tech, resolution="ok", labour_hours=1)
    response = login(client, personas.staff).post(
        url("workorder_rate", pk=order.pk), {"rating": rating}
    )
    assert response.status_code == 302
    assert _status(order) == WorkOrderStatus.DONE


@pytest.mark.parametrize(
    "hours", ["abc", "1e400", "NaN", "Infinity", "-1", "1001", "99999999999999999999"]
)
def test_bad_labour_hours_are_refused(client, order, fm, tech, hours):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    data = {"resolution": "ok", "labour_hours": hours, "parts-TOTAL_FORMS": "1"}
    data |= {"parts-INITIAL_FORMS": "0", "parts-0-name": "阀门", "parts-0-quantity": "NaN"}
    response = login(client, tech).post(url("workorder_complete", pk=order.pk), data)
    assert response.status_code == 400
    assert _status(order) == WorkOrderStatus.IN_PROGRESS


def test_complete_without_the_parts_management_form_is_a_message(client, order, fm, tech):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    data = {"resolution": "ok", "labour_hours": "1", "parts-TOTAL_FORMS": "100000000000"}
    response = login(client, tech).post(url("workorder_complete", pk=order.pk), data)
    assert response.status_code in (200, 400)
    assert _status(order) == WorkOrderStatus.IN_PROGRESS


@pytest.mark.parametrize(
    "body",
    [
        {"resolution": "ok", "labour_hours": "NaN"},
        {"resolution": "ok", "labour_hours": "1e400"},
        {"resolution": "ok", "labour_hours": 1, "parts": [{"name": "x", "quantity": "-1"}]},
        {"resolution": "ok", "labour_hours": 1, "parts": "x"},
        {"resolution": "", "labour_hours": 1},
        [],
    ],
)
def test_api_complete_bad_bodies_are_400(api, order, fm, tech, body):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    api.force_authenticate(tech)
    response = api.post(f"{WORKORDERS}{order.pk}/complete/", body, format="json")
    assert response.status_code == 400
    assert _status(order) == WorkOrderStatus.IN_PROGRESS


def test_api_steps_out_of_order_are_400(api, personas, order, fm, tech):
    api.force_authenticate(tech)
    assert api.post(f"{WORKORDERS}{order.pk}/start/").status_code in (400, 404)
    api.force_authenticate(personas.staff)
    assert api.post(f"{WORKORDERS}{order.pk}/rate/", {"rating": 5}).status_code == 400
    assert _status(order) == WorkOrderStatus.REPORTED


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "-1", "0"])
def test_api_nonsense_ids_are_404(api, fm, pk):
    api.force_authenticate(fm)
    assert api.get(f"{WORKORDERS}{pk}/").status_code == 404
    assert api.post(f"{WORKORDERS}{pk}/dispatch/", {"technician": 1}).status_code == 404


def test_voided_orders_leave_the_assigned_list_and_refuse_steps(client, personas, order, fm, tech):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    login(client, fm).post(url("workorder_void", pk=order.pk), {"reason": "dup"})
    order.refresh_from_db()
    assert order.voided_at is not None
    login(client, tech)
    assert order.number not in client.get(url("workorder_assigned")).content.decode()
    client.post(url("workorder_start", pk=order.pk))
    assert _status(order) == WorkOrderStatus.ASSIGNED


# Work orders: public pages --------------------------------------------------------------------


def _scan(link) -> str:
    return reverse("scan_link", kwargs={"signed": scan_link_sign(link)})


def _public(client, link, **extra):
    data = {"description": "空调不制冷", "name": "王师傅", "phone": "13812345678", **extra}
    return client.post(_scan(link), data, REMOTE_ADDR="10.0.0.9")


def test_revoked_label_cannot_report(client, plant):
    link = scan_link_create(target=plant.room, purpose="fault")
    scan_link_revoke(link=link)
    response = _public(client, link)
    assert response.status_code in (200, 400, 404, 410)
    assert not WorkOrder.objects.exists()


def test_a_label_of_another_purpose_cannot_report(client, personas, plant):
    link = scan_link_create(target=plant.room, purpose="equipment")
    response = _public(client, link)
    assert response.status_code < 500
    assert not WorkOrder.objects.exists()


def test_public_report_with_a_non_image_photo_changes_nothing(client, plant):
    link = scan_link_create(target=plant.room, purpose="fault")
    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = _public(client, link, photo=fake)
    assert response.status_code == 400
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"phone": "abc"},
        {"name": ""},
        {"name": "x" * 51},
        {"description": "x" * 501},
        {"description": "   "},
        {"phone": "1" * 31},
    ],
)
def test_public_report_bad_input_changes_nothing(client, plant, extra):
    link = scan_link_create(target=plant.room, purpose="fault")
    assert _public(client, link, **extra).status_code == 400
    assert not WorkOrder.objects.exists()


def test_another_sites_user_scanning_a_label_gets_the_public_form(client, personas, plant):
    link = scan_link_create(target=plant.room, purpose="fault")
    response = login(client, personas.outsider).get(_scan(link))
    assert response.status_code == 200
    assert "workorder-report-form" not in response.content.decode()


def test_tracking_token_is_bound_to_its_order(client, personas, plant, order):
    link = scan_link_create(target=plant.room, purpose="fault")
    _public(client, link)
    mine = WorkOrder.objects.get(source="public")
    token = services.track_token(mine)
    _value, signature = token.split(":", 1)
    forged = f"{order.pk}:{signature}"
    assert client.get(url("fault_track", token=forged)).status_code == 404
    assert client.get(url("fault_track", token=token + "x")).status_code == 404
    assert client.get(url("fault_track", token="abc")).status_code == 404
    response = client.post(url("fault_track", token=forged), {"rating": 5})
    assert response.status_code == 404
    assert client.get(url("fault_track", token=token)).status_code == 200


def test_tracking_page_refuses_to_rate_an_unrepaired_order(client, plant):
    link = scan_link_create(target=plant.room, purpose="fault")
    _public(client, link)
    mine = WorkOrder.objects.get(source="public")
    response = client.post(url("fault_track", token=services.track_token(mine)), {"rating": 5})
    assert response.status_code == 400
    assert _status(mine) == WorkOrderStatus.REPORTED


def test_script_in_a_description_is_escaped_everywhere(client, personas, plant, fm, tech):
    link = scan_link_create(target=plant.room, purpose="fault")
    response = _public(client, link, description=SCRIPT, name=SCRIPT)
    assert SCRIPT not in response.content.decode()
    order = WorkOrder.objects.get()
    pages = [url("fault_track", token=services.track_token(order))]
    login(client, fm)
    pages += [url("workorder_detail", pk=order.pk), url("workorder_list")]
    pages += [url("workorder_dispatch", pk=order.pk)]
    for page in pages:
        body = client.get(page).content.decode()
        assert SCRIPT not in body, page
    export = client.get(url("workorder_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert SCRIPT in cells  # the text as written, a plain string cell
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_formula_in_a_description_is_not_a_formula_in_the_export(client, personas, plant, fm):
    services.work_order_open(
        site=personas.site,
        description='=HYPERLINK("http://x")',
        by=personas.staff,
        location=plant.room,
    )
    export = login(client, fm).get(url("workorder_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize(
    "query",
    [
        {"site": "99999999999999999999999"},
        {"site": "abc"},
        {"equipment": "abc"},
        {"location": "-1"},
        {"reported_at_after": "2026-02-30"},
        {"reported_at_after": "0000-01-01", "reported_at_before": "9999-12-31"},
        {"status": "<b>"},
        {"page": "99999"},
        {"sort": "password"},
    ],
)
def test_ledger_filters_with_nonsense_are_not_a_500(client, api, fm, order, query):
    assert login(client, fm).get(url("workorder_list"), query).status_code in (200, 400)
    api.force_authenticate(fm)
    assert api.get(WORKORDERS, query).status_code in (200, 400, 404)


def test_ledger_filtered_by_another_sites_unit_shows_nothing_of_it(
    client, api, personas, order, other_plant, fm
):
    other = services.work_order_open(
        site=personas.other_site, description="别处", location=other_plant.room
    )
    page = login(client, fm).get(url("workorder_list"), {"site": personas.other_site.pk})
    assert other.number not in page.content.decode()
    api.force_authenticate(fm)
    response = api.get(WORKORDERS, {"equipment": other_plant.chiller.pk})
    assert other.number not in response.content.decode()


# Run logs ----------------------------------------------------------------------------------------


def _shift_body(plant, **entry) -> dict:
    return {
        "site": plant.site.code,
        "shift_date": YESTERDAY,
        "shift": plant.shifts[0].pk,
        "entries": [
            {
                "equipment": plant.chiller.pk,
                "readings": {"supply_temp": 7, "return_temp": 12},
                **entry,
            }
        ],
    }


@pytest.mark.parametrize(
    "change",
    [
        {"readings": {"supply_temp": "abc", "return_temp": 12}},
        {"readings": {"supply_temp": "1e400", "return_temp": 12}},
        {"readings": {"supply_temp": "NaN", "return_temp": 12}},
        {"readings": {"supply_temp": "Infinity", "return_temp": 12}},
        {"readings": {"supply_temp": [1], "return_temp": 12}},
        {"readings": {"supply_temp": {"a": 1}, "return_temp": 12}},
        {"readings": {"supply_temp": True, "return_temp": 12}},
        {"readings": {"hours": -5, "supply_temp": 7, "return_temp": 12}},
        {"readings": {"x" * 1000: 1, "supply_temp": 7, "return_temp": 12}},
        {"readings": "abc"},
        {"anomaly": "x" * 501, "status": "abnormal"},
        {"status": "bogus"},
        {"equipment": "abc"},
        {"equipment": 99999999999999999999999},
    ],
)
def test_runlog_api_bad_entries_are_400_and_record_nothing(api, plant, tech, change):
    api.force_authenticate(tech)
    with translation.override("en"):
        response = api.post(RUNLOGS, _shift_body(plant, **change), format="json")
    assert response.status_code == 400, response.content
    assert not RunLog.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"shift_date": "2026-02-30"},
        {"shift_date": "0000-01-01"},
        {"shift_date": "9999-12-31"},
        {"shift_date": "0001-01-01"},
        {"shift": "abc"},
        {"shift": 99999999999999999999999},
        {"site": "<script>"},
        {"site": "x" * 1000},
        {"entries": []},
        {"entries": "abc"},
        {"operator": "abc"},
    ],
)
def test_runlog_api_bad_shift_fields_are_400(api, plant, tech, change):
    api.force_authenticate(tech)
    response = api.post(RUNLOGS, {**_shift_body(plant), **change}, format="json")
    assert response.status_code == 400, response.content
    assert not RunLog.objects.exists()


def test_runlog_api_refuses_another_sites_unit_shift_and_site(api, plant, other_plant, tech):
    api.force_authenticate(tech)
    bodies = [
        _shift_body(plant, equipment=other_plant.chiller.pk),
        {**_shift_body(plant), "shift": other_plant.shifts[0].pk},
        {**_shift_body(other_plant)},
        {**_shift_body(plant), "site": other_plant.site.code},
    ]
    for body in bodies:
        assert api.post(RUNLOGS, body, format="json").status_code in (400, 403, 404)
    assert not RunLog.objects.exists()


def test_runlog_api_form_content_type_is_400_not_500(api, plant, tech):
    api.force_authenticate(tech)
    body = {"site": plant.site.code, "shift_date": YESTERDAY, "shift": plant.shifts[0].pk}
    assert api.post(RUNLOGS, body).status_code == 400
    response = api.post(RUNLOGS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert not RunLog.objects.exists()


def test_the_same_shift_twice_is_refused(api, plant, tech):
    api.force_authenticate(tech)
    assert api.post(RUNLOGS, _shift_body(plant), format="json").status_code == 201
    assert api.post(RUNLOGS, _shift_body(plant), format="json").status_code == 400
    assert RunLog.objects.count() == 1


def test_the_same_unit_twice_in_one_shift_is_refused(api, plant, tech):
    body = _shift_body(plant)
    body["entries"] = body["entries"] * 2
    api.force_authenticate(tech)
    assert api.post(RUNLOGS, body, format="json").status_code == 400
    assert not RunLog.objects.exists()


def test_anomaly_script_is_escaped_on_the_log_pages(api, client, plant, tech, fm):
    api.force_authenticate(tech)
    body = _shift_body(plant, status="abnormal", anomaly=SCRIPT)
    assert api.post(RUNLOGS, body, format="json").status_code == 201
    log = RunLog.objects.get()
    login(client, fm)
    for page in (url("runlog_detail", pk=log.pk), url("runlog_list")):
        assert SCRIPT not in client.get(page).content.decode()
    summary = login(client, tech).get(url("runlog_shift_summary"), {"logs": str(log.pk)})
    assert SCRIPT not in summary.content.decode()


def test_shift_page_refuses_another_sites_room_and_shift(client, plant, other_plant, tech):
    login(client, tech)
    data = {"room": other_plant.room.pk, "shift": plant.shifts[0].pk, "shift_date": YESTERDAY}
    assert client.post(url("runlog_shift"), data).status_code == 400
    data = {"room": plant.room.pk, "shift": other_plant.shifts[0].pk, "shift_date": YESTERDAY}
    assert client.post(url("runlog_shift"), data).status_code == 400
    assert client.get(url("runlog_shift"), {"room": other_plant.room.pk}).status_code in (200, 400)
    assert not RunLog.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"room": "abc"},
        {"room": "99999999999999999999999"},
        {"room": "1", "shift": "abc", "shift_date": "2026-02-30"},
        {"room": "1", "shift_date": "0000-01-01"},
    ],
)
def test_shift_page_with_nonsense_query_is_not_a_500(client, plant, tech, query):
    assert login(client, tech).get(url("runlog_shift"), query).status_code in (200, 400)


def test_shift_summary_does_not_show_another_sites_logs(
    api, client, plant, other_plant, tech, other_tech
):
    api.force_authenticate(other_tech)
    assert api.post(RUNLOGS, _shift_body(other_plant), format="json").status_code == 201
    log = RunLog.objects.get()
    page = login(client, tech).get(url("runlog_shift_summary"), {"logs": f"{log.pk},abc,-1"})
    assert page.status_code == 200
    assert log.number not in page.content.decode()


@pytest.mark.parametrize(
    "endpoint", ["shifts", "certificates", "equipment", "equipment-categories"]
)
def test_api_void_of_records_that_are_never_voided_is_not_a_500(api, plant, superuser, endpoint):
    target = {
        "shifts": plant.shifts[0].pk,
        "equipment": plant.chiller.pk,
        "equipment-categories": plant.ac.pk,
    }.get(endpoint)
    if target is None:
        from houqin.facilities.services.equipment import certificate_add

        target = certificate_add(
            equipment=plant.lift, kind="periodic", issued_on=timezone.localdate(), by=superuser
        ).pk
    api.force_authenticate(superuser)
    response = api.post(f"/api/facilities/{endpoint}/{target}/void/", {"reason": "x"})
    assert response.status_code in (400, 403, 404, 405)


def test_shift_api_refuses_another_sites_shift_and_bad_hours(api, personas, plant, other_plant, fm):
    api.force_authenticate(fm)
    other = other_plant.shifts[0]
    response = api.patch(f"/api/facilities/shifts/{other.pk}/", {"hours": 4}, format="json")
    assert response.status_code == 404
    mine = plant.shifts[0]
    for body in ({"hours": 0}, {"hours": 10**9}, {"hours": "x"}, {"start_time": "25:00"}):
        response = api.patch(f"/api/facilities/shifts/{mine.pk}/", body, format="json")
        assert response.status_code == 400, body
    body = {"site": personas.other_site.code, "name": "x", "start_time": "08:00", "hours": 8}
    assert api.post("/api/facilities/shifts/", body, format="json").status_code in (400, 403)
    mine.refresh_from_db()
    assert mine.hours == 8
    assert OperatingShift.objects.count() == 6


@pytest.mark.parametrize("literal", ["1e400", "-1e400", "NaN", "Infinity"])
def test_runlog_api_infinite_json_numbers_are_400(api, plant, tech, literal):
    body = json.dumps(_shift_body(plant)).replace('"supply_temp": 7', f'"supply_temp": {literal}')
    api.force_authenticate(tech)
    response = api.post(RUNLOGS, body, content_type="application/json")
    assert response.status_code == 400
    assert not RunLog.objects.exists()


def test_negative_meter_reading_is_refused(api, plant, tech, english):
    body = _shift_body(plant, readings={"hours": -5, "supply_temp": 7, "return_temp": 12})
    api.force_authenticate(tech)
    response = api.post(RUNLOGS, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "cannot be negative" in response.content.decode()
    assert not MeterReading.objects.exists()


def test_staff_of_one_site_can_report_from_the_plain_form(client, personas, plant):
    login(client, personas.staff)
    page = client.get(url("workorder_report")).content.decode()
    assert f'name="site" value="{personas.site.pk}"' in page
    data = {"site": personas.site.pk, "location": plant.room.pk, "description": "灯不亮"}
    response = client.post(url("workorder_report"), {**data, "priority": "normal"})
    assert response.status_code == 302
    assert WorkOrder.objects.filter(reporter=personas.staff).count() == 1


# Maintenance -------------------------------------------------------------------------------------


def _plan_post(plant, **over):
    data = {
        "site": plant.site.pk,
        "equipment": plant.chiller.pk,
        "name": "月度保养",
        "standard": "own",
        "recurrence": "fixed",
        "interval": "1",
        "interval_unit": "month",
        "start_on": "2026-09-01",
        "holiday_rule": "keep",
        "lead_days": "3",
        "escalate_days": "3",
        "is_active": "on",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "检查",
    }
    return {**data, **over}


@pytest.mark.parametrize(
    "over",
    [
        {"interval": "0"},
        {"interval": "1000000000"},
        {"interval": "-1"},
        {"interval": "abc"},
        {"recurrence": "meter", "meter_interval": "-500"},
        {"recurrence": "meter", "meter_interval": "0"},
        {"recurrence": "meter", "meter_interval": "NaN"},
        {"recurrence": "meter", "meter_interval": "1e400"},
        {"start_on": "2026-02-30"},
        {"start_on": "0000-01-01"},
        {"end_on": "2026-01-01"},
        {"lead_days": "1000000"},
        {"equipment": "99999999999999999999"},
        {"items-TOTAL_FORMS": "100000000"},
    ],
)
def test_plan_form_bad_input_is_400_and_saves_nothing(client, plant, fm, over):
    response = login(client, fm).post(url("maintenanceplan_add"), _plan_post(plant, **over))
    assert response.status_code == 400
    assert not MaintenancePlan.objects.exists()


def test_plan_form_refuses_another_sites_unit(client, plant, other_plant, fm):
    data = _plan_post(plant, equipment=other_plant.chiller.pk)
    assert login(client, fm).post(url("maintenanceplan_add"), data).status_code == 400
    data = _plan_post(plant, site=other_plant.site.pk)
    assert client.post(url("maintenanceplan_add"), data).status_code == 400
    assert not MaintenancePlan.objects.exists()


@pytest.mark.parametrize(
    "start,interval,unit",
    [
        ("9999-12-31", "1", "month"),
        ("9999-12-31", "1", "day"),
        ("9999-06-30", "1000", "year"),
        ("0001-01-01", "1000", "year"),
        ("9999-12-01", "1", "week"),
    ],
)
def test_plan_near_the_end_of_the_calendar_is_not_a_500(client, plant, fm, start, interval, unit):
    login(client, fm)
    query = {
        "start_on": start,
        "interval": interval,
        "interval_unit": unit,
        "holiday_rule": "later",
    }
    assert client.get(url("maintenanceplan_preview"), query).status_code == 200
    data = _plan_post(plant, start_on=start, interval=interval, interval_unit=unit)
    response = client.post(url("maintenanceplan_add"), data)
    assert response.status_code in (302, 400)
    for plan in MaintenancePlan.objects.all():
        assert client.get(url("maintenanceplan_detail", pk=plan.pk)).status_code == 200
    assert client.get(url("maintenanceplan_list")).status_code == 200


def _task(plant):
    from houqin.facilities.services import maintenance as svc
    from houqin.facilities.tests.test_maintenance_services import make_plan

    plan = make_plan(plant.chiller, start_on=date(2026, 3, 10), end_on=date(2026, 3, 31))
    svc.tasks_generate(today=date(2026, 3, 1))
    return plan.tasks.get()


def test_task_completed_twice_or_by_another_site_is_refused(api, plant, tech, other_tech):
    task = _task(plant)
    checks = [{"check": c.pk, "passed": True} for c in task.checks.all()]
    endpoint = f"/api/facilities/maintenance-tasks/{task.pk}/complete/"
    api.force_authenticate(other_tech)
    assert api.post(endpoint, {"results": checks}, format="json").status_code == 404
    api.force_authenticate(tech)
    assert api.post(endpoint, {"results": checks}, format="json").status_code == 200
    done_at = MaintenanceTask.objects.get().done_at
    assert api.post(endpoint, {"results": checks}, format="json").status_code in (400, 404)
    assert MaintenanceTask.objects.get().done_at == done_at


@pytest.mark.parametrize(
    "body",
    [
        {"results": []},
        {"results": "x"},
        {"results": [{"check": 99999999999999999999, "passed": True}]},
        {"results": [{"check": "x", "passed": True}]},
        {"results": None},
        {"done_at": "9999-12-31T00:00:00"},
        {"done_at": "2026-02-30T00:00:00"},
        {"result": "x" * 100000},
    ],
)
def test_task_complete_bad_bodies_are_400(api, plant, tech, body):
    task = _task(plant)
    checks = [{"check": c.pk, "passed": True} for c in task.checks.all()]
    api.force_authenticate(tech)
    endpoint = f"/api/facilities/maintenance-tasks/{task.pk}/complete/"
    response = api.post(endpoint, {"results": checks, **body}, format="json")
    assert response.status_code == 400, response.content
    assert MaintenanceTask.objects.get().done_at is None


def test_task_page_form_with_another_tasks_check_ids(client, plant, tech):
    task = _task(plant)
    data = {"result": "ok", "check_999999999": "pass", "done_at": "9999-12-31T00:00"}
    response = login(client, tech).post(url("maintenancetask_complete", pk=task.pk), data)
    assert response.status_code == 400
    assert MaintenanceTask.objects.get().done_at is None


# Equipment registry ------------------------------------------------------------------------------


@pytest.fixture
def both_fm(personas):
    """A facilities manager of both sites (who could mix one site's unit with another's)."""
    from houqin.core.models import Membership

    user = make_user("both_fm", "facilities_manager", personas.site)
    role = Membership.objects.get(user=user).role
    Membership.objects.create(user=user, site=personas.other_site, role=role)
    return user


def _unit_post(plant, **over):
    data = {
        "site": plant.site.pk,
        "code": "AC-09",
        "name": "新机组",
        "category": plant.ac.pk,
        "location": plant.room.pk,
        "status": "in_service",
    }
    return {**data, **over}


@pytest.mark.parametrize(
    "over",
    [
        {"category": "other"},
        {"location": "other"},
        {"contractor": "other"},
        {"installed_on": "0000-01-01"},
        {"installed_on": "2026-02-30"},
        {"code": "x" * 1000},
        {"status": "bogus"},
    ],
)
def test_unit_form_refuses_another_sites_choices_and_bad_input(
    client, plant, other_plant, both_fm, over
):
    others = {
        "category": other_plant.ac.pk,
        "location": other_plant.room.pk,
        "contractor": other_plant.contractor.pk,
    }
    over = {k: others.get(k) if v == "other" else v for k, v in over.items()}
    before = Equipment.objects.count()
    response = login(client, both_fm).post(url("equipment_add"), _unit_post(plant, **over))
    assert response.status_code in (200, 400)  # the generic edit page shows the errors
    assert response.context["form"].errors
    assert Equipment.objects.count() == before


def test_category_cannot_become_its_own_ancestor(client, plant, fm):
    plant.lift_category.parent = plant.ac
    plant.lift_category.save()
    data = {
        "site": plant.site.pk,
        "code": "AC",
        "name": "中央空调",
        "parent": plant.lift_category.pk,
        "system": plant.ac.system,
        "position": "0",
        "is_active": "on",
        "fields-TOTAL_FORMS": "0",
        "fields-INITIAL_FORMS": "0",
    }
    response = login(client, fm).post(url("equipmentcategory_edit", pk=plant.ac.pk), data)
    assert response.status_code < 500
    plant.ac.refresh_from_db()
    assert plant.ac.parent_id is None
    assert client.get(url("equipmentcategory_list")).status_code == 200
    assert client.get(url("equipment_list")).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"equipment": "other"},
        {"issued_on": "0000-01-01"},
        {"issued_on": "2026-02-30"},
        {"issued_on": "9999-12-31"},
        {"expires_on": "2020-01-01"},
        {"kind": "bogus"},
        {"equipment": 99999999999999999999},
    ],
)
def test_certificate_api_bad_input_is_400(api, plant, other_plant, fm, body):
    data = {"equipment": plant.lift.pk, "kind": "periodic", "issued_on": "2026-05-01"}
    data |= {k: other_plant.lift.pk if v == "other" else v for k, v in body.items()}
    api.force_authenticate(fm)
    response = api.post("/api/facilities/certificates/", data, format="json")
    assert response.status_code in (400, 403), response.content
    assert not Certificate.objects.exists()


def test_certificate_page_refuses_another_sites_unit_and_a_fake_scan(
    client, plant, other_plant, fm
):
    login(client, fm)
    data = {"equipment": other_plant.lift.pk, "kind": "periodic", "issued_on": "2026-05-01"}
    assert client.post(url("certificate_add"), data).status_code == 400
    fake = SimpleUploadedFile("c.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    data = {"equipment": plant.lift.pk, "kind": "periodic", "issued_on": "2026-05-01"}
    assert client.post(url("certificate_add"), {**data, "scan": fake}).status_code == 400
    assert client.get(url("certificate_add"), {"equipment": "9" * 30}).status_code == 200
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"location": "abc"},
        {"category": "99999999999999999999"},
        {"site": "-1"},
        {"q": "\x00"},
        {"status": "<script>"},
    ],
)
def test_equipment_pages_with_nonsense_filters_are_not_a_500(client, api, plant, fm, query):
    login(client, fm)
    for name in ("equipment_list", "equipment_labels", "certificate_list", "runlog_list"):
        assert client.get(url(name), query).status_code in (200, 400), name
    api.force_authenticate(fm)
    for endpoint in ("equipment", "certificates", "runlogs", "maintenance-tasks"):
        assert api.get(f"/api/facilities/{endpoint}/", query).status_code in (200, 400)


def test_labels_of_another_sites_units_are_not_printed(client, plant, other_plant, fm):
    page = login(client, fm).get(url("equipment_labels"), {"location": other_plant.room.pk})
    assert other_plant.chiller.code not in page.content.decode()
    page = client.get(url("equipment_labels"), {"site": other_plant.site.pk})
    assert other_plant.chiller.code not in page.content.decode()


def test_lift_with_an_absurdly_old_first_use_is_not_a_500(client, plant, fm):
    from houqin.facilities.services.equipment import certificate_add

    plant.lift.first_used_on = date(1, 1, 1)
    plant.lift.save()
    for kind, day, major in (
        ("supervisory", date(1, 6, 1), True),
        ("periodic", date(2026, 1, 5), False),
    ):
        certificate_add(
            equipment=plant.lift, by=fm, kind=kind, issued_on=day, is_major_repair=major
        )
    login(client, fm)
    assert client.get(url("equipment_detail", pk=plant.lift.pk)).status_code == 200
    assert client.get(url("certificate_list")).status_code == 200
    assert client.get(url("equipment_list")).status_code == 200


# Figures ---------------------------------------------------------------------------------------


def test_voided_orders_and_logs_do_not_count_in_the_figures(api, personas, plant, fm, tech, order):
    from houqin.core.services import record_void
    from houqin.facilities.metrics.runlogs import run_shift_metrics
    from houqin.facilities.metrics.workorders import work_order_metrics

    api.force_authenticate(tech)
    assert api.post(RUNLOGS, _shift_body(plant), format="json").status_code == 201
    span = {
        "site_ids": [personas.site.pk],
        "start": timezone.now() - timedelta(days=3),
        "end": timezone.now() + timedelta(days=1),
    }
    assert work_order_metrics(**span)["facilities.work_orders_opened"] == 1
    assert run_shift_metrics(**span)["facilities.run_shifts.central_ac"] == 1
    record_void(record=order, by=fm, reason="重复")
    record_void(record=RunLog.objects.get(), by=fm, reason="录错")
    assert work_order_metrics(**span)["facilities.work_orders_opened"] == 0
    assert run_shift_metrics(**span)["facilities.run_shifts.central_ac"] == 0
