"""Regression tests for the fixes of the latest review: private attachments, purging, masked
filters on the ledger, the idle timeout and polling, bad input without a 500, check-out in the
future, API corrections and check-in rules, import, blacklisted invitations, voiding invitations,
the deploy check and the accounts URLs."""

from __future__ import annotations

import io
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from PIL import Image

from houqin.core import roles
from houqin.core.middleware import SESSION_ACTIVITY_KEY
from houqin.core.models import Attachment, Department, Event, Location, Person
from houqin.core.services import record_void, scan_link_sign
from houqin.core.testing import make_user, resident_id, xlsx_bytes
from houqin.reports.queries import annual_report
from houqin.security import services
from houqin.security.models import Invitation, Visit
from houqin.security.tests.helpers import (
    api_check_in_body,
    blacklist,
    check_in,
    check_in_post,
    department,
    host,
    invite,
    login,
    shanghai,
)

pytestmark = pytest.mark.django_db

LEDGER = reverse("security:visit_list")
VISITS_API = "/api/security/visits/"
INVITATIONS_API = "/api/security/invitations/"
IMPORT = reverse("security:visit_import")


@pytest.fixture
def english_api(api):
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield api


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def attach_photo(client, visit, name="身份证正面.jpg"):
    """Upload a PNG (under a misleading name) to a visit through the page."""
    url = reverse(
        "attachment_add",
        kwargs={"app_label": "security", "model_name": "visit", "pk": visit.pk},
    )
    photo = SimpleUploadedFile(name, png_bytes(), content_type="image/jpeg")
    response = client.post(url, {"file": photo})
    assert response.status_code == 302
    return Attachment.objects.get(object_id=visit.pk)


# 1. Attachments are never public --------------------------------------------------------------


def test_attachment_file_is_served_only_to_people_who_may_see_its_record(personas):
    visit = check_in(personas.site, personas.guard)
    guard = login(personas.guard)
    attachment = attach_photo(guard, visit)
    url = reverse("attachment_file", kwargs={"pk": attachment.pk})
    assert url == f"/attachments/{attachment.pk}/"

    anonymous = login().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    assert login(personas.outsider).get(url).status_code == 404

    response = guard.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()


def test_stored_attachment_name_is_random_with_the_detected_extension(personas):
    visit = check_in(personas.site, personas.guard)
    attachment = attach_photo(login(personas.guard), visit, name="身份证正面.jpg")

    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert re.fullmatch(r"[0-9a-f]{32}\.png", stored), attachment.file.name
    assert "身份证" not in attachment.file.name
    assert attachment.original_name == "身份证正面.jpg"  # kept only as a label
    assert attachment.mime_type == "image/png"


# 2. Purge -------------------------------------------------------------------------------------


