"""Pages of cameras, alarms, hazards and incidents: who may open or use each one and where
(anonymous, wrong role, wrong site, permitted), list query counts, the hazard ledger export, the
workflow buttons shown to whom may use them, and bad input refused with nothing changed."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from houqin.core import roles
from houqin.core.models import Attachment
from houqin.core.testing import make_user
from houqin.security.models import Alarm, Hazard, Incident
from houqin.security.services import hazards as services
from houqin.security.tests.helpers import login
from houqin.security.tests.test_hazards_services import (
    assigned,
    camera,
    department,
    location,
    overdue,
    png_upload,
    rectified,
    report,
    text_upload,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "guard",
    "duty",
    "secadmin",
    "staff",
    "leader",
    "admin",
    "outsider",
    "nobody",
    "tech",
    "supervisor",
    "other_duty",
    "other_admin",
    None,
]
L = "login"  # anonymous: sent to the login page
OK, GO, NO, NF = 200, 302, 403, 404

# persona:  guard duty sec staff leader admin outsider nobody tech super o_duty o_admin anon
PAGES = {
    "camera_list": (OK, OK, OK, NO, OK, NO, OK, NO, NO, NO, OK, OK, L),
    "camera_detail": (OK, OK, OK, NO, OK, NO, NF, NO, NO, NO, NF, NF, L),
    "camera_add": (NO, NO, OK, NO, NO, NO, NO, NO, NO, NO, NO, OK, L),
    "camera_edit": (NO, NO, OK, NO, NO, NO, NO, NO, NO, NO, NO, NF, L),
    "alarm_add": (OK, OK, OK, NO, NO, NO, OK, NO, NO, NO, OK, OK, L),
    "alarm_list": (OK, OK, OK, NO, OK, NO, OK, NO, NO, NO, OK, OK, L),
    "alarm_detail": (OK, OK, OK, NO, OK, NO, NF, NO, NO, NO, NF, NF, L),
    "alarm_verify": (NO, GO, GO, NO, NO, NO, NO, NO, NO, NO, NF, NF, L),
    "alarm_void": (NO, NO, OK, NO, NO, NO, NO, NO, NO, NO, NO, NF, L),
    "hazard_add": (OK, OK, OK, OK, NO, NO, OK, NO, OK, OK, OK, OK, L),
    "hazard_list": (OK, OK, OK, OK, OK, NO, OK, NO, OK, OK, OK, OK, L),
    "hazard_export": (OK, OK, OK, OK, OK, NO, OK, NO, OK, OK, OK, OK, L),
    "hazard_detail": (OK, OK, OK, OK, OK, NO, NF, NO, OK, OK, NF, NF, L),
    "hazard_assign": (NO, NO, GO, NO, NO, NO, NO, NO, NO, NO, NO, NF, L),
    "hazard_rectify": (NO, NO, GO, NO, NO, NO, NO, NO, GO, NO, NO, NF, L),
    "hazard_verify": (NO, NO, GO, NO, NO, NO, NO, NO, NO, GO, NO, NF, L),
    "hazard_void": (NO, NO, OK, NO, NO, NO, NO, NO, NO, NO, NO, NF, L),
    "incident_list": (NO, OK, OK, NO, OK, NO, NO, NO, NO, NO, OK, OK, L),
    "incident_detail": (NO, OK, OK, NO, OK, NO, NO, NO, NO, NO, NF, NF, L),
    "incident_add": (NO, OK, OK, NO, NO, NO, NO, NO, NO, NO, OK, OK, L),
    "incident_edit": (NO, OK, OK, NO, NO, NO, NO, NO, NO, NO, NF, NF, L),
    "incident_close": (NO, GO, GO, NO, NO, NO, NO, NO, NO, NO, NF, NF, L),
    "incident_void": (NO, NO, OK, NO, NO, NO, NO, NO, NO, NO, NO, NF, L),
}


@pytest.fixture
def people(personas):
    """The personas plus a technician, a supervisor and the other site's security staff."""
    extra = {
        "tech": make_user("tech", roles.TECHNICIAN, personas.site),
        "supervisor": make_user("supervisor", roles.SUPERVISOR, personas.site),
        "other_duty": make_user("other_duty", roles.DUTY_OFFICER, personas.other_site),
        "other_admin": make_user("other_admin", roles.SECURITY_ADMIN, personas.other_site),
    }
    return {**personas.all(), **extra}


