"""The library's services: ISBN checks, every refusal of a loan, due dates off holidays, the hold
queue on return, renewal limits, reminders and the stock-take report."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from houqin.core.models import Notification, Person
from houqin.core.services import scan_link_sign
from houqin.outreach.choices import HoldStatus, LoanChannel
from houqin.outreach.models.library import Book, Hold, Loan
from houqin.outreach.queries.library import stocktake_report
from houqin.outreach.services import library as services
from houqin.outreach.tests.helpers_library import (
    ISBN10,
    ISBN13,
    librarian,
    make_shelf,
    reader,
    second_reader,
    shelf,
)

# pytest finds these fixtures by their names in this module.
FIXTURES = (librarian, second_reader, shelf)

pytestmark = pytest.mark.usefixtures("english")
TZ = ZoneInfo("Asia/Shanghai")
DESK = LoanChannel.DESK


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=TZ)


def lend(shelf, i, person, librarian, when=None):
    return services.loan_lend(
        copy=shelf.copies[i], borrower=person, by=librarian, channel=DESK, at=when
    )


# ISBN ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", [ISBN13, "978-7-302-14751-0", ISBN10, "7 302 14751 5", "080442957X"]
)
def test_valid_isbns_are_saved_without_hyphens(personas, librarian, raw):
    book = services.book_save(book=Book(site=personas.site, isbn=raw, title="t"), by=librarian)
    assert book.isbn == raw.replace("-", "").replace(" ", "")


@pytest.mark.parametrize("raw", ["9787302147511", "7302147518", "12345", "978730214751X"])
def test_wrong_check_digit_is_refused_at_the_isbn_field(personas, librarian, raw):
    with pytest.raises(ValidationError) as exc:
        services.book_save(book=Book(site=personas.site, isbn=raw, title="t"), by=librarian)
    assert "not a valid ISBN" in exc.value.message_dict["isbn"][0]
    assert not Book.objects.exists()


def test_isbn_is_unique_per_site_only(personas, librarian):
    services.book_save(book=Book(site=personas.site, isbn=ISBN13, title="a"), by=librarian)
    with pytest.raises(ValidationError) as exc:
        services.book_save(book=Book(site=personas.site, isbn=ISBN13, title="b"), by=librarian)
    assert "already in the catalogue" in exc.value.message_dict["isbn"][0]
    services.book_save(book=Book(site=personas.other_site, isbn=ISBN13, title="b"), by=librarian)


def test_copy_barcode_is_unique_and_gets_a_scan_link(shelf, librarian):
    assert shelf.copies[0].scan_link.purpose == "library_copy"
    with pytest.raises(ValidationError) as exc:
        services.copy_add(
            book=shelf.book,
            barcode=shelf.copies[0].barcode,
            acquired_on=date(2026, 1, 1),
            by=librarian,
        )
    assert "already on another copy" in exc.value.message_dict["barcode"][0]


def test_several_copies_are_added_all_or_none(shelf, librarian):
    with pytest.raises(ValidationError):
        services.copies_add(
            book=shelf.book,
            barcodes=["N-1", shelf.copies[0].barcode],
            acquired_on=date.today(),
            by=librarian,
        )
    assert shelf.book.copies.count() == 3


# Lending ---------------------------------------------------------------------------------------


def test_lend_sets_due_date_department_and_number(shelf, personas, librarian):
    staff = reader(personas.staff)
    loan = lend(shelf, 0, staff, librarian, at(2026, 3, 2))
    assert loan.number.startswith("JY-2026-")
    assert loan.due_on == date(2026, 4, 1)
    assert loan.department_id == staff.department_id


def test_due_date_falling_in_national_day_moves_to_the_first_working_day(
    shelf, personas, librarian
):
    loan = lend(shelf, 0, reader(personas.staff), librarian, at(2026, 9, 5))
    assert loan.due_on == date(2026, 10, 8)  # 10-05 is in the 1–7 October holiday


def test_a_copy_already_out_is_refused(shelf, personas, librarian, second_reader):
    lend(shelf, 0, reader(personas.staff), librarian)
    with pytest.raises(ValidationError, match="already on loan"):
        lend(shelf, 0, second_reader, librarian)


def test_a_withdrawn_copy_is_refused(shelf, personas, librarian):
    services.copy_withdraw(copy=shelf.copies[0], by=librarian, reason="damaged")
    with pytest.raises(ValidationError, match="withdrawn"):
        lend(shelf, 0, reader(personas.staff), librarian)


def test_the_loan_limit_is_enforced(shelf, personas, librarian, settings):
    settings.HOUQIN_LIBRARY_MAX_LOANS = 2
    staff = reader(personas.staff)
    lend(shelf, 0, staff, librarian)
    lend(shelf, 1, staff, librarian)
    with pytest.raises(ValidationError) as exc:
        lend(shelf, 2, staff, librarian)
    assert "the most allowed" in exc.value.message_dict["borrower"][0]


def test_a_reader_with_an_overdue_loan_is_refused(shelf, personas, librarian):
    staff = reader(personas.staff)
    lend(shelf, 0, staff, librarian, timezone.now() - timedelta(days=60))
    with pytest.raises(ValidationError, match="overdue"):
        lend(shelf, 1, staff, librarian)


def test_a_reader_of_another_site_is_refused(shelf, personas, librarian):
    outsider = Person.objects.get(user=personas.outsider)
    with pytest.raises(ValidationError, match="another site"):
        lend(shelf, 0, outsider, librarian)


def test_the_database_refuses_a_second_open_loan_of_a_copy(shelf, personas, librarian):
    loan = lend(shelf, 0, reader(personas.staff), librarian)
    with pytest.raises(IntegrityError):
        Loan.objects.create(
            site=loan.site,
            number="X",
            copy=loan.copy,
            borrower=loan.borrower,
            lent_at=loan.lent_at,
            due_on=loan.due_on,
        )


# Returns and holds -----------------------------------------------------------------------------


def _all_out(shelf, librarian):
    people = [
        Person.objects.create(site=shelf.site, name=f"读者{i}") for i in range(len(shelf.copies))
    ]
    return [lend(shelf, i, p, librarian) for i, p in enumerate(people)]


def test_hold_only_when_no_copy_is_on_the_shelf(shelf, personas, librarian):
    with pytest.raises(ValidationError, match="on the shelf"):
        services.hold_place(book=shelf.book, person=reader(personas.staff), by=librarian)


def test_one_active_hold_per_reader_and_title(shelf, personas, librarian):
    _all_out(shelf, librarian)
    staff = reader(personas.staff)
    services.hold_place(book=shelf.book, person=staff, by=personas.staff)
    with pytest.raises(ValidationError, match="already hold"):
        services.hold_place(book=shelf.book, person=staff, by=personas.staff)


def test_return_keeps_the_copy_for_the_first_hold_and_tells_the_reader(
    shelf, personas, librarian, second_reader
):
    loans = _all_out(shelf, librarian)
    first = services.hold_place(book=shelf.book, person=reader(personas.staff), by=librarian)
    services.hold_place(book=shelf.book, person=second_reader, by=librarian)
    services.loan_return(copy=loans[1].copy, by=librarian, channel=DESK, at=at(2026, 9, 30))
    first.refresh_from_db()
    assert first.status == HoldStatus.READY
    assert first.copy == loans[1].copy
    assert first.ready_until == date(2026, 10, 10)  # 3 working days: 8, 9, Saturday 10 (调休)
    assert Notification.objects.filter(recipient=personas.staff).count() == 1
    with pytest.raises(ValidationError, match="kept for"):
        lend(shelf, 1, second_reader, librarian)
    loan = lend(shelf, 1, reader(personas.staff), librarian)
    first.refresh_from_db()
    assert first.status == HoldStatus.FULFILLED and loan.returned_at is None


def test_cancelling_a_ready_hold_passes_the_copy_on(shelf, personas, librarian, second_reader):
    loans = _all_out(shelf, librarian)
    first = services.hold_place(book=shelf.book, person=reader(personas.staff), by=librarian)
    second = services.hold_place(book=shelf.book, person=second_reader, by=librarian)
    services.loan_return(copy=loans[0].copy, by=librarian, channel=DESK)
    services.hold_cancel(hold=Hold.objects.get(pk=first.pk), by=personas.staff)
    second.refresh_from_db()
    assert second.status == HoldStatus.READY and second.copy == loans[0].copy


def test_ready_holds_expire_after_their_day(shelf, personas, librarian):
    loans = _all_out(shelf, librarian)
    hold = services.hold_place(book=shelf.book, person=reader(personas.staff), by=librarian)
    services.loan_return(copy=loans[0].copy, by=librarian, channel=DESK)
    hold.refresh_from_db()
    assert services.holds_expire(today=hold.ready_until) == 0
    assert services.holds_expire(today=hold.ready_until + timedelta(days=1)) == 1
    hold.refresh_from_db()
    assert hold.status == HoldStatus.EXPIRED


def test_returning_a_copy_not_on_loan_is_refused(shelf, librarian):
    with pytest.raises(ValidationError, match="not on loan"):
        services.loan_return(copy=shelf.copies[0], by=librarian, channel=DESK)


# Renewals ---------------------------------------------------------------------------------------


def test_renewals_are_limited(shelf, personas, librarian, settings):
    settings.HOUQIN_LIBRARY_RENEWALS = 2
    loan = lend(shelf, 0, reader(personas.staff), librarian, at(2026, 3, 2))
    today = date(2026, 3, 10)
    services.loan_renew(loan=loan, by=librarian, today=today)
    assert loan.due_on == date(2026, 5, 6)  # 2026-05-01 + 30 … moved off the May holiday
    services.loan_renew(loan=loan, by=librarian, today=today)
    with pytest.raises(ValidationError, match="as often as allowed"):
        services.loan_renew(loan=loan, by=librarian, today=today)
    assert Loan.objects.get(pk=loan.pk).renewals == 2


def test_an_overdue_loan_cannot_be_renewed(shelf, personas, librarian):
    loan = lend(shelf, 0, reader(personas.staff), librarian, at(2026, 3, 2))
    with pytest.raises(ValidationError, match="overdue"):
        services.loan_renew(loan=loan, by=librarian, today=date(2026, 4, 2))


def test_renewal_is_refused_while_a_reader_waits(shelf, personas, librarian, second_reader):
    loans = _all_out(shelf, librarian)
    services.hold_place(book=shelf.book, person=second_reader, by=librarian)
    with pytest.raises(ValidationError, match="waiting"):
        services.loan_renew(loan=loans[0], by=librarian)


# Reminders ------------------------------------------------------------------------------------


def test_overdue_reminders_are_sent_once_then_after_a_week(shelf, personas, librarian, capsys):
    lend(shelf, 1, reader(personas.staff), librarian)  # not overdue
    loan = lend(shelf, 0, reader(personas.staff), librarian, timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    assert services.loans_remind(today=today) == 1
    assert services.loans_remind(today=today) == 0
    assert services.loans_remind(today=today + timedelta(days=7)) == 1
    loan.refresh_from_db()
    assert loan.reminded_on == today + timedelta(days=7)
    assert Notification.objects.filter(recipient=personas.staff).count() == 2
    call_command("remind-loans")
    assert "Sent 0 reminders" in capsys.readouterr().out


# Stock-take -----------------------------------------------------------------------------------


def test_stocktake_report_lists_missing_and_scanned_on_loan(shelf, personas, librarian):
    make_shelf(personas.site, librarian, title="昆虫记", copies=2)
    lend(shelf, 0, reader(personas.staff), librarian)
    take = services.stocktake_start(site=personas.site, by=librarian)
    services.stocktake_scan(stocktake=take, code=shelf.copies[0].barcode, by=librarian)
    signed = scan_link_sign(shelf.copies[1].scan_link)
    _scan, created = services.stocktake_scan(
        stocktake=take, code=f"http://x/s/{signed}/", by=librarian
    )
    assert created
    assert (
        services.stocktake_scan(stocktake=take, code=shelf.copies[1].barcode, by=librarian)[1]
        is False
    )
    with pytest.raises(ValidationError, match="No copy"):
        services.stocktake_scan(stocktake=take, code="nothing", by=librarian)
    report = stocktake_report(take)
    assert report["expected"] == 5 and report["scanned"] == 2
    assert [c.barcode for c in report["scanned_on_loan"]] == [shelf.copies[0].barcode]
    assert len(report["missing"]) == 3  # copy 3 of the first title and both of the second
    services.stocktake_finish(stocktake=take, by=librarian)
    with pytest.raises(ValidationError, match="finished"):
        services.stocktake_scan(stocktake=take, code=shelf.copies[2].barcode, by=librarian)
