"""Bad input through the web pages: every mistake gets a clear message, nothing half-saved, never
a 500."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from houqin.core.services import scan_link_sign
from houqin.core.testing import resident_id, xlsx_bytes
from houqin.security.models import Visit
from houqin.security.tests.helpers import (
    bad_check_digit,
    check_in,
    check_in_post,
    department,
    host,
    invite,
    login,
    shanghai,
)

pytestmark = pytest.mark.django_db

CHECK_IN = reverse("security:visit_add")
IMPORT = reverse("security:visit_import")
HEADER = [
    "姓名",
    "证件类型",
    "证件号码",
    "电话",
    "单位",
    "被访部门",
    "被访人",
    "事由",
    "进入时间",
    "离开时间",
]


def field_errors(response, name: str) -> list[str]:
    form = response.context["form"]
    return [str(e) for e in form.errors.get(name, [])]


# Check-in form -------------------------------------------------------------------------------


def test_check_in_form_admits_a_valid_visitor(personas):
    gate = login(personas.guard)
    response = gate.post(CHECK_IN, check_in_post(personas.site, visitor_name="王五"))
    assert response.status_code == 302 and response["Location"] == reverse("security:gate")
    visit = Visit.objects.get()
    assert (visit.visitor_name, visit.status, visit.site) == ("王五", "inside", personas.site)
    page = gate.get(response["Location"])
    assert f"王五 checked in ({visit.number})." in page.content.decode()


def test_blacklisted_visitor_at_the_gate_page_is_refused_with_a_warning(
    personas, django_capture_on_commit_callbacks
):
    from houqin.core.models import Notification
    from houqin.security.tests.helpers import blacklist

    number = resident_id(seq=666)
    blacklist(personas.site, personas.secadmin, number, reason="曾冲闯大门")
    gate = login(personas.guard)
    with django_capture_on_commit_callbacks(execute=True):
        response = gate.post(
            CHECK_IN, check_in_post(personas.site, visitor_name="李四", id_number=number)
        )

    assert response.status_code == 302
    page = gate.get(response["Location"]).content.decode()
    assert "Entry refused: 李四 is on the blacklist. The duty officer has been alerted." in page
    assert Visit.objects.get().status == "refused"
    assert Notification.objects.filter(recipient=personas.duty).exists()
    duty_home = login(personas.duty).get("/").content.decode()
    assert 'data-testid="unread"' in duty_home


def test_bad_check_digit_is_refused_with_the_field_message(personas):
    number = bad_check_digit(resident_id(seq=5))
    response = login(personas.guard).post(CHECK_IN, check_in_post(personas.site, id_number=number))

    assert response.status_code == 400
    message = "The check digit of this ID number is wrong; please check the number."
    assert field_errors(response, "id_number") == [message]
    assert 'data-field-error="id_number"' in response.content.decode()
    assert message in response.content.decode()
    assert not Visit.objects.exists()


def test_impossible_birth_date_is_refused(personas):
    for born in ("19800230", "20991231"):  # 30 February; the future
        number = resident_id(born=born)
        response = login(personas.guard).post(
            CHECK_IN, check_in_post(personas.site, id_number=number)
        )
        assert response.status_code == 400
        assert field_errors(response, "id_number") == [
            "The birth date in this ID number is not a real date, or is in the future."
        ]
    assert not Visit.objects.exists()


def test_markup_as_visitor_name_is_refused_and_not_rendered(personas):
    script = "<script>alert(1)</script>"
    response = login(personas.guard).post(
        CHECK_IN, check_in_post(personas.site, visitor_name=script)
    )

    assert response.status_code == 400
    assert field_errors(response, "visitor_name") == [
        "A name may contain only letters, digits, spaces and the marks · . - ' ( )."
    ]
    body = response.content.decode()
    assert script not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown back, escaped
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["<b>王</b>", "王<br/>五", "<img src=x onerror=alert(1)", "<script", "李<四"],
)
def test_markup_like_visitor_names_are_refused(personas, name):
    response = login(personas.guard).post(CHECK_IN, check_in_post(personas.site, visitor_name=name))
    assert response.status_code == 400
    assert field_errors(response, "visitor_name") == [
        "A name may contain only letters, digits, spaces and the marks · . - ' ( )."
    ]
    assert not Visit.objects.exists()


def test_markup_in_free_text_is_shown_escaped_in_ledger_gate_and_detail(personas):
    script = "<script>alert(1)</script>"
    visit = check_in(personas.site, personas.guard, organisation=script, items_carried=script)
    client = login(personas.duty)
    for url in (
        reverse("security:visit_list"),
        reverse("security:gate"),
        visit.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert script not in response.content.decode(), url


def test_host_department_of_the_other_site_is_refused(personas):
    data = check_in_post(personas.site, host_department=department(personas.other_site).pk)
    response = login(personas.guard).post(CHECK_IN, data)

    assert response.status_code == 400
    assert field_errors(response, "host_department")
    assert not Visit.objects.exists()


def test_host_person_of_the_other_site_is_refused(personas):
    data = check_in_post(personas.site, host_person=host(personas.other_site).pk)
    response = login(personas.guard).post(CHECK_IN, data)
    assert response.status_code == 400
    assert field_errors(response, "host_person")
    assert not Visit.objects.exists()


def test_check_in_at_a_site_without_a_role_is_refused(personas):
    data = check_in_post(personas.other_site, host_department=department(personas.other_site).pk)
    response = login(personas.guard).post(CHECK_IN, data)
    assert response.status_code == 400
    assert field_errors(response, "site")
    assert not Visit.objects.exists()


def test_bad_phone_and_companions_are_refused(personas):
    data = check_in_post(personas.site, phone="call me maybe", companions="-3")
    response = login(personas.guard).post(CHECK_IN, data)
    assert response.status_code == 400
    assert field_errors(response, "phone") == ["Enter a phone number of digits only."]
    assert field_errors(response, "companions")
    assert not Visit.objects.exists()


# Check-out -----------------------------------------------------------------------------------


def test_check_out_time_before_check_in_shows_an_error_and_keeps_the_visit(personas):
    visit = check_in(personas.site, personas.guard, at=shanghai(2006, 5, 1, 10, 0))
    client = login(personas.guard)
    response = client.post(
        reverse("security:visit_check_out", args=[visit.pk]),
        {"checked_out_at": "2006-05-01T09:30", "next": visit.get_absolute_url()},
        follow=True,
    )

    assert response.status_code == 200
    assert "Check-out cannot be before check-in (2006-05-01 10:00)." in response.content.decode()
    visit.refresh_from_db()
    assert (visit.status, visit.checked_out_at, visit.checked_out_by) == ("inside", None, None)


def test_check_out_with_a_garbage_time_shows_an_error(personas):
    visit = check_in(personas.site, personas.guard, at=shanghai(2006, 5, 1, 10, 0))
    response = login(personas.guard).post(
        reverse("security:visit_check_out", args=[visit.pk]),
        {"checked_out_at": "yesterday-ish"},
        follow=True,
    )
    assert "Enter a valid check-out time." in response.content.decode()
    assert Visit.objects.get(pk=visit.pk).status == "inside"


def test_check_out_now_through_the_page(personas):
    visit = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=1))
    response = login(personas.guard).post(
        reverse("security:visit_check_out", args=[visit.pk]), {"checked_out_at": ""}, follow=True
    )
    assert response.status_code == 200
    assert Visit.objects.get(pk=visit.pk).status == "left"


def test_check_out_does_not_redirect_to_another_host(personas):
    visit = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=1))
    response = login(personas.guard).post(
        reverse("security:visit_check_out", args=[visit.pk]),
        {"checked_out_at": "", "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# Scan links ----------------------------------------------------------------------------------


def _tampered(signed: str) -> str:
    i = 0
    return signed[:i] + ("B" if signed[i] != "B" else "C") + signed[i + 1 :]


def test_tampered_scan_link_gives_a_400_page_with_a_clear_message(personas):
    invitation = invite(personas.site, personas.staff)
    signed = scan_link_sign(invitation.scan_link)
    client = login(personas.guard)

    for bad in (_tampered(signed), signed[:-1] + ("A" if signed[-1] != "A" else "B")):
        response = client.get(reverse("scan_link", args=[bad]))
        assert response.status_code == 400
        assert "This code is not valid: it may have been altered." in response.content.decode()
        response = client.post(reverse("scan_link", args=[bad]))
        assert response.status_code == 400
    assert not Visit.objects.exists()


def test_invitation_link_admits_once_and_refuses_reuse(personas):
    invitation = invite(personas.site, personas.staff, name="孙八")
    url = reverse("scan_link", args=[scan_link_sign(invitation.scan_link)])
    client = login(personas.guard)

    page = client.get(url)
    assert page.status_code == 200 and "孙八" in page.content.decode()
    assert client.post(url).status_code == 302
    assert Visit.objects.get().invitation == invitation

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "This code has already been used." in response.content.decode()
    assert Visit.objects.count() == 1


def test_expired_invitation_link_is_refused(personas):
    from houqin.core.models import ScanLink

    invitation = invite(personas.site, personas.staff)
    ScanLink.objects.filter(pk=invitation.scan_link_id).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = login(personas.guard).post(
        reverse("scan_link", args=[scan_link_sign(invitation.scan_link)])
    )
    assert response.status_code == 400
    assert "This code has expired." in response.content.decode()
    assert not Visit.objects.exists()


def test_invitation_of_another_site_cannot_be_admitted_by_its_guard(personas):
    invitation = invite(personas.site, personas.staff)
    url = reverse("scan_link", args=[scan_link_sign(invitation.scan_link)])
    response = login(personas.outsider).post(url)
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_garbage_typed_into_the_gate_scanner_gets_a_message_not_a_crash(personas):
    client = login(personas.guard)
    for code in ("", "hello", "a/b/c", "https://x.example/s/abc/def/"):
        response = client.get(reverse("security:gate_scan"), {"code": code}, follow=True)
        assert response.status_code in (200, 400), code


# Import --------------------------------------------------------------------------------------


def _row(site, i, **kw):
    values = {
        "姓名": f"访客{i}",
        "证件类型": "resident_id",
        "证件号码": resident_id(seq=100 + i),
        "电话": "13800000000",
        "单位": "市财政局",
        "被访部门": department(site).name,
        "被访人": host(site).name,
        "事由": "business",
        "进入时间": f"2006-03-0{1 + i % 8} 09:{i:02d}",
        "离开时间": f"2006-03-0{1 + i % 8} 11:{i:02d}",
    }
    values.update(kw)
    return [values[h] for h in HEADER]


def _upload(client, buffer, **extra):
    return client.post(IMPORT, {"file": buffer, **extra})


def test_good_ledger_imports_every_row(personas):
    rows = [_row(personas.site, i) for i in range(5)]
    response = _upload(login(personas.secadmin), xlsx_bytes([HEADER, *rows], title_rows=2))

    assert response.status_code == 302
    visits = Visit.objects.order_by("checked_in_at")
    assert visits.count() == 5
    assert [v.number for v in visits] == [f"FK-2006-{n:05d}" for n in range(1, 6)]
    first = visits[0]
    assert (first.visitor_name, first.status, first.site) == ("访客0", "left", personas.site)
    assert first.id_number_masked.endswith(resident_id(seq=100)[-4:])
    assert timezone.localtime(first.checked_in_at).strftime("%Y-%m-%d %H:%M") == (
        "2006-03-01 09:00"
    )


def test_one_bad_row_rejects_the_whole_file_naming_its_row(personas):
    rows = [_row(personas.site, i) for i in range(4)]
    rows[2] = _row(personas.site, 2, 证件号码=bad_check_digit(resident_id(seq=102)))
    # title row 1, header row 2, data rows 3, 4, 5, 6: the bad one is row 5
    response = _upload(login(personas.secadmin), xlsx_bytes([HEADER, *rows], title_rows=1))

    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) == 1
    assert errors[0].startswith("Row 5:")
    assert "check digit" in errors[0]
    assert "nothing was imported" in response.content.decode()
    assert not Visit.objects.exists()


def test_several_bad_rows_are_all_reported(personas):
    rows = [_row(personas.site, i) for i in range(4)]
    rows[0] = _row(personas.site, 0, 被访部门="不存在的科室")
    rows[3] = _row(personas.site, 3, 进入时间="下午三点")
    response = _upload(login(personas.secadmin), xlsx_bytes([HEADER, *rows]))
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [e.split(":")[0] for e in errors] == ["Row 2", "Row 5"]
    assert not Visit.objects.exists()


def test_garbage_upload_is_refused_with_a_clear_message(personas):
    import io

    garbage = io.BytesIO(os.urandom(4096))
    garbage.name = "ledger.xlsx"
    response = _upload(login(personas.secadmin), garbage)

    assert response.status_code == 400
    assert response.context["errors"] == [
        "The file is not an Excel workbook (.xlsx) that can be read."
    ]
    assert not Visit.objects.exists()


def test_zip_that_is_not_a_workbook_is_refused(personas):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    buffer.seek(0)
    buffer.name = "ledger.xlsx"
    response = _upload(login(personas.secadmin), buffer)
    assert response.status_code == 400
    assert "not an Excel workbook" in response.context["errors"][0]


def test_oversized_upload_is_refused_with_a_clear_message(personas, settings):
    settings.IMPORT_MAX_BYTES = 2048
    rows = [_row(personas.site, i) for i in range(3)]
    response = _upload(login(personas.secadmin), xlsx_bytes([HEADER, *rows]))

    assert response.status_code == 400
    assert len(response.context["errors"]) == 1
    assert "too large" in response.context["errors"][0]
    assert "2.0 KB" in response.context["errors"][0].replace("\xa0", " ")
    assert not Visit.objects.exists()


def test_file_without_a_header_row_is_refused(personas):
    response = _upload(login(personas.secadmin), xlsx_bytes([["a", "b"], ["c", "d"]]))
    assert response.status_code == 400
    assert "No header row" in response.context["errors"][0]


def test_missing_file_is_refused(personas):
    response = login(personas.secadmin).post(IMPORT, {})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_nonsense_site_in_the_import_form_is_refused_not_a_crash(personas):
    rows = [_row(personas.site, i) for i in range(2)]
    response = _upload(login(personas.secadmin), xlsx_bytes([HEADER, *rows]), site="not-a-number")
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_exported_ledger_is_recognised_but_refused_for_its_masked_id_numbers(personas):
    """The export masks ID numbers; importing it back must say so, row by row, and add nothing."""
    for i in range(3):
        check_in(
            personas.site,
            personas.guard,
            at=shanghai(2006, 4, 1 + i, 9, 0),
            seq=200 + i,
            name=f"导出{i}",
            host_person=host(personas.site),
        )
    client = login(personas.secadmin)
    exported = client.get(reverse("security:visit_list"), {"export": "xlsx"})
    assert exported.status_code == 200

    import io

    buffer = io.BytesIO(exported.content)
    buffer.name = "ledger.xlsx"
    response = _upload(client, buffer)

    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) == 3
    assert all("masked" in e for e in errors), errors
    assert errors[0].startswith("Row 4")  # title, filter and header rows come first
    assert Visit.objects.filter(site=personas.site).count() == 3