@pytest.fixture
def records(personas, people):
    site = personas.site
    alarm = services.alarm_raise(site=site, source="person", by=personas.guard, description="异响")
    incident = services.incident_register(
        site=site,
        kind="public_order",
        occurred_at=timezone.now(),
        description="门口聚集",
        by=personas.duty,
    )
    return {
        "camera": camera(site),
        "alarm": alarm,
        "reported": report(site, personas.staff),
        "rectified": rectified(site, personas.secadmin, people["tech"]),
        "incident": incident,
    }


def _request(endpoint, records, site):
    r, future = records, (timezone.localdate() + timedelta(days=5)).isoformat()
    hazard, done = r["reported"].pk, r["rectified"].pk
    table = {
        "camera_list": ("get", "security:camera_list", None, {}),
        "camera_detail": ("get", "security:camera_detail", r["camera"].pk, {}),
        "camera_add": ("get", "security:camera_add", None, {}),
        "camera_edit": ("get", "security:camera_edit", r["camera"].pk, {}),
        "alarm_add": ("get", "security:alarm_add", None, {}),
        "alarm_list": ("get", "security:alarm_list", None, {}),
        "alarm_detail": ("get", "security:alarm_detail", r["alarm"].pk, {}),
        "alarm_verify": (
            "post",
            "security:alarm_verify",
            r["alarm"].pk,
            {"result": "false_alarm", "note": "风"},
        ),
        "alarm_void": ("get", "security:alarm_void", r["alarm"].pk, {}),
        "hazard_add": ("get", "security:hazard_add", None, {}),
        "hazard_list": ("get", "security:hazard_list", None, {}),
        "hazard_export": ("get", "security:hazard_list", None, {"export": "xlsx"}),
        "hazard_detail": ("get", "security:hazard_detail", hazard, {}),
        "hazard_assign": (
            "post",
            "security:hazard_assign",
            hazard,
            {"owner_department": department(site).pk, "deadline": future, "grade": "major"},
        ),
        "hazard_rectify": ("post", "security:hazard_rectify", hazard, {"rectification": "已清理"}),
        "hazard_verify": ("post", "security:hazard_verify", done, {"decision": "accept"}),
        "hazard_void": ("get", "security:hazard_void", hazard, {}),
        "incident_list": ("get", "security:incident_list", None, {}),
        "incident_detail": ("get", "security:incident_detail", r["incident"].pk, {}),
        "incident_add": ("get", "security:incident_add", None, {}),
        "incident_edit": ("get", "security:incident_edit", r["incident"].pk, {}),
        "incident_close": ("post", "security:incident_close", r["incident"].pk, {"note": "完"}),
        "incident_void": ("get", "security:incident_void", r["incident"].pk, {}),
    }
    method, name, pk, data = table[endpoint]
    return method, reverse(name, args=[pk] if pk else []), data


@pytest.mark.parametrize(
    ("endpoint", "persona", "expected"),
    [
        pytest.param(endpoint, persona, expected, id=f"{endpoint}-{persona or 'anonymous'}")
        for endpoint, row in PAGES.items()
        for persona, expected in zip(PERSONAS, row, strict=True)
    ],
)
def test_who_may_open_or_use_each_page(personas, people, records, endpoint, persona, expected):
    client = login(people[persona] if persona else None)
    method, url, data = _request(endpoint, records, personas.site)
    response = getattr(client, method)(url, data)
    if expected == L:
        assert response.status_code == 302 and "/login" in response["Location"]
    else:
        assert response.status_code == expected, response.content[:500]


# Lists -----------------------------------------------------------------------------------------


def test_hazard_list_query_count_does_not_grow_with_rows(
    personas, people, django_assert_max_num_queries
):
    for _ in range(30):
        overdue(assigned(personas.site, personas.secadmin))
    client = login(personas.secadmin)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("security:hazard_list"))
    assert response.status_code == 200
    assert response.content.decode().count("row-overdue") == 30


def test_alarm_list_shows_open_ones_first(personas, django_assert_max_num_queries):
    first = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="第一条"
    )
    services.alarm_verify(alarm=first, by=personas.duty, result="false_alarm", note="")
    for i in range(20):
        services.alarm_raise(
            site=personas.site,
            source="person",
            by=personas.guard,
            description=f"待核实{i}",
            raised_at=timezone.now() - timedelta(days=1, minutes=i),
        )
    client = login(personas.duty)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("security:alarm_list"))
    html = response.content.decode()
    assert html.index("待核实19") < html.index("第一条")