def test_purge_removes_attachments_and_free_text_but_keeps_vehicle_figures(
    personas, django_capture_on_commit_callbacks
):
    visit = check_in(
        personas.site,
        personas.guard,
        at=shanghai(2006, 3, 1, 9, 0),
        vehicle_plate="湘L12345",
        purpose_detail="与张科长商谈合同",
        items_carried="笔记本电脑一台",
    )
    attachment = attach_photo(login(personas.guard), visit)
    stored_path = Path(attachment.file.path)
    before = annual_report(year=2006, site_ids=None, site=None)
    assert before["metrics"]["security.visitor_vehicles"]["value"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert services.visits_purge_pii(older_than_days=180) == 1

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not stored_path.exists()
    visit.refresh_from_db()
    assert (visit.vehicle_plate, visit.purpose_detail, visit.items_carried) == ("", "", "")
    assert visit.has_vehicle is True
    after = annual_report(year=2006, site_ids=None, site=None)
    assert after == before
    assert after["metrics"]["security.visitor_vehicles"]["value"] == 1


# 3. Ledger export masks a full ID number used as search -----------------------------------------


def test_ledger_export_masks_the_full_id_number_searched_for(personas):
    number = resident_id(seq=777)
    check_in(personas.site, personas.guard, id_number=number, at=shanghai(2006, 3, 1, 9, 0))

    response = login(personas.duty).get(LEDGER, {"q": number, "export": "xlsx"})

    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    row2 = " ".join(str(c.value) for c in ws[2] if c.value is not None)
    assert number not in row2
    assert number[:6] + "********" + number[-4:] in row2
    assert number not in " ".join(
        str(c.value) for row in ws.iter_rows() for c in row if c.value is not None
    )


# 4. Idle timeout ignores polls ----------------------------------------------------------------


def _set_last_seen(client, value: int) -> None:
    session = client.session
    session[SESSION_ACTIVITY_KEY] = value
    session.save()


def test_automatic_poll_does_not_count_as_activity_but_a_page_view_does(personas):
    client = login(personas.guard)
    twenty_minutes_ago = int(time.time()) - 20 * 60
    _set_last_seen(client, twenty_minutes_ago)

    poll = client.get("/", HTTP_X_HOUQIN_POLL="1", HTTP_HX_REQUEST="true")
    assert poll.status_code == 200
    assert client.session[SESSION_ACTIVITY_KEY] == twenty_minutes_ago

    page = client.get("/")
    assert page.status_code == 200
    assert client.session[SESSION_ACTIVITY_KEY] > twenty_minutes_ago
    assert client.session[SESSION_ACTIVITY_KEY] >= int(time.time()) - 5


# 5. Bad input gives no 500 ---------------------------------------------------------------------


def test_site_switch_with_a_superscript_digit_is_a_400(personas):
    response = login(personas.guard).post(reverse("site_switch"), {"site": "²"})
    assert response.status_code == 400


def test_host_list_for_a_department_id_beyond_bigint_is_just_the_empty_option(personas):
    response = login(personas.guard).get(
        reverse("security:host_options"), {"host_department": "99999999999999999999999"}
    )
    assert response.status_code == 200
    assert response.content.decode() == '<option value="">---------</option>'


@pytest.mark.parametrize("params", [{"date_after": "0001-01-01"}, {"date_before": "9999-12-31"}])
def test_ledger_with_a_date_out_of_range_shows_a_field_error_not_a_500(
    personas, english_api, params
):
    visit = check_in(personas.site, personas.guard, at=shanghai(2006, 3, 1, 9, 0))

    page = login(personas.duty).get(LEDGER, params)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Choose dates between 1900 and 2100." in body
    assert "invalid-feedback" in body
    assert visit.number not in body  # no rows

    english_api.force_authenticate(personas.duty)
    response = english_api.get(VISITS_API, params)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_annual_report_page_with_a_superscript_year_is_a_404(personas):
    response = login(personas.duty).get(reverse("reports:annual"), {"year": "²"})
    assert response.status_code == 404


def test_control_character_in_organisation_is_stripped_and_the_ledger_still_exports(personas):
    gate = login(personas.guard)
    response = gate.post(
        reverse("security:visit_add"), check_in_post(personas.site, organisation="市\x01财政局")
    )
    assert response.status_code == 302
    assert Visit.objects.get().organisation == "市财政局"

    export = login(personas.duty).get(LEDGER, {"export": "xlsx"})
    assert export.status_code == 200
    ws = load_workbook(io.BytesIO(export.content)).active
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert "市财政局" in cells


# 6. Check-out in the future -----------------------------------------------------------------


def test_check_out_more_than_five_minutes_ahead_is_refused_and_the_visitor_stays_inside(
    personas,
):
    visit = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=1))
    ahead = timezone.localtime(timezone.now() + timedelta(minutes=30))

    response = login(personas.guard).post(
        reverse("security:visit_check_out", args=[visit.pk]),
        {"checked_out_at": ahead.strftime("%Y-%m-%dT%H:%M"), "next": visit.get_absolute_url()},
        follow=True,
    )

    assert response.status_code == 200
    assert "Check-out cannot be in the future." in response.content.decode()
    visit.refresh_from_db()
    assert (visit.status, visit.checked_out_at, visit.checked_out_by) == ("inside", None, None)


# 7. API PATCH goes through the service -------------------------------------------------------


def test_api_patch_of_a_void_visit_is_a_400_and_changes_nothing(personas, english_api):
    visit = check_in(personas.site, personas.guard, organisation="市财政局")
    record_void(record=visit, by=personas.duty, reason="重复登记")
    english_api.force_authenticate(personas.guard)

    response = english_api.patch(
        f"{VISITS_API}{visit.pk}/", {"organisation": "改过的单位"}, format="json"
    )

    assert response.status_code == 400
    assert "This registration is void." in str(response.json())
    visit.refresh_from_db()
    assert visit.organisation == "市财政局"


