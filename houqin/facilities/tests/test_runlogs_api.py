"""The run-log API: recording a shift of several units, reading, voiding, the operating
shifts — with the wrong role and the wrong site refused and bad input answered with 400."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from houqin.facilities.models import OperatingShift, RunLog, WorkOrder

pytestmark = pytest.mark.django_db

RUNLOGS = "/api/facilities/runlogs/"
SHIFTS = "/api/facilities/shifts/"
YESTERDAY = (timezone.localdate() - timedelta(days=1)).isoformat()


@pytest.fixture(autouse=True)
def _english(api):
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def as_(api, user):
    api.force_authenticate(user)
    return api


def body(plant, **pump) -> dict:
    return {
        "site": plant.site.code,
        "shift_date": YESTERDAY,
        "shift": plant.shifts[0].pk,
        "entries": [
            {"equipment": plant.chiller.pk, "readings": {"supply_temp": 7, "return_temp": "12"}},
            {
                "equipment": plant.pump.pk,
                "readings": {"supply_temp": 6.5, "return_temp": 11},
                **pump,
            },
        ],
    }


def test_post_records_a_shift_and_opens_a_work_order(api, plant, tech):
    data = body(plant, status="abnormal", anomaly="漏水", open_work_order=True)
    response = as_(api, tech).post(RUNLOGS, data, format="json")
    assert response.status_code == 201, response.json()
    logs = response.json()
    assert len(logs) == 2
    assert logs[1]["work_order_number"] == WorkOrder.objects.get().number
    assert logs[1]["readings"] == {"supply_temp": "6.5", "return_temp": "11"}


def test_bad_input_is_a_400_naming_the_entry(api, plant, tech):
    client = as_(api, tech)
    response = client.post(RUNLOGS, body(plant, readings={"supply_temp": "x"}), format="json")
    assert response.status_code == 400
    assert "entries.1" in response.json()["errors"]
    for bad in ({"entries": []}, {"shift": "abc"}, {"site": "nowhere"}, {"shift_date": "x"}):
        assert client.post(RUNLOGS, {**body(plant), **bad}, format="json").status_code == 400
    assert not RunLog.objects.exists()


def test_the_wrong_role_and_site_are_refused(api, personas, plant, other_plant, tech, other_tech):
    assert as_(api, personas.staff).post(RUNLOGS, body(plant), format="json").status_code == 403
    assert as_(api, personas.guard).get(RUNLOGS).status_code == 403
    response = as_(api, other_tech).post(RUNLOGS, body(plant), format="json")
    assert response.status_code == 400  # another site's units and shift read as unknown
    assert not RunLog.objects.exists()
    as_(api, tech).post(RUNLOGS, body(plant), format="json")
    log = RunLog.objects.first()
    assert as_(api, other_tech).get(f"{RUNLOGS}{log.pk}/").status_code == 404


def test_list_reads_with_a_fixed_number_of_queries(api, plant, tech, django_assert_max_num_queries):
    as_(api, tech).post(RUNLOGS, body(plant), format="json")
    with django_assert_max_num_queries(6):
        response = api.get(RUNLOGS, {"status": "normal"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_void_needs_void_runlog(api, plant, tech, fm):
    as_(api, tech).post(RUNLOGS, body(plant), format="json")
    log = RunLog.objects.first()
    url = f"{RUNLOGS}{log.pk}/void/"
    assert as_(api, tech).post(url, {"reason": "录错"}, format="json").status_code == 403
    assert as_(api, fm).post(url, {"reason": "录错"}, format="json").status_code == 204
    log.refresh_from_db()
    assert log.voided_at is not None


def test_operating_shifts_are_kept_by_managers(api, personas, plant, tech, fm):
    new = {"site": personas.site.code, "name": "白班", "start_time": "09:00", "hours": 12}
    assert as_(api, tech).get(SHIFTS).status_code == 200
    assert as_(api, tech).post(SHIFTS, new, format="json").status_code == 403
    assert as_(api, fm).post(SHIFTS, new, format="json").status_code == 201
    assert as_(api, fm).post(SHIFTS, {**new, "hours": 0}, format="json").status_code == 400
    other = {**new, "site": personas.other_site.code}
    assert as_(api, fm).post(SHIFTS, other, format="json").status_code == 400
    shift = OperatingShift.objects.get(name="白班")
    response = as_(api, fm).patch(f"{SHIFTS}{shift.pk}/", {"hours": 10}, format="json")
    assert response.status_code == 200
    shift.refresh_from_db()
    assert shift.hours == 10