@pytest.mark.parametrize("name", ["camera_list", "incident_list"])
def test_other_lists_query_counts(personas, name, django_assert_max_num_queries):
    for i in range(15):
        camera(personas.site, code=f"C{i}")
        services.incident_register(
            site=personas.site,
            kind="other",
            occurred_at=timezone.now(),
            description=f"事件{i}",
            by=personas.duty,
        )
    client = login(personas.secadmin)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"security:{name}"))
    assert response.status_code == 200


def test_hazard_ledger_export(personas, people):
    late = overdue(
        assigned(
            personas.site, personas.secadmin, description="配电箱门未关闭", category="electrical"
        )
    )
    report(personas.site, personas.staff, description="=HYPERLINK(1)", category="electrical")
    report(personas.site, personas.staff, description="井盖缺失", category="other")
    response = login(personas.leader).get(
        reverse("security:hazard_list"), {"export": "xlsx", "category": "electrical"}
    )
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(1, 1).value == "Hazard ledger"
    header = [c.value for c in ws[3]]
    assert header[:4] == ["No.", "Found at", "Location", "Description"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(rows) == 2
    by_number = {row[0]: row for row in rows}
    row = by_number[late.number]
    assert row[3] == "配电箱门未关闭"
    assert row[4] == "electrical" or row[4]  # category label (translated)
    assert row[7] == late.deadline.isoformat()
    assert row[2] == location(personas.site).name
    formula = next(r for r in rows if r[3].startswith("=HYPERLINK"))
    assert ws.cell(4 + rows.index(formula), 4).data_type == "s"


def test_overdue_filter(personas):
    late = overdue(assigned(personas.site, personas.secadmin))
    on_time = assigned(personas.site, personas.secadmin)
    html = login(personas.secadmin).get(reverse("security:hazard_list"), {"overdue": "true"})
    text = html.content.decode()
    assert late.number in text and on_time.number not in text


# Workflow buttons ------------------------------------------------------------------------------


def test_detail_shows_each_step_only_to_whom_may_use_it(personas, people):
    hazard = report(personas.site, personas.staff)
    url = hazard.get_absolute_url()
    assert 'data-testid="rectify-card"' in login(people["tech"]).get(url).content.decode()
    staff_page = login(personas.staff).get(url).content.decode()
    assert "rectify-card" not in staff_page and "assign-card" not in staff_page
    assert "assign-card" in login(personas.secadmin).get(url).content.decode()
    services.hazard_rectify(hazard=hazard, rectification="ok", by=people["tech"])
    assert "verify-card" in login(people["supervisor"]).get(url).content.decode()
    own = login(people["tech"]).get(url).content.decode()
    assert "verify-card" not in own and "rectify-card" not in own


def test_detail_leaves_out_the_steps_not_taken_yet(personas, people):
    def details():
        page = login(personas.secadmin).get(hazard.get_absolute_url()).content.decode()
        return page[page.index("<dl") : page.index("</dl>")]

    hazard = report(personas.site, personas.staff)
    assert "description" in details() and "rectified by" not in details()
    services.hazard_rectify(hazard=hazard, rectification="已更换灯具", by=people["tech"])
    assert "rectified by" in details() and "已更换灯具" in details()


def test_alarm_detail_offers_verification_to_duty_only(personas):
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="x"
    )
    assert "verify-card" in login(personas.duty).get(alarm.get_absolute_url()).content.decode()
    assert "verify-card" not in login(personas.guard).get(alarm.get_absolute_url()).content.decode()


# Bad input -------------------------------------------------------------------------------------


