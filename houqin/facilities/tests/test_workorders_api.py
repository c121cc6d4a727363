"""The work-order API: the ledger with a fixed query count, reporting, and the workflow
actions, each refused for the wrong role (403) and the wrong site (404)."""

from __future__ import annotations

import pytest

from houqin.core.testing import make_user
from houqin.facilities.models import WorkOrder
from houqin.facilities.services import workorders as services

BASE = "/api/facilities/workorders/"


@pytest.fixture
def order(personas, plant):
    return services.work_order_open(
        site=personas.site, description="冷水机组异响", by=personas.staff, equipment=plant.chiller
    )


def test_list_has_a_fixed_query_count(api, personas, plant, fm, django_assert_max_num_queries):
    for i in range(20):
        services.work_order_open(site=personas.site, description=f"故障{i}", by=personas.staff)
    api.force_authenticate(fm)
    with django_assert_max_num_queries(8):
        response = api.get(BASE)
    assert response.status_code == 200
    assert response.data["count"] == 20


def test_reporter_sees_only_their_own(api, personas, plant, order):
    services.work_order_open(site=personas.site, description="别人的", by=personas.guard)
    api.force_authenticate(personas.staff)
    numbers = [row["number"] for row in api.get(BASE).data["results"]]
    assert numbers == [order.number]


def test_other_site_sees_nothing_and_gets_404(api, personas, order):
    other = make_user("ofm", "facilities_manager", personas.other_site)
    api.force_authenticate(other)
    assert api.get(BASE).data["count"] == 0
    assert api.get(f"{BASE}{order.pk}/").status_code == 404
    response = api.post(f"{BASE}{order.pk}/dispatch/", {"technician": other.pk})
    assert response.status_code == 404


def test_create_and_refuse_another_sites_location(api, personas, plant, other_plant):
    api.force_authenticate(personas.staff)
    response = api.post(BASE, {"location": plant.room.pk, "description": "灯不亮"})
    assert response.status_code == 201, response.data
    assert response.data["number"].startswith("WX-")
    response = api.post(BASE, {"location": other_plant.room.pk, "description": "灯不亮"})
    assert response.status_code == 400
    assert WorkOrder.objects.count() == 1
    api.force_authenticate(personas.nobody)
    assert api.post(BASE, {"location": plant.room.pk, "description": "x"}).status_code == 403


def test_workflow_through_the_api(api, personas, fm, tech, order):
    api.force_authenticate(tech)
    assert api.post(f"{BASE}{order.pk}/dispatch/", {"technician": tech.pk}).status_code == 403
    api.force_authenticate(fm)
    response = api.post(f"{BASE}{order.pk}/dispatch/", {"technician": 999999})
    assert response.status_code == 400
    response = api.post(
        f"{BASE}{order.pk}/dispatch/", {"technician": tech.pk, "priority": "urgent"}
    )
    assert response.status_code == 200 and response.data["status"] == "assigned"

    api.force_authenticate(tech)
    assert api.post(f"{BASE}{order.pk}/start/").data["status"] == "in_progress"
    response = api.post(
        f"{BASE}{order.pk}/complete/",
        {
            "resolution": "更换轴承",
            "labour_hours": "1.5",
            "parts": [{"name": "轴承", "quantity": "2", "unit": "个", "unit_price": "30"}],
        },
        format="json",
    )
    assert response.status_code == 200 and response.data["status"] == "done"
    assert api.post(f"{BASE}{order.pk}/start/").status_code == 400  # already repaired

    api.force_authenticate(personas.guard)
    assert api.post(f"{BASE}{order.pk}/rate/", {"rating": 5}).status_code == 404
    api.force_authenticate(personas.staff)
    assert api.post(f"{BASE}{order.pk}/rate/", {"rating": 7}).status_code == 400
    response = api.post(f"{BASE}{order.pk}/rate/", {"rating": 4, "comment": "好"})
    assert response.status_code == 200 and response.data["status"] == "closed"


def test_no_update_or_delete(api, fm, order):
    api.force_authenticate(fm)
    assert api.patch(f"{BASE}{order.pk}/", {"description": "x"}).status_code == 405
    assert api.delete(f"{BASE}{order.pk}/").status_code == 405
