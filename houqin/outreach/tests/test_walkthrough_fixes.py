"""What a walk-through of the science-centre pages found: the desk says whether a copy is in
or out and shows the reader's loans, a loan that cannot be renewed says why, the consultation
form names sessions by date, the volunteer pages, the copy filters and the fast ledger."""

from __future__ import annotations

import json
from datetime import timedelta
from io import BytesIO

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from houqin.outreach.choices import LoanChannel
from houqin.outreach.filtersets.library import BookCopyFilterSet, LoanFilterSet
from houqin.outreach.models import BookCopy, Loan, Volunteer, VolunteerActivity, VolunteerHours
from houqin.outreach.services import library as services
from houqin.outreach.services import publicity as publicity_services
from houqin.outreach.tests.helpers_library import (
    librarian,
    make_shelf,
    other_librarian,
    reader,
    second_reader,
    shelf,
)
from houqin.outreach.tests.helpers_outreach import make_session, make_volunteer
from houqin.outreach.views.library import bar_chart

# pytest finds these fixtures by their names in this module.
FIXTURES = (librarian, other_librarian, second_reader, shelf)


def login(client, user):
    client.force_login(user)
    return client


def lend(shelf, i, person, by, **kw):
    return services.loan_lend(
        copy=shelf.copies[i], borrower=person, by=by, channel=LoanChannel.DESK, **kw
    )


# The desk ----------------------------------------------------------------------------------


