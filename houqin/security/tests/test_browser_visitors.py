"""The visitor flows in a real browser, under the strict Content-Security-Policy: the guard's
check-in and check-out on a phone, an invitation from its QR link to the gate, and the ledger's
filtered Excel export."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from houqin.core.models import Department, Person
from houqin.core.testing import resident_id
from houqin.security import services
from houqin.security.choices import IdTypeChoices, VisitPurpose
from houqin.security.models import Invitation, Visit
from houqin.security.services.visitors import VisitorData

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARRIVAL_FORMAT = "%Y-%m-%dT%H:%M"  # the value of an <input type="datetime-local">


def _department(personas) -> Department:
    return Department.objects.get(site=personas.site)


def _fill_visitor(page, *, name: str, id_number: str, department: Department) -> None:
    page.fill("#id_visitor_name", name)
    page.select_option("#id_id_type", IdTypeChoices.RESIDENT_ID.value)
    page.fill("#id_id_number", id_number)
    with page.expect_response("**/security/hosts/**"):  # the host list narrows to the department
        page.select_option("#id_host_department", str(department.pk))
    page.select_option("#id_purpose", VisitPurpose.MEETING.value)


def _submit(page, form_selector: str):
    """Submit a form; the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        page.locator(f"{form_selector} button[type=submit]").click()
    return navigation.value


def _inside_row(page, name: str):
    return page.get_by_test_id("inside-list").locator("[data-visit]", has_text=name)


def test_guard_checks_a_visitor_in_and_out_on_a_phone(browse, personas):
    page = browse.page("phone", user=personas.guard)
    page.goto("/security/gate/")
    page.get_by_test_id("check-in").tap()
    page.wait_for_url("**/security/visits/check-in/")

    _fill_visitor(page, name="张三", id_number=resident_id(), department=_department(personas))
    response = _submit(page, "[data-testid=check-in-form]")

    assert response.ok
    assert page.url.endswith("/security/gate/")
    visit = Visit.objects.get()
    assert visit.visitor_name == "张三"
    assert visit.status == "inside"
    success = page.locator(".alert-success")
    assert "张三" in success.inner_text()
    assert visit.number in success.inner_text()
    assert _inside_row(page, "张三").count() == 1
    assert page.get_by_test_id("inside-count").inner_text() == "1"

    with page.expect_navigation():
        _inside_row(page, "张三").get_by_test_id("check-out").tap()

    assert page.url.endswith("/security/gate/")
    assert "张三" in page.locator(".alert-success").inner_text()
    assert _inside_row(page, "张三").count() == 0
    assert page.get_by_test_id("inside-count").inner_text() == "0"
    visit.refresh_from_db()
    assert visit.status == "left"
    assert visit.checked_out_by == personas.guard
    browse.assert_clean()


def test_wrong_check_digit_shows_the_field_error_and_creates_nothing(browse, personas):
    valid = resident_id()
    wrong = valid[:-1] + ("1" if valid[-1] != "1" else "2")
    page = browse.page("phone", user=personas.guard)
    page.goto("/security/visits/check-in/")

    _fill_visitor(page, name="李四", id_number=wrong, department=_department(personas))
    browse.expect_status(400)
    response = _submit(page, "[data-testid=check-in-form]")

    assert response.status == 400
    error = page.locator("[data-field-error=id_number]")
    assert error.is_visible()
    assert error.inner_text().strip()
    assert page.get_by_test_id("form-errors").is_visible()
    assert page.input_value("#id_visitor_name") == "李四"  # what was typed is kept
    assert not Visit.objects.exists()
    page.goto("/security/gate/")
    assert page.get_by_test_id("inside-count").inner_text() == "0"
    browse.assert_clean()


