"""The library's pages and API: role and site refusals, the desk, the reader's phone pages,
query counts of the catalogue, the loan ledger and the statistics, and the metrics."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from houqin.core.services import scan_link_sign
from houqin.outreach.choices import LoanChannel
from houqin.outreach.metrics.library import library_books, library_loans
from houqin.outreach.models.library import Book, Loan
from houqin.outreach.services import library as services
from houqin.outreach.tests.helpers_library import (
    ISBN13,
    librarian,
    make_shelf,
    other_librarian,
    reader,
    second_reader,
    shelf,
)
from houqin.reports.registry import year_bounds

# pytest finds these fixtures by their names in this module.
FIXTURES = (librarian, other_librarian, second_reader, shelf)

TZ = ZoneInfo("Asia/Shanghai")


def login(client, user):
    client.force_login(user)
    return client


def _lend(shelf, i, person, by, when=None):
    return services.loan_lend(
        copy=shelf.copies[i], borrower=person, by=by, channel=LoanChannel.DESK, at=when
    )


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("outreach:book_list", False),
        ("outreach:loan_list", False),
        ("outreach:desk", False),
        ("outreach:loan_statistics", False),
        ("outreach:stocktake_list", False),
        ("outreach:copy_labels", False),
        ("outreach:bookcopy_list", False),
        ("outreach:book_add", False),
        ("outreach:book_detail", True),
        ("outreach:copy_detail", True),
        ("outreach:copy_add", True),
    ],
)
def test_librarian_pages_refuse_wrong_role_and_site(
    client, personas, librarian, shelf, other_librarian, name, needs_pk
):
    pk = {"copy_detail": shelf.copies[0].pk}.get(name.split(":")[1], shelf.book.pk)
    url = reverse(name, kwargs={"pk": pk}) if needs_pk else reverse(name)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(client, personas.nobody)
    assert client.get(url).status_code == 403
    client.logout()
    login(client, other_librarian)
    assert client.get(url).status_code == (404 if needs_pk else 200)
    client.logout()
    login(client, librarian)
    assert client.get(url).status_code == 200


def test_a_guard_may_see_the_catalogue_but_not_the_desk(client, personas, shelf):
    login(client, personas.guard)
    assert client.get(reverse("outreach:book_list")).status_code == 200
    assert client.get(reverse("outreach:desk")).status_code == 403
    assert client.get(reverse("outreach:loan_list")).status_code == 403


def test_catalogue_search_and_counts_in_few_queries(
    client, personas, librarian, shelf, django_assert_max_num_queries
):
    for i in range(30):
        make_shelf(personas.site, librarian, title=f"书{i:02d}", copies=1)
    _lend(shelf, 0, reader(personas.staff), librarian)
    login(client, librarian)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:book_list"), {"q": "时间"})
    assert response.status_code == 200
    row = response.content.decode()
    assert "时间简史" in row and "书01" not in row
    response = client.get(reverse("outreach:book_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_book_add_refuses_a_bad_isbn_with_a_field_message(client, personas, librarian):
    login(client, librarian)
    data = {"site": personas.site.pk, "isbn": "978-7-302-14751-1", "title": "x", "clc_class": "N"}
    response = client.post(reverse("outreach:book_add"), data)
    assert response.status_code == 200 and not Book.objects.exists()
    assert response.context["form"].errors["isbn"]
    data["isbn"] = "978-7-302-14751-0"
    response = client.post(reverse("outreach:book_add"), data)
    assert response.status_code == 302
    assert Book.objects.get().isbn == ISBN13


def test_copies_are_added_several_at_once(client, librarian, shelf):
    login(client, librarian)
    url = reverse("outreach:copy_add", kwargs={"pk": shelf.book.pk})
    response = client.post(url, {"barcodes": "N-9\nN-10\n\n", "acquired_on": "2026-02-01"})
    assert response.status_code == 302
    assert shelf.book.copies.count() == 5
    response = client.post(url, {"barcodes": "N-9", "acquired_on": "2026-02-01"})
    assert response.status_code == 400 and shelf.book.copies.count() == 5


def test_desk_lends_and_takes_back_by_barcode(client, personas, librarian, shelf):
    login(client, librarian)
    copy = shelf.copies[0]
    page = client.get(reverse("outreach:desk"), {"code": copy.barcode})
    assert page.context["copy"] == copy
    readers = client.get(reverse("outreach:desk_readers"), {"copy": copy.pk, "q": "staf"})
    assert reader(personas.staff) in readers.context["people"]
    client.post(
        reverse("outreach:desk"),
        {"copy": copy.pk, "do": "lend", "borrower": reader(personas.staff).pk},
    )
    loan = Loan.objects.get()
    assert loan.borrower == reader(personas.staff) and loan.channel == "desk"
    client.post(reverse("outreach:desk"), {"copy": copy.pk, "do": "return"})
    loan.refresh_from_db()
    assert loan.returned_at is not None and loan.returned_by == librarian


def test_desk_refuses_another_sites_copy(client, personas, other_librarian, shelf):
    login(client, other_librarian)
    page = client.get(reverse("outreach:desk"), {"code": shelf.copies[0].barcode})
    assert "copy" not in page.context
    response = client.post(reverse("outreach:desk"), {"copy": shelf.copies[0].pk, "do": "return"})
    assert response.status_code == 404


def test_a_reader_borrows_and_returns_by_scanning_the_label(client, personas, shelf):
    copy = shelf.copies[0]
    login(client, personas.staff)
    signed = scan_link_sign(copy.scan_link)
    response = client.get(reverse("scan_link", kwargs={"signed": signed}))
    assert response.url == reverse("outreach:copy_phone", kwargs={"pk": copy.pk})
    client.post(response.url, {"do": "borrow"})
    loan = Loan.objects.get()
    assert loan.channel == "phone" and loan.borrower == reader(personas.staff)
    my = client.get(reverse("outreach:my_loans"))
    assert list(my.context["loans"]) == [loan]
    client.post(reverse("outreach:loan_renew", kwargs={"pk": loan.pk}))
    loan.refresh_from_db()
    assert loan.renewals == 1
    client.post(response.url, {"do": "return"})
    loan.refresh_from_db()
    assert loan.returned_at is not None


def test_the_librarian_lands_on_the_copy_from_its_label(client, librarian, shelf):
    login(client, librarian)
    signed = scan_link_sign(shelf.copies[0].scan_link)
    response = client.get(reverse("scan_link", kwargs={"signed": signed}))
    assert response.url == shelf.copies[0].get_absolute_url()


def test_another_reader_may_not_return_or_renew_my_loan(client, personas, librarian, shelf):
    loan = _lend(shelf, 0, reader(personas.staff), librarian)
    login(client, personas.guard)
    client.post(reverse("outreach:copy_phone", kwargs={"pk": loan.copy_id}), {"do": "return"})
    response = client.post(reverse("outreach:loan_renew", kwargs={"pk": loan.pk}))
    assert response.status_code == 404
    loan.refresh_from_db()
    assert loan.returned_at is None and loan.renewals == 0
    login(client, personas.outsider)
    response = client.get(reverse("outreach:copy_phone", kwargs={"pk": loan.copy_id}))
    assert response.status_code == 404


def test_loan_ledger_and_statistics_in_few_queries(
    client, personas, librarian, shelf, second_reader, django_assert_max_num_queries
):
    staff = reader(personas.staff)
    _lend(shelf, 0, staff, librarian, datetime(2026, 2, 3, 9, tzinfo=TZ))
    _lend(shelf, 1, second_reader, librarian, datetime(2026, 3, 3, 9, tzinfo=TZ))
    login(client, librarian)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:loan_list"), {"state": "open"})
    assert response.status_code == 200 and len(response.context["page"].object_list) == 2
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:loan_statistics"), {"year": "2026"})
    stats = response.context["stats"]
    assert stats["total"] == 2 and stats["per_month"][1] == 1 and stats["per_month"][2] == 1
    assert stats["per_class"][0]["n"] == 2
    assert stats["per_department"][0]["n"] == 2
    assert stats["top_titles"][0]["n"] == 2
    response = client.get(reverse("outreach:loan_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert client.get(reverse("outreach:loan_statistics"), {"year": "x"}).status_code == 200


def test_stocktake_pages_scan_and_report(client, personas, librarian, shelf):
    login(client, librarian)
    client.post(reverse("outreach:stocktake_add"), {"note": "年终"})
    take = personas.site.stocktake_set.get()
    client.post(
        reverse("outreach:stocktake_scan", kwargs={"pk": take.pk}),
        {"code": shelf.copies[0].barcode},
    )
    page = client.get(take.get_absolute_url())
    assert page.context["report"]["scanned"] == 1
    assert len(page.context["report"]["missing"]) == 2
    client.post(reverse("outreach:stocktake_finish", kwargs={"pk": take.pk}))
    take.refresh_from_db()
    assert take.finished_at is not None


def test_api_lends_returns_and_renews(api, personas, librarian, shelf):
    api.force_authenticate(librarian)
    books = api.get("/api/outreach/books/", {"q": "时间"})
    assert books.status_code == 200
    copy = api.get(f"/api/outreach/copies/{shelf.copies[0].barcode}/")
    assert copy.json()["id"] == shelf.copies[0].pk
    created = api.post(
        "/api/outreach/loans/", {"copy": shelf.copies[0].pk, "borrower": reader(personas.staff).pk}
    )
    assert created.status_code == 201
    again = api.post(
        "/api/outreach/loans/", {"copy": shelf.copies[0].pk, "borrower": reader(personas.staff).pk}
    )
    assert again.status_code == 400
    pk = created.json()["id"]
    assert api.post(f"/api/outreach/loans/{pk}/renew/").json()["renewals"] == 1
    assert api.post(f"/api/outreach/loans/{pk}/return/").json()["returned_at"]
    api.force_authenticate(personas.guard)
    assert api.get("/api/outreach/loans/").status_code == 403


def test_metrics_count_copies_held_and_loans(personas, librarian, shelf):
    services.copy_withdraw(copy=shelf.copies[2], by=librarian, reason="lost", on=date(2026, 6, 1))
    _lend(shelf, 0, reader(personas.staff), librarian, datetime(2026, 2, 3, 9, tzinfo=TZ))
    voided = _lend(shelf, 1, reader(personas.staff), librarian, datetime(2026, 2, 4, 9, tzinfo=TZ))
    services.loan_void(loan=voided, by=librarian, reason="mistake")
    start, end = year_bounds(2026)
    sites = [personas.site.pk]
    assert library_books(site_ids=sites, start=start, end=end) == {"outreach.library_books": 2}
    start25, end25 = year_bounds(2025)
    assert library_books(site_ids=sites, start=start25, end=end25)["outreach.library_books"] == 0
    assert library_loans(site_ids=sites, start=start, end=end) == {"outreach.library_loans": 1}
    assert (
        library_loans(site_ids=[personas.other_site.pk], start=start, end=end)[
            "outreach.library_loans"
        ]
        == 0
    )
    assert timezone.localdate(end) == date(2027, 1, 1)


def test_a_title_loaded_without_history_opens_with_its_catalogue_date(client, personas, librarian):
    """Titles bulk-loaded (an imported catalogue, the demo) have no change history; their page
    shows when they were catalogued instead of failing."""
    (book,) = Book.objects.bulk_create(
        [Book(site=personas.site, title="十万个为什么", author="叶永烈", clc_class="Z")]
    )
    response = login(client, librarian).get(reverse("outreach:book_detail", args=[book.pk]))
    assert response.status_code == 200
    assert "十万个为什么" in response.content.decode()