def test_desk_says_a_scanned_copy_is_on_the_shelf(client, librarian, shelf):
    page = login(client, librarian).get(
        reverse("outreach:desk"), {"code": shelf.copies[0].barcode}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert 'data-testid="desk-lend"' in html and 'data-testid="desk-return"' not in html
    assert "This copy is on the shelf" in html
    assert 'data-testid="desk-scan"' in html and ">Open<" not in html


def test_desk_says_who_has_an_out_copy_and_when_it_is_due(client, personas, librarian, shelf):
    loan = lend(shelf, 0, reader(personas.staff), librarian)
    page = login(client, librarian).get(
        reverse("outreach:desk"), {"code": shelf.copies[0].barcode}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert "This copy is out on loan." in html
    assert str(reader(personas.staff)) in html and loan.due_on.strftime("%Y-%m-%d") in html
    assert 'data-testid="desk-return"' in html and "Take back<" not in html


def test_desk_return_button_reads_return_in_the_library_sense(client, personas, librarian, shelf):
    lend(shelf, 0, reader(personas.staff), librarian)
    with override_settings(LANGUAGE_CODE="zh-hans"):
        client.cookies["django_language"] = "zh-hans"
        page = login(client, librarian).get(
            reverse("outreach:desk"), {"code": shelf.copies[0].barcode}, HTTP_ACCEPT_LANGUAGE="zh"
        )
    html = page.content.decode()
    assert "撤回" not in html


def test_desk_readers_show_their_loans_and_overdue_ones(
    client, personas, librarian, shelf, django_assert_max_num_queries
):
    staff = reader(personas.staff)
    lend(shelf, 1, staff, librarian)
    lend(shelf, 0, staff, librarian, at=timezone.now() - timedelta(days=60))
    login(client, librarian)
    with django_assert_max_num_queries(10):
        page = client.get(
            reverse("outreach:desk_readers"), {"copy": shelf.copies[2].pk, "q": staff.name[:3]}
        )
    person = next(p for p in page.context["people"] if p.pk == staff.pk)
    assert person.open_count == 2 and person.overdue_count == 1
    html = page.content.decode()
    assert 'data-testid="reader-current-loans"' in html and "text-danger" in html


# Renewals ------------------------------------------------------------------------------------


@override_settings(HOUQIN_LIBRARY_RENEWALS=1)
def test_my_loans_hide_renew_at_the_limit_and_say_why(client, personas, librarian, shelf):
    staff = reader(personas.staff)
    loan = lend(shelf, 0, staff, librarian)
    lend(shelf, 1, staff, librarian)
    services.loan_renew(loan=loan, by=librarian)
    page = login(client, personas.staff).get(reverse("outreach:my_loans"))
    loans = {row.pk: row for row in page.context["loans"]}
    assert loans[loan.pk].renew_refusal
    assert len([row for row in loans.values() if row.renew_refusal is None]) == 1
    html = page.content.decode()
    assert html.count('data-testid="renew"') == 1
    assert str(loans[loan.pk].renew_refusal) in html


def test_my_loans_hide_renew_when_overdue_or_held(
    client, personas, librarian, shelf, second_reader
):
    staff = reader(personas.staff)
    held = lend(shelf, 1, staff, librarian)
    overdue = lend(shelf, 0, staff, librarian, at=timezone.now() - timedelta(days=60))
    lend(shelf, 2, second_reader, librarian)
    services.hold_place(book=shelf.book, person=second_reader, by=librarian)
    page = login(client, personas.staff).get(reverse("outreach:my_loans"))
    refusals = {row.pk: row.renew_refusal for row in page.context["loans"]}
    today = timezone.localdate()
    assert refusals[overdue.pk] == services.loan_renewal_refusal(loan=overdue, today=today)
    assert refusals[overdue.pk] != refusals[held.pk] and refusals[held.pk]
    assert 'data-testid="renew"' not in page.content.decode()


def test_loan_page_offers_renew_only_when_possible(client, personas, librarian, shelf):
    loan = lend(shelf, 0, reader(personas.staff), librarian, at=timezone.now() - timedelta(days=60))
    page = login(client, librarian).get(reverse("outreach:loan_detail", args=[loan.pk]))
    assert page.context["can_renew"] is False and page.context["renew_refusal"]
    assert "?code=" in page.content.decode()


# Labels and filters --------------------------------------------------------------------------


def test_copy_filter_withdrawn_offers_all_yes_no(personas, librarian, shelf):
    services.copy_withdraw(copy=shelf.copies[0], by=librarian, reason="破损")
    form = BookCopyFilterSet(queryset=BookCopy.objects.all()).form
    values = [value for value, _label in form.fields["withdrawn"].widget.choices]
    assert values == ["", "true", "false"]
    kept = BookCopyFilterSet({"withdrawn": "false"}, queryset=BookCopy.objects.all()).qs
    assert shelf.copies[0] not in kept and kept.count() == 2
    gone = BookCopyFilterSet({"withdrawn": "true"}, queryset=BookCopy.objects.all()).qs
    assert list(gone) == [shelf.copies[0]]


def test_loan_filters_have_distinct_labels():
    fields = LoanFilterSet(queryset=Loan.objects.none()).form.fields
    assert str(fields["lent"].label) != str(fields["channel"].label)


def test_copies_have_their_own_plural():
    assert str(BookCopy._meta.verbose_name_plural) != "copies"


def test_session_booking_shows_places_left(client, personas):
    make_session(personas.site, starts_in=timedelta(days=2), capacity=14)
    page = login(client, personas.staff).get(reverse("outreach:session_book"))
    assert "剩余14个名额" in page.content.decode()


# Consultations -------------------------------------------------------------------------------


def test_consultation_form_lists_recent_sessions_by_date(client, personas, librarian):
    recent = make_session(personas.site, starts_in=timedelta(days=-3), topic="高血压防治")
    old = make_session(personas.site, starts_in=timedelta(days=-90), topic="旧讲座")
    make_session(personas.site, starts_in=timedelta(days=3), topic="未来讲座")
    page = login(client, librarian).get(reverse("outreach:consultation_add"))
    html = page.content.decode()
    start = timezone.localtime(recent.starts_at).strftime("%Y-%m-%d %H:%M")
    assert f"{start} 高血压防治" in html
    assert "旧讲座" not in html and "未来讲座" not in html
    # An older session reached from its own page is still offered and accepted.
    page = client.get(reverse("outreach:consultation_add"), {"session": old.pk})
    assert "旧讲座" in page.content.decode()
    data = {"bulk": "1", "many-session": old.pk, "many-count_" + _a_kind(): 2}
    response = client.post(reverse("outreach:consultation_add"), data)
    assert response.status_code == 302
    assert old.consultations.count() == 2


def _a_kind() -> str:
    from houqin.outreach.choices import ConsultationKind

    return ConsultationKind.values[0]


# Volunteers ----------------------------------------------------------------------------------


@pytest.fixture
def volunteer(personas, librarian) -> Volunteer:
    volunteer = make_volunteer(personas.site, "王志愿")
    for held_on, hours in (("2025-05-04", 3), ("2026-03-05", 2), ("2026-06-01", "1.5")):
        activity = VolunteerActivity.objects.create(
            site=personas.site, title=f"义诊{held_on}", held_on=held_on
        )
        VolunteerHours.objects.create(
            site=personas.site, activity=activity, volunteer=volunteer, hours=hours
        )
    return volunteer


def test_volunteer_pages_refuse_wrong_role_and_site(client, personas, other_librarian, volunteer):
    detail = reverse("outreach:volunteer_detail", args=[volunteer.pk])
    edit = reverse("outreach:volunteer_edit", args=[volunteer.pk])
    assert client.get(detail).status_code == 302
    login(client, personas.staff)
    assert client.get(detail).status_code == 403
    client.logout()
    login(client, other_librarian)
    assert client.get(detail).status_code == 404
    assert client.post(edit, {"skills": "x", "is_active": ""}).status_code == 404
    client.logout()
    login(client, personas.leader)
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.is_active and volunteer.skills == ""


def test_volunteer_detail_totals_hours_by_year(client, librarian, volunteer):
    page = login(client, librarian).get(reverse("outreach:volunteer_detail", args=[volunteer.pk]))
    assert page.status_code == 200
    years = {row["year"]: (row["activities"], row["hours"]) for row in page.context["years"]}
    assert years[2026][0] == 2 and float(years[2026][1]) == 3.5
    assert years[2025][0] == 1 and float(years[2025][1]) == 3
    assert "义诊2025-05-04" in page.content.decode()


def test_volunteer_list_links_to_the_detail(client, librarian, volunteer):
    page = login(client, librarian).get(reverse("outreach:volunteer_list"))
    assert reverse("outreach:volunteer_detail", args=[volunteer.pk]) in page.content.decode()


def test_volunteer_edit_changes_skills_and_active(client, librarian, volunteer):
    login(client, librarian)
    url = reverse("outreach:volunteer_edit", args=[volunteer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"skills": " 急救 ", "is_active": ""})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.skills == "急救" and volunteer.is_active is False
    response = client.post(url, {"skills": "x" * 300, "is_active": "on"})
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.skills == "急救" and volunteer.is_active is False


def test_volunteer_update_records_only_changes(personas, librarian, volunteer):
    from houqin.core.models import Event

    publicity_services.volunteer_update(
        volunteer=volunteer, by=librarian, skills="", is_active=True
    )
    assert not Event.objects.filter(verb="volunteer_updated").exists()
    publicity_services.volunteer_update(
        volunteer=volunteer, by=librarian, skills="摄影", is_active=True
    )
    assert Event.objects.filter(verb="volunteer_updated").count() == 1


# Statistics and the ledger -------------------------------------------------------------------


def test_bar_charts_label_every_bar():
    option = bar_chart([{"label": f"类{i}", "n": i} for i in range(20)], "label")
    assert option["yAxis"]["type"] == "category"
    assert option["yAxis"]["axisLabel"]["interval"] == 0
    assert len(option["yAxis"]["data"]) == 20


def test_statistics_page_sizes_bar_charts(client, personas, librarian, shelf):
    lend(shelf, 0, reader(personas.staff), librarian)
    page = login(client, librarian).get(reverse("outreach:loan_statistics"))
    html = page.content.decode()
    assert 'data-bar-count="1"' in html and "houqin/bar_charts.js" in html
    assert json.loads(page.context["class_chart"])["yAxis"]["axisLabel"]["interval"] == 0


def test_loan_ledger_export_is_one_query_for_the_rows(
    client, personas, librarian, shelf, second_reader, django_assert_max_num_queries
):
    more = make_shelf(personas.site, librarian, title="昆虫记", copies=6)
    for i, copy in enumerate(more.copies):
        services.loan_lend(
            copy=copy,
            borrower=second_reader if i % 2 else reader(personas.staff),
            by=librarian,
            channel=LoanChannel.DESK,
        )
    login(client, librarian)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:loan_list"), {"export": "xlsx"})
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 6
    assert {row[2] for row in rows} == {"昆虫记"}
    assert ws.cell(row=4, column=1).border.left.style == "thin"


def test_empty_copy_ledger_export_has_only_its_header(client, librarian):
    response = login(client, librarian).get(reverse("outreach:bookcopy_list"), {"export": "xlsx"})
    ws = load_workbook(BytesIO(response.content)).active
    assert ws.max_row == 3
