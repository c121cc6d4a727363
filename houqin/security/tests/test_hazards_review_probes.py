"""Adversarial probes of the cameras, alarms, hazards and incidents pages and API: another
site's records, roles that may not act, bad input and state-machine holes are refused with a
clear answer, never a 500, and change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from houqin.core import roles
from houqin.core.models import Attachment
from houqin.core.testing import make_user
from houqin.security.choices import HazardStatus, IncidentStatus
from houqin.security.models import Alarm, Camera, Hazard, Incident
from houqin.security.services import hazards as services
from houqin.security.tests.helpers import login
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

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SCRIPT = "<script>alert(1)</script>"


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def tech(personas):
    return make_user("tech", roles.TECHNICIAN, personas.site)


@pytest.fixture
def foreign_hazard(personas):
    other_admin = make_user("other_admin", roles.SECURITY_ADMIN, personas.other_site)
    return report(personas.other_site, other_admin)


# Hazards: another site, the wrong role -------------------------------------------------------


def test_another_sites_hazard_cannot_be_seen_or_moved_on(personas, foreign_hazard):
    client = login(personas.secadmin)
    pk = foreign_hazard.pk
    assert client.get(reverse("security:hazard_detail", kwargs={"pk": pk})).status_code == 404
    for name, data in (
        (
            "hazard_assign",
            {
                "owner_department": department(personas.site).pk,
                "deadline": "2030-01-01",
                "grade": "major",
            },
        ),
        ("hazard_rectify", {"rectification": "done"}),
        ("hazard_verify", {"decision": "accept"}),
        ("hazard_void", {"reason": "x"}),
    ):
        assert client.post(reverse(f"security:{name}", kwargs={"pk": pk}), data).status_code in (
            403,
            404,
        ), name
    for action, body in (
        (
            "assign",
            {
                "owner_department": department(personas.site).pk,
                "deadline": "2030-01-01",
                "grade": "major",
            },
        ),
        ("rectify", {"rectification": "x"}),
        ("verify", {"accepted": True}),
        ("void", {"reason": "x"}),
    ):
        response = api(personas.secadmin).post(f"/api/security/hazards/{pk}/{action}/", body)
        assert response.status_code in (403, 404), action
    foreign_hazard.refresh_from_db()
    assert foreign_hazard.status == HazardStatus.REPORTED and foreign_hazard.voided_at is None
    assert foreign_hazard.owner_department is None


def test_a_hazard_cannot_be_given_to_another_sites_department(personas):
    hazard = report(personas.site, personas.staff)
    foreign = department(personas.other_site)
    page = login(personas.secadmin).post(
        reverse("security:hazard_assign", kwargs={"pk": hazard.pk}),
        {"owner_department": foreign.pk, "deadline": "2030-01-01", "grade": "major"},
    )
    assert page.status_code == 400
    response = api(personas.secadmin).post(
        f"/api/security/hazards/{hazard.pk}/assign/",
        {"owner_department": foreign.pk, "deadline": "2030-01-01", "grade": "major"},
        format="json",
    )
    assert response.status_code == 400
    hazard.refresh_from_db()
    assert hazard.owner_department is None


@pytest.mark.parametrize("who", ["guard", "staff", "leader", "outsider", "nobody"])
def test_roles_that_may_not_verify_or_rectify_are_refused(personas, tech, who):
    hazard = rectified(personas.site, personas.secadmin, tech)
    user = getattr(personas, who)
    login(user).post(
        reverse("security:hazard_verify", kwargs={"pk": hazard.pk}), {"decision": "accept"}
    )
    api(user).post(f"/api/security/hazards/{hazard.pk}/verify/", {"accepted": True})
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED


# Hazards: the state machine ------------------------------------------------------------------


def test_verifying_a_hazard_twice_is_refused(personas, tech):
    hazard = rectified(personas.site, personas.secadmin, tech)
    client = api(personas.secadmin)
    url = f"/api/security/hazards/{hazard.pk}/verify/"
    assert client.post(url, {"accepted": True}, format="json").status_code == 200
    again = client.post(url, {"accepted": False, "note": "redo"}, format="json")
    assert again.status_code == 400
    page = login(personas.secadmin).post(
        reverse("security:hazard_verify", kwargs={"pk": hazard.pk}),
        {"decision": "reject", "note": "redo"},
    )
    assert page.status_code == 400
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED


def test_rectifying_a_closed_or_rectified_hazard_is_refused(personas, tech):
    hazard = rectified(personas.site, personas.secadmin, tech)
    client = api(tech)
    url = f"/api/security/hazards/{hazard.pk}/rectify/"
    assert client.post(url, {"rectification": "again"}, format="json").status_code == 400
    services.hazard_verify(hazard=hazard, by=personas.secadmin, accepted=True, note="")
    assert client.post(url, {"rectification": "again"}, format="json").status_code == 400
    page = login(tech).post(
        reverse("security:hazard_rectify", kwargs={"pk": hazard.pk}), {"rectification": "again"}
    )
    assert page.status_code == 400
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED and hazard.rectification != "again"


def test_assigning_a_closed_hazard_is_refused(personas, tech):
    hazard = rectified(personas.site, personas.secadmin, tech)
    services.hazard_verify(hazard=hazard, by=personas.secadmin, accepted=True, note="")
    body = {
        "owner_department": department(personas.site).pk,
        "deadline": "2030-01-01",
        "grade": "major",
    }
    assert (
        api(personas.secadmin)
        .post(f"/api/security/hazards/{hazard.pk}/assign/", body, format="json")
        .status_code
        == 400
    )
    page = login(personas.secadmin).post(
        reverse("security:hazard_assign", kwargs={"pk": hazard.pk}), body
    )
    assert page.status_code == 400
    hazard.refresh_from_db()
    assert hazard.grade != "major"


def test_a_voided_hazard_cannot_be_moved_on(personas, tech):
    hazard = assigned(personas.site, personas.secadmin)
    Hazard.objects.filter(pk=hazard.pk).update(voided_at=timezone.now())
    response = api(tech).post(
        f"/api/security/hazards/{hazard.pk}/rectify/", {"rectification": "x"}, format="json"
    )
    assert response.status_code in (400, 404)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


# Hazards: bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "deadline", ["2026-02-30", "0000-01-01", "abc", "", "99999-01-01", "2000-01-01"]
)
def test_a_bad_deadline_is_refused(personas, deadline):
    hazard = report(personas.site, personas.staff)
    body = {
        "owner_department": department(personas.site).pk,
        "deadline": deadline,
        "grade": "major",
    }
    assert (
        login(personas.secadmin)
        .post(reverse("security:hazard_assign", kwargs={"pk": hazard.pk}), body)
        .status_code
        == 400
    )
    assert (
        api(personas.secadmin)
        .post(f"/api/security/hazards/{hazard.pk}/assign/", body, format="json")
        .status_code
        == 400
    )
    hazard.refresh_from_db()
    assert hazard.deadline is None


@pytest.mark.parametrize("department_id", ["abc", "", "99999999999999999999", "-1", ["1"]])
def test_a_bad_department_is_refused(personas, department_id):
    hazard = report(personas.site, personas.staff)
    body = {"owner_department": department_id, "deadline": "2030-01-01", "grade": "major"}
    assert (
        api(personas.secadmin)
        .post(f"/api/security/hazards/{hazard.pk}/assign/", body, format="json")
        .status_code
        == 400
    )
    hazard.refresh_from_db()
    assert hazard.owner_department is None


@pytest.mark.parametrize(
    "found_at",
    [
        "yesterday",
        "2026-02-30T10:00:00Z",
        "0001-01-01T00:00:00+09:00",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-09:00",
    ],
)
def test_a_hazard_found_at_a_bad_time_is_refused(personas, found_at):
    response = api(personas.staff).post(
        "/api/security/hazards/",
        {
            "site": "main",
            "description": "x",
            "category": "fire",
            "place": "门口",
            "found_at": found_at,
        },
        format="json",
    )
    assert response.status_code in (201, 400)
    if found_at.startswith("9999") or found_at in ("yesterday", "2026-02-30T10:00:00Z"):
        assert response.status_code == 400
        assert not Hazard.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"site": "other"},
        {"site": "nope"},
        {"site": ""},
        {"category": "bogus"},
        {"grade": "bogus"},
        {"description": ""},
        {"description": "x" * 501},
        {"place": "x" * 101},
        {"place": "", "location": None},
    ],
)
def test_a_bad_hazard_report_through_the_api_is_refused(personas, overrides):
    body = {"site": "main", "description": "x", "category": "fire", "place": "门口", **overrides}
    body = {k: v for k, v in body.items() if v is not None}
    response = api(personas.staff).post("/api/security/hazards/", body, format="json")
    assert response.status_code in (400, 403)
    assert not Hazard.objects.exists()


def test_a_hazard_at_another_sites_location_is_refused(personas):
    foreign = location(personas.other_site)
    response = api(personas.staff).post(
        "/api/security/hazards/",
        {"site": "main", "description": "x", "category": "fire", "location": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    page = login(personas.staff).post(
        reverse("security:hazard_add"),
        {
            "site": personas.site.pk,
            "description": "x",
            "category": "fire",
            "grade": "ordinary",
            "location": foreign.pk,
        },
    )
    assert page.status_code == 400
    assert not Hazard.objects.exists()


def test_a_hazard_photo_that_is_not_an_image_is_refused_everywhere(personas, tech):
    response = api(personas.staff).post(
        "/api/security/hazards/",
        {
            "site": "main",
            "description": "x",
            "category": "fire",
            "place": "门口",
            "photo": text_upload(),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert not Hazard.objects.exists()
    hazard = assigned(personas.site, personas.secadmin)
    page = login(tech).post(
        reverse("security:hazard_rectify", kwargs={"pk": hazard.pk}),
        {"rectification": "done", "photo": text_upload()},
    )
    assert page.status_code == 400
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED and not Attachment.objects.exists()


def test_an_oversized_photo_is_refused(personas):
    png = png_upload().read()
    big = SimpleUploadedFile("big.png", png + b"\x00" * (30 * 1024 * 1024), "image/png")
    page = login(personas.staff).post(
        reverse("security:hazard_add"),
        {
            "site": personas.site.pk,
            "description": "x",
            "category": "fire",
            "grade": "ordinary",
            "place": "门口",
            "photo": big,
        },
    )
    assert page.status_code == 400
    assert not Hazard.objects.exists() and not Attachment.objects.exists()


def test_a_hazard_report_in_a_form_body_is_accepted(personas):
    response = api(personas.staff).post(
        "/api/security/hazards/",
        "site=main&description=x&category=fire&place=gate",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201


def test_a_hazard_body_that_is_not_an_object_is_refused(personas):
    for body in ('["x"]', "{bad", "null", '"text"'):
        response = api(personas.staff).post(
            "/api/security/hazards/", body, content_type="application/json"
        )
        assert response.status_code == 400, body
    assert not Hazard.objects.exists()


def test_a_hazard_with_markup_is_shown_escaped(personas):
    hazard = report(personas.site, personas.staff, description=SCRIPT, place=SCRIPT)
    for url in (hazard.get_absolute_url(), reverse("security:hazard_list")):
        page = login(personas.secadmin).get(url)
        assert page.status_code == 200
        assert SCRIPT.encode() not in page.content


@pytest.mark.parametrize(
    "query",
    [
        "site=abc",
        "site=99999999999999999999",
        "status=bogus",
        "grade=<b>",
        "found_at_after=2026-02-30",
        "date_after=0000-01-01",
        "owner_department=abc",
        "camera=99999999999999999999",
        "location=abc",
        "overdue=maybe",
        "ordering=nonsense",
        "page=abc",
        "export=xlsx&site=abc",
    ],
)
def test_bad_hazard_and_alarm_filters_never_fail(personas, query):
    report(personas.site, personas.staff)
    for name in ("hazard_list", "alarm_list", "incident_list", "camera_list"):
        page = login(personas.secadmin).get(reverse(f"security:{name}") + "?" + query)
        assert page.status_code in (200, 400, 404), name
    for url in ("hazards", "alarms", "incidents", "cameras"):
        response = api(personas.secadmin).get(f"/api/security/{url}/?{query}")
        assert response.status_code in (200, 400, 404), url


# Alarms --------------------------------------------------------------------------------------


def test_an_alarm_at_another_sites_camera_or_location_is_refused(personas):
    foreign_camera = camera(personas.other_site, code="OTHER-1")
    for extra in ({"camera": foreign_camera.pk}, {"location": location(personas.other_site).pk}):
        page = login(personas.guard).post(
            reverse("security:alarm_add"),
            {"site": personas.site.pk, "source": "camera", "description": "x", **extra},
        )
        assert page.status_code == 400
        response = api(personas.guard).post(
            "/api/security/alarms/",
            {"site": "main", "source": "camera", "description": "x", **extra},
            format="json",
        )
        assert response.status_code == 400
    assert not Alarm.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"site": "other", "source": "person", "description": "x"},
        {"site": "main", "source": "bogus", "description": "x"},
        {"site": "main", "source": "person", "description": ""},
        {"site": "main", "source": "person", "description": "x" * 501},
        {"site": "main", "source": "person", "description": "x", "raised_at": "9999-01-01T00:00Z"},
        {"site": "main", "source": "person", "description": "x", "raised_at": "2026-02-30"},
        {"site": "main", "source": "person", "description": "x", "camera": "abc"},
    ],
)
def test_a_bad_alarm_is_refused(personas, body):
    response = api(personas.guard).post("/api/security/alarms/", body, format="json")
    assert response.status_code in (400, 403)
    assert not Alarm.objects.exists()


def test_an_alarm_is_verified_once_and_not_by_a_guard(personas):
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="x"
    )
    url = f"/api/security/alarms/{alarm.pk}/verify/"
    assert api(personas.guard).post(url, {"result": "false_alarm"}).status_code in (403, 404)
    assert api(personas.outsider).post(url, {"result": "false_alarm"}).status_code in (403, 404)
    assert api(personas.duty).post(url, {"result": "bogus"}).status_code == 400
    assert api(personas.duty).post(url, {"result": "hazard"}).status_code == 400
    assert api(personas.duty).post(url, {"result": "false_alarm"}).status_code == 200
    assert (
        api(personas.duty).post(url, {"result": "hazard", "hazard_category": "fire"}).status_code
        == 400
    )
    page = login(personas.duty).post(
        reverse("security:alarm_verify", kwargs={"pk": alarm.pk}), {"result": "false_alarm"}
    )
    assert page.status_code == 400
    assert not Hazard.objects.exists()


# Cameras -------------------------------------------------------------------------------------


def test_a_camera_cannot_move_site_or_use_another_sites_location(personas):
    cam = camera(personas.site)
    client = api(personas.secadmin)
    url = f"/api/security/cameras/{cam.pk}/"
    assert client.patch(url, {"site": "other"}, format="json").status_code == 400
    foreign = location(personas.other_site)
    assert client.patch(url, {"location": foreign.pk}, format="json").status_code == 400
    page = login(personas.secadmin).post(
        reverse("security:camera_edit", kwargs={"pk": cam.pk}),
        {
            "site": personas.site.pk,
            "code": cam.code,
            "name": "n",
            "location": foreign.pk,
            "kind": "dome",
            "status": "online",
        },
    )
    assert page.status_code in (200, 400)
    cam.refresh_from_db()
    assert cam.site == personas.site and cam.location.site == personas.site


def test_another_sites_camera_cannot_be_changed(personas):
    cam = camera(personas.other_site, code="OTHER-1")
    assert (
        api(personas.secadmin)
        .patch(f"/api/security/cameras/{cam.pk}/", {"name": "hack"}, format="json")
        .status_code
        == 404
    )
    assert (
        login(personas.secadmin)
        .post(reverse("security:camera_edit", kwargs={"pk": cam.pk}), {"name": "hack"})
        .status_code
        == 404
    )
    cam.refresh_from_db()
    assert cam.name != "hack"


def test_camera_code_clash_is_a_message(personas):
    camera(personas.site)
    response = api(personas.secadmin).post(
        "/api/security/cameras/",
        {"site": "main", "code": "SXT-001", "name": "dup", "kind": "dome"},
        format="json",
    )
    assert response.status_code == 400
    assert Camera.objects.count() == 1


# Incidents -----------------------------------------------------------------------------------


@pytest.fixture
def incident(personas):
    return services.incident_register(
        site=personas.site,
        kind="public_order",
        occurred_at=timezone.now(),
        description="门口聚集",
        by=personas.duty,
    )


def test_a_closed_incident_cannot_be_edited_or_followed_up(personas, incident):
    services.incident_close(incident=incident, by=personas.duty)
    client = api(personas.duty)
    url = f"/api/security/incidents/{incident.pk}/"
    assert client.patch(url, {"description": "changed"}, format="json").status_code == 400
    assert client.post(f"{url}follow-up/", {"text": "x"}).status_code == 400
    assert client.post(f"{url}close/", {}).status_code == 400
    page = login(personas.duty).post(
        reverse("security:incident_edit", kwargs={"pk": incident.pk}),
        {
            "site": personas.site.pk,
            "kind": "public_order",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "description": "changed",
        },
    )
    assert page.status_code in (200, 400, 403, 404)
    incident.refresh_from_db()
    assert incident.description == "门口聚集" and incident.status == IncidentStatus.CLOSED


@pytest.mark.parametrize(
    "change",
    [
        {"occurred_at": "9999-12-31T00:00:00Z"},
        {"occurred_at": "2026-02-30T10:00"},
        {"occurred_at": "0001-01-01T00:00:00+09:00"},
        {"kind": "bogus"},
        {"description": ""},
        {"site": "other"},
        {"location": "abc"},
        {"place": "x" * 200},
    ],
)
def test_a_bad_incident_change_is_refused(personas, incident, change):
    response = api(personas.duty).patch(
        f"/api/security/incidents/{incident.pk}/", change, format="json"
    )
    assert response.status_code == 400
    before = incident.occurred_at
    incident.refresh_from_db()
    assert incident.description == "门口聚集" and incident.occurred_at == before
    assert incident.site == personas.site


def test_another_sites_incident_cannot_be_changed(personas):
    other_duty = make_user("other_duty", roles.DUTY_OFFICER, personas.other_site)
    foreign = services.incident_register(
        site=personas.other_site,
        kind="public_order",
        occurred_at=timezone.now(),
        description="x",
        by=other_duty,
    )
    client = api(personas.duty)
    url = f"/api/security/incidents/{foreign.pk}/"
    assert client.patch(url, {"description": "hack"}, format="json").status_code == 404
    assert client.post(f"{url}close/", {}).status_code in (403, 404)
    foreign.refresh_from_db()
    assert foreign.description == "x" and foreign.status == IncidentStatus.OPEN


def test_an_incident_in_the_future_is_refused(personas):
    later = (timezone.now() + timedelta(days=3)).isoformat()
    response = api(personas.duty).post(
        "/api/security/incidents/",
        {"site": "main", "kind": "public_order", "occurred_at": later, "description": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert not Incident.objects.exists()


def test_an_incident_with_markup_is_shown_escaped(personas):
    services.incident_register(
        site=personas.site,
        kind="public_order",
        occurred_at=timezone.now(),
        description=SCRIPT,
        by=personas.duty,
        place=SCRIPT,
    )
    incident = Incident.objects.get()
    services.incident_follow_up(incident=incident, text=SCRIPT, by=personas.duty)
    for url in (incident.get_absolute_url(), reverse("security:incident_list")):
        page = login(personas.duty).get(url)
        assert page.status_code == 200
        assert SCRIPT.encode() not in page.content