def test_report_with_missing_fields_shows_messages(personas):
    response = login(personas.staff).post(
        reverse("security:hazard_add"), {"site": personas.site.pk}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "This field is required." in text
    assert "choose a location or describe the place" in text
    assert not Hazard.objects.exists()


def test_report_from_a_phone_with_a_photo(personas):
    page = login(personas.staff).get(reverse("security:hazard_add")).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page
    response = login(personas.staff).post(
        reverse("security:hazard_add"),
        {
            "site": personas.site.pk,
            "description": "楼梯扶手松动",
            "category": "structural",
            "grade": "ordinary",
            "place": "附属楼二楼",
            "photo": png_upload(),
        },
    )
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == hazard.get_absolute_url()
    assert Attachment.objects.get().object_id == hazard.pk


def test_report_with_a_non_image_photo_is_refused(personas):
    response = login(personas.staff).post(
        reverse("security:hazard_add"),
        {
            "site": personas.site.pk,
            "description": "x",
            "category": "fire",
            "grade": "ordinary",
            "location": location(personas.site).pk,
            "photo": text_upload(),
        },
    )
    assert response.status_code == 400
    assert "Only photos (JPEG, PNG, WebP)" in response.content.decode()
    assert not Hazard.objects.exists() and not Attachment.objects.exists()


def test_deadline_in_the_past_is_refused(personas):
    hazard = report(personas.site, personas.staff)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = login(personas.secadmin).post(
        reverse("security:hazard_assign", args=[hazard.pk]),
        {"owner_department": department(personas.site).pk, "deadline": past, "grade": "major"},
    )
    assert response.status_code == 400
    assert "The deadline cannot be in the past." in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.deadline is None and hazard.grade == "ordinary"


def test_verification_by_the_rectifier_is_refused(personas):
    hazard = rectified(personas.site, personas.secadmin, personas.secadmin)
    response = login(personas.secadmin).post(
        reverse("security:hazard_verify", args=[hazard.pk]), {"decision": "accept"}
    )
    assert response.status_code == 400
    assert "a second person must verify it" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == "rectified"


def test_rejection_without_a_reason_is_refused(personas, people):
    hazard = rectified(personas.site, personas.secadmin, people["tech"])
    response = login(people["supervisor"]).post(
        reverse("security:hazard_verify", args=[hazard.pk]), {"decision": "reject"}
    )
    assert response.status_code == 400
    hazard.refresh_from_db()
    assert hazard.status == "rectified"


def test_second_alarm_verification_is_refused(personas):
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="x"
    )
    url = reverse("security:alarm_verify", args=[alarm.pk])
    assert login(personas.duty).post(url, {"result": "false_alarm"}).status_code == 302
    response = login(personas.secadmin).post(url, {"result": "hazard", "hazard_category": "fire"})
    assert response.status_code == 400
    assert "already been verified" in response.content.decode()
    assert not Hazard.objects.exists()


def test_raise_an_alarm_and_verify_as_hazard(personas):
    cam = camera(personas.site)
    response = login(personas.guard).post(
        reverse("security:alarm_add"),
        {"site": personas.site.pk, "source": "camera", "camera": cam.pk, "description": "冒烟"},
    )
    alarm = Alarm.objects.get()
    assert response.status_code == 302 and alarm.camera == cam
    response = login(personas.duty).post(
        reverse("security:alarm_verify", args=[alarm.pk]),
        {"result": "hazard", "hazard_category": "electrical", "note": "配电箱冒烟"},
    )
    assert response.status_code == 302
    assert Hazard.objects.get().alarm == alarm
    page = login(personas.duty).get(cam.get_absolute_url()).content.decode()
    assert alarm.number in page and Hazard.objects.get().number in page


def test_incident_register_and_edit_through_pages(personas):
    client = login(personas.duty)
    when = timezone.localtime() - timedelta(hours=2)
    response = client.post(
        reverse("security:incident_add"),
        {
            "site": personas.site.pk,
            "kind": "public_order",
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "东大门",
            "description": "聚集",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("security:incident_edit", args=[incident.pk]),
        {
            "kind": "public_order",
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "北门",
            "description": "",
        },
    )
    assert response.status_code == 200  # the form again, with its message
    incident.refresh_from_db()
    assert incident.place == "东大门"
    response = client.post(
        reverse("security:incident_follow_up", args=[incident.pk]), {"text": "已劝离"}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert "已劝离" in incident.follow_up


# Home page -------------------------------------------------------------------------------------


def test_home_cards_for_security_and_leadership(personas):
    import houqin.security.dashboard_hazards  # noqa: F401  (registers the cards)

    overdue(assigned(personas.site, personas.secadmin))
    services.alarm_raise(site=personas.site, source="person", by=personas.guard, description="x")
    leader_home = login(personas.leader).get("/").content.decode()
    assert "Overdue hazards" in leader_home and "Alarms awaiting verification" in leader_home
    assert "Overdue hazards" not in login(personas.staff).get("/").content.decode()
