"""Maintenance API: plans and tasks read by role and site, a fixed query count, and the
``complete`` action (permitted, wrong role, wrong site, bad input)."""

from datetime import date

import pytest

from houqin.facilities.choices import TaskStatus
from houqin.facilities.services import maintenance as svc
from houqin.facilities.tests.test_maintenance_services import make_plan

pytestmark = pytest.mark.django_db

TASKS = "/api/facilities/maintenance-tasks/"
PLANS = "/api/facilities/maintenance-plans/"


@pytest.fixture
def tasks(plant, other_plant):
    for unit in (plant.chiller, plant.pump, plant.switchgear, other_plant.chiller):
        make_plan(unit, start_on=date(2026, 1, 10), end_on=date(2026, 12, 31))
    svc.tasks_generate(today=date(2026, 6, 1))


def test_lists_by_site_with_fixed_queries(
    api, tech, other_tech, personas, tasks, django_assert_max_num_queries
):
    api.force_authenticate(tech)
    with django_assert_max_num_queries(8):
        body = api.get(TASKS).json()
    assert body["count"] == 18 and {t["site"] for t in body["results"]} == {personas.site.code}
    with django_assert_max_num_queries(8):
        assert api.get(PLANS).json()["count"] == 3
    api.force_authenticate(personas.staff)
    assert api.get(TASKS).status_code == 403
    api.force_authenticate(other_tech)
    assert api.get(TASKS).json()["count"] == 6


def test_complete_action(api, tech, other_tech, personas, plant):
    plan = make_plan(plant.chiller, start_on=date(2026, 3, 10), end_on=date(2026, 3, 31))
    svc.tasks_generate(today=date(2026, 3, 1))
    task = plan.tasks.get()
    first, second = task.checks.all()
    url = f"{TASKS}{task.pk}/complete/"
    body = {
        "results": [
            {"check": first.pk, "passed": True},
            {"check": second.pk, "passed": False, "note": "磨损"},
        ],
        "result": "完成",
    }
    api.force_authenticate(other_tech)
    assert api.post(url, body, format="json").status_code == 404
    api.force_authenticate(personas.leader)
    assert api.post(url, body, format="json").status_code == 403
    api.force_authenticate(tech)
    detail = api.get(f"{TASKS}{task.pk}/").json()
    assert [c["text"] for c in detail["checks"]] == ["检查制动器", "润滑导轨"]
    bad = api.post(url, {"results": [{"check": first.pk, "passed": True}]}, format="json")
    assert bad.status_code == 400
    assert api.post(url, {"results": "x"}, format="json").status_code == 400
    task.refresh_from_db()
    assert task.status != TaskStatus.DONE
    done = api.post(url, body, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert api.post(url, body, format="json").status_code == 400  # already done
    assert api.post(TASKS, {}, format="json").status_code in (403, 405)