def test_api_patch_with_markup_as_plate_is_a_400(personas, english_api):
    visit = check_in(personas.site, personas.guard)
    english_api.force_authenticate(personas.guard)

    response = english_api.patch(
        f"{VISITS_API}{visit.pk}/", {"vehicle_plate": "<b>x</b>"}, format="json"
    )

    assert response.status_code == 400
    assert "Enter the plate as printed, e.g. 湘L12345." in str(response.json())
    visit.refresh_from_db()
    assert (visit.vehicle_plate, visit.has_vehicle) == ("", False)


def test_api_patch_normalises_the_plate_and_records_the_vehicle(personas, english_api):
    visit = check_in(personas.site, personas.guard)
    english_api.force_authenticate(personas.guard)

    response = english_api.patch(
        f"{VISITS_API}{visit.pk}/", {"vehicle_plate": "湘l 12345"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["vehicle_plate"] == "湘L12345"
    visit.refresh_from_db()
    assert (visit.vehicle_plate, visit.has_vehicle) == ("湘L12345", True)


# 8. API check-in host and gate rules -----------------------------------------------------------


def _api_check_in(api, user, body):
    api.force_authenticate(user)
    return api.post(VISITS_API, body, format="json")


def test_api_check_in_refuses_a_host_outside_the_host_department(personas, english_api):
    other_dept = Department.objects.create(site=personas.site, code="D2", name="财务科")
    outsider_host = Person.objects.create(site=personas.site, name="钱七", department=other_dept)
    body = api_check_in_body(personas.site, host_person=outsider_host.pk)

    response = _api_check_in(english_api, personas.guard, body)

    assert response.status_code == 400
    assert "host_person" in response.json()["errors"]
    assert not Visit.objects.exists()


def test_api_check_in_refuses_an_inactive_department(personas, english_api):
    closed = Department.objects.create(
        site=personas.site, code="OLD", name="已撤销科室", is_active=False
    )
    body = api_check_in_body(personas.site, host_department=closed.pk)

    response = _api_check_in(english_api, personas.guard, body)

    assert response.status_code == 400
    assert "host_department" in response.json()["errors"]
    assert not Visit.objects.exists()


def test_api_check_in_refuses_a_location_that_is_not_a_gate(personas, english_api):
    hall = Location.objects.create(
        site=personas.site, code="HALL", name="大厅", kind=Location.Kind.ROOM
    )
    body = api_check_in_body(personas.site, gate=hall.pk)

    response = _api_check_in(english_api, personas.guard, body)

    assert response.status_code == 400
    assert "gate" in response.json()["errors"]
    assert not Visit.objects.exists()


# 9. Import ------------------------------------------------------------------------------------

IMPORT_HEADER = ["姓名", "证件号码", "被访部门", "进入时间"]


def _ledger(site):
    return xlsx_bytes(
        [
            IMPORT_HEADER,
            ["导入甲", resident_id(seq=501), department(site).name, "2006-03-01 09:00"],
            ["导入乙", resident_id(seq=502), department(site).name, "2006-03-02 10:30"],
        ]
    )


def test_imported_row_of_a_past_day_without_check_out_is_a_visit_that_left(personas):
    response = login(personas.secadmin).post(IMPORT, {"file": _ledger(personas.site)})

    assert response.status_code == 302
    statuses = dict(Visit.objects.values_list("visitor_name", "status"))
    assert statuses == {"导入甲": "left", "导入乙": "left"}
    assert not Visit.objects.filter(status="inside").exists()


def test_importing_the_same_file_twice_is_refused_row_by_row(personas):
    client = login(personas.secadmin)
    assert client.post(IMPORT, {"file": _ledger(personas.site)}).status_code == 302
    assert Visit.objects.count() == 2

    response = client.post(IMPORT, {"file": _ledger(personas.site)})

    assert response.status_code == 400
    errors = response.context["errors"]
    assert [e.split(":")[0] for e in errors] == ["Row 2", "Row 3"]
    assert all("already in the ledger" in e for e in errors), errors
    assert Visit.objects.count() == 2


# 10. Invitation of a blacklisted visitor ----------------------------------------------------


def test_invitation_of_a_blacklisted_visitor_is_refused_and_not_logged_as_admitted(personas):
    number = resident_id(seq=666)
    invitation = invite(personas.site, personas.staff, id_number=number, name="李四")
    blacklist(personas.site, personas.secadmin, number)
    url = reverse("scan_link", kwargs={"signed": scan_link_sign(invitation.scan_link)})

    response = login(personas.guard).post(url, follow=True)

    assert response.status_code == 200
    assert "Entry refused: 李四 is on the blacklist." in response.content.decode()
    visit = Visit.objects.get()
    assert (visit.status, visit.invitation) == ("refused", invitation)
    verbs = list(
        Event.objects.filter(
            content_type=ContentType.objects.get_for_model(Invitation), object_id=invitation.pk
        ).values_list("verb", flat=True)
    )
    assert "admit" not in verbs
    assert verbs == ["blocked"]


# 11. Invitations ----------------------------------------------------------------------------


def test_guard_can_open_the_invitation_list(personas):
    invitation = invite(personas.site, personas.staff, name="孙八")
    response = login(personas.guard).get(reverse("security:invitation_list"))
    assert response.status_code == 200
    assert invitation.number in response.content.decode()


def test_host_voids_own_invitation_and_its_link_stops_working(personas):
    invitation = invite(personas.site, personas.staff, name="孙八")
    link = reverse("scan_link", kwargs={"signed": scan_link_sign(invitation.scan_link)})
    void_url = reverse("security:invitation_void", kwargs={"pk": invitation.pk})

    response = login(personas.staff).post(void_url, {"reason": "会议取消"})

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.voided_at is not None and invitation.void_reason == "会议取消"
    page = login(personas.guard).get(link)
    assert page.status_code == 400
    body = page.content.decode()
    assert "Code not accepted" in body
    assert "This code has been withdrawn." in body
    assert not Visit.objects.exists()


def test_another_staff_member_cannot_void_someone_elses_invitation(personas):
    invitation = invite(personas.site, personas.staff)
    colleague = make_user("colleague", roles.STAFF, personas.site)
    void_url = reverse("security:invitation_void", kwargs={"pk": invitation.pk})

    client = login(colleague)
    assert client.get(void_url).status_code == 404
    assert client.post(void_url, {"reason": "恶作剧"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.voided_at is None


def test_api_invitation_answer_names_the_site_code_and_the_scan_link(personas, english_api):
    body = {
        **api_check_in_body(personas.site, host_person=host(personas.site).pk),
        "expected_at": (timezone.now() + timedelta(hours=2)).isoformat(),
    }
    english_api.force_authenticate(personas.staff)

    response = english_api.post(INVITATIONS_API, body, format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["site"] == "main"
    assert "/s/" in data["scan_url"]


# 12. Deploy check ---------------------------------------------------------------------------


def test_deploy_check_flags_the_benchmark_urls(settings):
    settings.ROOT_URLCONF = "houqin.bench_urls"
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check", "--deploy", stdout=out, stderr=err)
    except SystemCheckError as exc:
        text = str(exc)
    else:
        text = out.getvalue() + err.getvalue()
    assert "houqin.E003" in text


# 13. Accounts URLs --------------------------------------------------------------------------


def test_password_reset_does_not_exist(personas):
    assert login().get("/accounts/password_reset/").status_code == 404
    assert login(personas.guard).get("/accounts/password_reset/").status_code == 404


def test_host_cancels_own_invitation_through_the_api_but_not_someone_elses(personas, api):
    invitation = invite(personas.site, personas.staff)
    colleague = make_user("colleague", roles.STAFF, personas.site)
    url = f"/api/security/invitations/{invitation.pk}/void/"

    api.force_authenticate(colleague)
    assert api.post(url, {"reason": "不是我的"}, format="json").status_code in (403, 404)

    api.force_authenticate(personas.staff)
    assert api.post(url, {"reason": "会议取消"}, format="json").status_code == 204
    invitation.refresh_from_db()
    assert invitation.voided_at is not None
    assert invitation.scan_link.revoked_at is not None


def test_a_company_name_in_the_search_is_printed_as_typed(personas):
    check_in(personas.site, personas.guard)
    client = login(personas.duty)
    response = client.get(reverse("security:visit_list"), {"q": "Huawei", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Huawei" in sheet["A2"].value
