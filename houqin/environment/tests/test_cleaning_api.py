"""API of the cleaning subject: zones and rectifications, read-only and site-scoped."""

from __future__ import annotations

from houqin.environment.models import ZoneRectification
from houqin.environment.services import cleaning as services
from houqin.environment.tests.helpers_cleaning import *  # noqa: F403  (fixtures)
from houqin.environment.tests.helpers_cleaning import answers, photo


def test_zones_and_rectifications(
    api, personas, zone_setup, other_zone, sup, django_assert_max_num_queries
):
    items = zone_setup.items
    services.zone_inspect(
        zone=zone_setup.zone, by=sup, results=answers(items, (0,)), photos={items[0].pk: photo()}
    )
    api.force_authenticate(sup)
    with django_assert_max_num_queries(8):
        zones = api.get("/api/environment/zones/")
    assert zones.status_code == 200
    assert [z["code"] for z in zones.json()["results"]] == ["Z01"]
    assert api.get(f"/api/environment/zones/{other_zone.zone.pk}/").status_code == 404
    with django_assert_max_num_queries(8):
        rects = api.get("/api/environment/zone-rectifications/")
    row = rects.json()["results"][0]
    assert row["item_text"] == "地面无垃圾" and row["status"] == "open"
    rect = ZoneRectification.objects.get()
    assert api.get(f"/api/environment/zone-rectifications/{rect.pk}/").status_code == 200
    assert api.post("/api/environment/zones/", {}).status_code in (403, 405)


def test_api_refuses_wrong_role(api, personas, zone_setup):
    api.force_authenticate(personas.guard)
    assert api.get("/api/environment/zones/").status_code == 403