def test_invitation_qr_link_admits_the_visitor_once(browse, personas):
    host = Person.objects.get(user=personas.staff)
    arrival = timezone.localtime() + timedelta(hours=1)
    staff = browse.page("desktop", user=personas.staff)
    staff.goto("/security/invitations/add/")
    _fill_visitor(staff, name="王五", id_number=resident_id(seq=456), department=host.department)
    staff.select_option("#id_host_person", str(host.pk))
    staff.fill("#id_expected_at", arrival.strftime(ARRIVAL_FORMAT))
    _submit(staff, "main form")

    invitation = Invitation.objects.get()
    assert staff.url.endswith(invitation.get_absolute_url())
    assert timezone.localtime(invitation.expected_at).strftime(ARRIVAL_FORMAT) == (
        arrival.strftime(ARRIVAL_FORMAT)
    )
    qr = staff.get_by_test_id("invitation-qr")
    assert qr.is_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR image did not load"
    link = staff.get_by_test_id("invitation-link").get_attribute("href")
    assert link.startswith(f"{browse.url}/s/")

    guard = browse.page("phone", user=personas.guard)
    guard.goto(link)
    assert guard.get_by_test_id("invited-name").inner_text() == "王五"
    with guard.expect_navigation():
        guard.get_by_test_id("admit").tap()

    assert guard.url.endswith("/security/gate/")
    assert _inside_row(guard, "王五").count() == 1
    visit = Visit.objects.get()
    assert visit.invitation == invitation
    assert visit.checked_in_by == personas.guard

    browse.expect_status(400)
    response = guard.goto(link)
    assert response.status == 400
    assert guard.get_by_test_id("scan-error").is_visible()
    assert Visit.objects.count() == 1
    browse.assert_clean()


def _visit(personas, name: str, day: datetime, seq: int) -> Visit:
    data = VisitorData(
        visitor_name=name,
        id_type=IdTypeChoices.RESIDENT_ID,
        id_number=resident_id(seq=seq),
        host_department=_department(personas),
        purpose=VisitPurpose.BUSINESS,
    )
    return services.visit_check_in(site=personas.site, by=personas.guard, data=data, at=day)


def _names_in(rows) -> list[str]:
    text = " ".join(rows)
    return [name for name in ("赵一", "钱二", "孙三", "李四") if name in text]


def test_duty_officer_exports_the_filtered_ledger(browse, personas, tmp_path):
    at = timezone.make_aware  # Beijing time, the server's zone
    _visit(personas, "赵一", at(datetime(2025, 3, 3, 9, 0)), 1)
    _visit(personas, "钱二", at(datetime(2025, 3, 10, 8, 30)), 2)
    _visit(personas, "孙三", at(datetime(2025, 3, 12, 23, 50)), 3)
    _visit(personas, "李四", at(datetime(2025, 3, 20, 10, 0)), 4)
    page = browse.page("desktop", user=personas.duty)
    page.goto("/security/visits/")
    count = page.get_by_test_id("count")  # "4 records", "共4条记录"
    expect(count).to_have_text(re.compile(r"(?<!\d)4(?!\d)"))

    page.fill("input[name=date_after]", "2025-03-10")
    page.fill("input[name=date_before]", "2025-03-12")
    page.locator("form.filter-form button[type=submit]").click()
    expect(count).to_have_text(re.compile(r"(?<!\d)2(?!\d)"))
    listed = page.locator("#list-table tbody tr").all_inner_texts()
    assert len(listed) == 2
    assert _names_in(listed) == ["钱二", "孙三"]

    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    ws = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in ws.iter_rows(min_row=4)]
    assert len(rows) == 2, f"the export has {len(rows)} rows, the filtered page 2"
    assert _names_in(" ".join(cell or "" for cell in row) for row in rows) == ["钱二", "孙三"]
    assert ws["A1"].value == page.locator("main h1").inner_text().strip()  # the title row
    assert "2025-03-10" in ws["A2"].value  # the filter in force
    assert "2025-03-12" in ws["A2"].value
    header = [cell.value for cell in ws[3]]
    assert header == [th.strip() for th in page.locator("#list-table thead th").all_inner_texts()]
    browse.assert_clean()
