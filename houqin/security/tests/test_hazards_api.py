"""The API of cameras, alarms, hazards and incidents: role and site on every endpoint, the
workflow actions through the services, bad input as the one error format, list query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from houqin.core import roles
from houqin.core.models import Attachment
from houqin.core.testing import make_user
from houqin.security.models import Alarm, Camera, Hazard, Incident
from houqin.security.services import hazards as services
from houqin.security.tests.test_hazards_services import (
    assigned,
    camera,
    department,
    location,
    png_upload,
    rectified,
    report,
    text_upload,
)

pytestmark = pytest.mark.django_db

BASE = "/api/security/"


@pytest.fixture(autouse=True)
def _english(api):
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def tech(personas):
    return make_user("tech", roles.TECHNICIAN, personas.site)


@pytest.fixture
def supervisor(personas):
    return make_user("supervisor", roles.SUPERVISOR, personas.site)


def as_(api, user):
    api.force_authenticate(user)
    return api


# Permissions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("guard", 200), ("leader", 200), ("staff", 403), ("admin", 403), ("nobody", 403)],
)
def test_alarm_list_by_role(personas, api, persona, expected):
    assert as_(api, getattr(personas, persona)).get(f"{BASE}alarms/").status_code == expected


def test_anonymous_is_refused(personas, api):
    assert api.get(f"{BASE}hazards/").status_code in (401, 403)


def test_other_site_rows_are_invisible(personas, api):
    hazard = report(personas.site, personas.staff)
    client = as_(api, personas.outsider)
    assert client.get(f"{BASE}hazards/").json()["count"] == 0
    assert client.get(f"{BASE}hazards/{hazard.pk}/").status_code == 404


def test_guard_may_not_verify_an_alarm(personas, api):
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="x"
    )
    response = as_(api, personas.guard).post(
        f"{BASE}alarms/{alarm.pk}/verify/", {"result": "false_alarm"}, format="json"
    )
    assert response.status_code == 403


def test_other_site_duty_officer_gets_404_on_verify(personas, api):
    other_duty = make_user("other_duty", roles.DUTY_OFFICER, personas.other_site)
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="x"
    )
    response = as_(api, other_duty).post(
        f"{BASE}alarms/{alarm.pk}/verify/", {"result": "false_alarm"}, format="json"
    )
    assert response.status_code == 404
    alarm.refresh_from_db()
    assert alarm.status == "open"


def test_cannot_report_into_another_site(personas, api):
    response = as_(api, personas.outsider).post(
        f"{BASE}hazards/",
        {"site": personas.site.code, "description": "x", "category": "fire", "place": "门口"},
        format="json",
    )
    assert response.status_code == 400
    assert "site" in response.json()["errors"]
    assert not Hazard.objects.exists()


# Alarms ----------------------------------------------------------------------------------------


def test_raise_and_verify_an_alarm_as_incident(personas, api):
    cam = camera(personas.site)
    response = as_(api, personas.guard).post(
        f"{BASE}alarms/",
        {"site": "main", "source": "camera", "camera": cam.pk, "description": "有人翻墙"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = as_(api, personas.duty).post(
        f"{BASE}alarms/{pk}/verify/",
        {"result": "incident", "incident_kind": "public_order", "note": "已劝离"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["result"] == "incident"
    assert Incident.objects.get().alarm_id == pk
    again = api.post(f"{BASE}alarms/{pk}/verify/", {"result": "false_alarm"}, format="json")
    assert again.status_code == 400
    assert "already been verified" in again.json()["detail"]


def test_camera_alarm_without_camera_is_refused(personas, api):
    response = as_(api, personas.guard).post(
        f"{BASE}alarms/", {"site": "main", "source": "camera", "description": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "camera" in response.json()["errors"]
    assert not Alarm.objects.exists()


def test_alarm_list_query_count(personas, api, django_assert_max_num_queries):
    for i in range(25):
        services.alarm_raise(
            site=personas.site, source="person", by=personas.guard, description=f"a{i}"
        )
    client = as_(api, personas.duty)
    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}alarms/")
    assert response.json()["count"] == 25


# Hazards ---------------------------------------------------------------------------------------


def test_report_with_photo_then_rectify_and_verify(personas, api, tech, supervisor):
    response = as_(api, personas.staff).post(
        f"{BASE}hazards/",
        {
            "site": "main",
            "description": "灭火器过期",
            "category": "fire",
            "location": location(personas.site).pk,
            "photo": png_upload(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert Attachment.objects.get().object_id == pk
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    body = {"owner_department": department(personas.site).pk, "deadline": future, "grade": "major"}
    assert as_(api, personas.secadmin).post(f"{BASE}hazards/{pk}/assign/", body).status_code == 200
    response = as_(api, tech).post(f"{BASE}hazards/{pk}/rectify/", {"rectification": "已更换"})
    assert response.json()["status"] == "rectified"
    own = api.post(f"{BASE}hazards/{pk}/verify/", {"accepted": True}, format="json")
    assert own.status_code == 403  # a technician does not verify at all
    response = as_(api, supervisor).post(
        f"{BASE}hazards/{pk}/verify/", {"accepted": True}, format="json"
    )
    assert response.json()["status"] == "closed"


def test_verify_by_the_rectifier_is_refused(personas, api):
    hazard = rectified(personas.site, personas.secadmin, personas.secadmin)
    response = as_(api, personas.secadmin).post(
        f"{BASE}hazards/{hazard.pk}/verify/", {"accepted": True}, format="json"
    )
    assert response.status_code == 400
    assert "second person" in response.json()["detail"]


def test_bad_report_input(personas, api):
    client = as_(api, personas.staff)
    missing = client.post(f"{BASE}hazards/", {"site": "main"}, format="json")
    assert missing.status_code == 400
    assert {"description", "category"} <= set(missing.json()["errors"])
    photo = client.post(
        f"{BASE}hazards/",
        {"site": "main", "description": "x", "category": "fire", "place": "a"}
        | {"photo": text_upload()},
        format="multipart",
    )
    assert photo.status_code == 400
    assert "photo" in photo.json()["errors"]
    assert not Hazard.objects.exists()


def test_past_deadline_is_refused(personas, api):
    hazard = report(personas.site, personas.staff)
    past = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = as_(api, personas.secadmin).post(
        f"{BASE}hazards/{hazard.pk}/assign/",
        {"owner_department": department(personas.site).pk, "deadline": past, "grade": "major"},
    )
    assert response.status_code == 400
    assert "deadline" in response.json()["errors"]


def test_hazard_list_filters_and_query_count(personas, api, django_assert_max_num_queries):
    for _ in range(20):
        assigned(personas.site, personas.secadmin)
    report(personas.site, personas.staff, category="electrical")
    client = as_(api, personas.leader)
    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}hazards/", {"category": "electrical"})
    assert response.json()["count"] == 1


# Cameras and incidents -------------------------------------------------------------------------


def test_camera_create_and_update(personas, api):
    client = as_(api, personas.secadmin)
    response = client.post(
        f"{BASE}cameras/",
        {"site": "main", "code": "SXT-9", "name": "北门枪机", "kind": "bullet", "channel": 3},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.patch(f"{BASE}cameras/{pk}/", {"status": "faulty"}, format="json")
    assert response.status_code == 200
    assert Camera.objects.get(pk=pk).status == "faulty"
    assert as_(api, personas.guard).post(f"{BASE}cameras/", {}, format="json").status_code == 403


def test_incident_register_follow_up_close(personas, api):
    client = as_(api, personas.duty)
    response = client.post(
        f"{BASE}incidents/",
        {
            "site": "main",
            "kind": "public_order",
            "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "description": "门口聚集",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert client.post(f"{BASE}incidents/{pk}/follow-up/", {"text": "已劝离"}).status_code == 200
    response = client.post(f"{BASE}incidents/{pk}/close/", {"note": "完"})
    assert response.json()["status"] == "closed"
    late = client.patch(f"{BASE}incidents/{pk}/", {"losses": "无"}, format="json")
    assert late.status_code == 400
    assert as_(api, personas.guard).get(f"{BASE}incidents/").status_code == 403
