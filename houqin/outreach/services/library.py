"""Writes of the library: cataloguing, copies, loans and returns, renewals, holds, reminders and
stock-takes. Every refusal is a ValidationError with a message for the person at the desk."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.models import Person, Site
from houqin.core.services import (
    ScanLinkError,
    event_record,
    notify,
    record_number,
    record_void,
    scan_link_create,
    scan_link_resolve,
)
from houqin.outreach.choices import HoldStatus
from houqin.outreach.models.library import (
    Book,
    BookCopy,
    Hold,
    Loan,
    StockTake,
    StockTakeScan,
)
from houqin.utils.workdays import calendar_day

SCAN_PURPOSE = "library_copy"
ACTIVE_HOLD = (HoldStatus.WAITING, HoldStatus.READY)
BOOK_FIELDS = ["isbn", "title", "author", "publisher", "published_year", "clc_class", "call_number"]
REMIND_AGAIN_DAYS = 7
HOLD_KEPT_WORKDAYS = 3


def setting(name: str, default: int) -> int:
    """A library setting (``HOUQIN_LIBRARY_*``) with its default."""
    return getattr(settings, name, default)


# Dates ----------------------------------------------------------------------------------------


def next_workday(day: date) -> date:
    """``day`` itself if people work that day, else the first working day after it."""
    while not calendar_day(day).is_workday:
        day += timedelta(days=1)
    return day


def add_workdays(day: date, count: int) -> date:
    """The ``count``-th working day after ``day``."""
    for _i in range(count):
        day = next_workday(day + timedelta(days=1))
    return day


def due_date(lent_on: date) -> date:
    """Lent + the loan period, moved off a rest day (the desk is closed then)."""
    return next_workday(lent_on + timedelta(days=setting("HOUQIN_LIBRARY_LOAN_DAYS", 30)))


# ISBN -----------------------------------------------------------------------------------------


def isbn_normalise(raw: str) -> str:
    """The ISBN without hyphens and spaces, with a final ``x`` upper-cased."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def isbn_is_valid(isbn: str) -> bool:
    """Whether ``isbn`` (normalised) is an ISBN-10 or ISBN-13 with a correct check digit."""
    if re.fullmatch(r"\d{9}[\dX]", isbn):
        values = [10 if ch == "X" else int(ch) for ch in isbn]
        return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", isbn):
        total = sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(isbn))
        return total % 10 == 0
    return False


def isbn_error() -> str:
    """The message for an ISBN whose length or check digit is wrong."""
    return _("This is not a valid ISBN: give its 10 or 13 digits and check the last one.")


# Catalogue and copies -------------------------------------------------------------------------


def book_save(*, book: Book, by) -> Book:
    """Catalogue a title or save its changes; the ISBN is checked and unique per site."""
    book.isbn = isbn_normalise(book.isbn)
    if book.isbn and not isbn_is_valid(book.isbn):
        raise ValidationError({"isbn": isbn_error()})
    duplicate = Book.objects.filter(site_id=book.site_id, isbn=book.isbn).exclude(pk=book.pk)
    if book.isbn and duplicate.exists():
        raise ValidationError({"isbn": _("A title with this ISBN is already in the catalogue.")})
    book.full_clean(validate_constraints=False)
    created = book.pk is None
    with transaction.atomic():
        if created:
            book.save()
        else:
            book.save(update_fields=BOOK_FIELDS)
        event_record(
            site=book.site, verb="catalogue" if created else "recatalogue", actor=by, target=book
        )
    return book


def _clean_barcode(barcode: str) -> str:
    code = (barcode or "").strip()
    if not code or len(code) > 30 or any(ch.isspace() for ch in code):
        raise ValidationError({"barcode": _("Give a barcode of 1 to 30 characters, no spaces.")})
    return code


def copy_add(
    *, book: Book, barcode: str, acquired_on: date, by, price: Decimal | None = None
) -> BookCopy:
    """Add a copy of ``book`` with its barcode (unique per site) and its QR scan link."""
    code = _clean_barcode(barcode)
    if BookCopy.objects.filter(site_id=book.site_id, barcode=code).exists():
        raise ValidationError(
            {"barcode": _("Barcode %(code)s is already on another copy.") % {"code": code}}
        )
    with transaction.atomic():
        copy = BookCopy.objects.create(
            site_id=book.site_id, book=book, barcode=code, acquired_on=acquired_on, price_yuan=price
        )
        copy.scan_link = scan_link_create(target=copy, purpose=SCAN_PURPOSE)
        copy.save(update_fields=["scan_link"])
        event_record(site=book.site, verb="copy_add", actor=by, target=book, detail=code)
    return copy


def copies_add(
    *, book: Book, barcodes: list[str], acquired_on: date, by, price: Decimal | None = None
) -> list[BookCopy]:
    """Add several copies at once, all or none."""
    codes = [code.strip() for code in barcodes if code.strip()]
    if not codes:
        raise ValidationError({"barcodes": _("Give at least one barcode.")})
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise ValidationError(
            {"barcodes": _("Repeated barcodes: %(codes)s.") % {"codes": ", ".join(repeated)}}
        )
    with transaction.atomic():
        return [
            copy_add(book=book, barcode=code, acquired_on=acquired_on, by=by, price=price)
            for code in codes
        ]


def copy_withdraw(*, copy: BookCopy, by, reason: str, on: date | None = None) -> BookCopy:
    """Take a copy out of stock (lost, damaged, weeded); refused while it is on loan."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the copy is withdrawn.")})
    if copy.withdrawn_on is not None:
        raise ValidationError(_("This copy is already withdrawn."))
    if open_loan_of(copy) is not None:
        raise ValidationError(_("This copy is on loan: take it back first."))
    with transaction.atomic():
        copy.withdrawn_on = on or timezone.localdate()
        copy.withdrawn_reason = reason[:100]
        copy.save(update_fields=["withdrawn_on", "withdrawn_reason"])
        for hold in Hold.objects.filter(copy=copy, status=HoldStatus.READY):
            _hold_release(hold, status=HoldStatus.WAITING)
        event_record(site=copy.site, verb="withdraw", actor=by, target=copy, detail=reason)
    return copy


def copy_by_code(*, site_ids, code: str) -> BookCopy | None:
    """The copy a scanned code names: its barcode, or its QR link (the URL or the signed token),
    among copies of ``site_ids`` (None: every site)."""
    code = (code or "").strip()
    if not code:
        return None
    copies = BookCopy.objects.select_related("book", "site")
    if site_ids is not None:
        copies = copies.filter(site_id__in=site_ids)
    signed = re.search(r"/s/([^/?#\s]+)/?", code)
    if signed or ":" in code:
        try:
            link = scan_link_resolve(signed.group(1) if signed else code, purpose=SCAN_PURPOSE)
        except ScanLinkError:
            return None
        return copies.filter(scan_link=link).first()
    return copies.filter(barcode=code).first()


# Loans ----------------------------------------------------------------------------------------


def open_loan_of(copy: BookCopy) -> Loan | None:
    """The copy's open loan, if it is out."""
    return Loan.objects.filter(copy=copy, returned_at__isnull=True, voided_at__isnull=True).first()


def _check_borrower(borrower: Person, site: Site, today: date) -> None:
    if borrower.site_id != site.pk:
        raise ValidationError({"borrower": _("The reader belongs to another site.")})
    loans = Loan.objects.filter(borrower=borrower, returned_at__isnull=True, voided_at__isnull=True)
    if loans.filter(due_on__lt=today).exists():
        raise ValidationError(
            {"borrower": _("%(name)s has an overdue book: return it first.") % {"name": borrower}}
        )
    limit = setting("HOUQIN_LIBRARY_MAX_LOANS", 5)
    if loans.count() >= limit:
        raise ValidationError(
            {
                "borrower": _("%(name)s already has %(count)d books on loan, the most allowed.")
                % {"name": borrower, "count": limit}
            }
        )


def _check_copy(copy: BookCopy, borrower: Person) -> Hold | None:
    """Refuse a copy that cannot be lent to ``borrower``; the hold the loan fulfils, if any."""
    if copy.withdrawn_on is not None:
        raise ValidationError(_("This copy has been withdrawn from stock."))
    if open_loan_of(copy) is not None:
        raise ValidationError(_("This copy is already on loan: take it back first."))
    kept = Hold.objects.filter(copy=copy, status=HoldStatus.READY).select_related("person").first()
    if kept is not None and kept.person_id != borrower.pk:
        raise ValidationError(
            _("This copy is kept for %(name)s's hold until %(day)s.")
            % {"name": kept.person, "day": kept.ready_until}
        )
    return (
        kept
        or Hold.objects.filter(
            book_id=copy.book_id, person=borrower, status=HoldStatus.WAITING
        ).first()
    )


def loan_lend(
    *, copy: BookCopy, borrower: Person, by, channel: str, at: datetime | None = None
) -> Loan:
    """Lend a copy; due after the loan period, on a working day. Lending a kept copy to the
    reader who held it fulfils the hold."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    with transaction.atomic():
        copy = BookCopy.objects.select_for_update().select_related("site").get(pk=copy.pk)
        _check_borrower(borrower, copy.site, today)
        hold = _check_copy(copy, borrower)
        loan = Loan(
            site=copy.site,
            copy=copy,
            borrower=borrower,
            department_id=borrower.department_id,
            lent_at=at,
            due_on=due_date(today),
            channel=channel,
            created_by=by,
        )
        loan.number = record_number(record=loan, when=at)
        try:
            with transaction.atomic():
                loan.save()
        except IntegrityError as exc:  # another desk lent the same copy a moment ago
            raise ValidationError(_("This copy is already on loan: take it back first.")) from exc
        if hold is not None:
            hold.status, hold.copy = HoldStatus.FULFILLED, copy
            hold.save(update_fields=["status", "copy"])
        event_record(
            site=copy.site,
            verb="lend",
            actor=by,
            target=loan,
            detail=f"{copy.barcode} → {borrower}",
        )
    return loan


def loan_return(*, copy: BookCopy, by, channel: str, at: datetime | None = None) -> Loan:
    """Take a copy back; the first reader waiting for its title is told it is kept for them."""
    at = at or timezone.now()
    with transaction.atomic():
        loan = (
            Loan.objects.select_for_update()
            .select_related("site", "copy", "copy__book")
            .filter(copy_id=copy.pk, returned_at__isnull=True, voided_at__isnull=True)
            .first()
        )
        if loan is None:
            raise ValidationError(_("This copy is not on loan."))
        loan.returned_at, loan.returned_by = at, by
        loan.save(update_fields=["returned_at", "returned_by"])
        event_record(site=loan.site, verb="return", actor=by, target=loan, detail=channel)
        hold_next(copy=loan.copy, today=timezone.localdate(at))
    return loan


def loan_renewal_refusal(*, loan: Loan, today: date, waiting_book_ids=None) -> str | None:
    """Why ``loan`` cannot be renewed today, or None when it can. ``waiting_book_ids``: titles
    with a waiting hold, when the caller has read them for several loans at once."""
    if loan.returned_at is not None or loan.voided_at is not None:
        return _("This loan is closed.")
    if loan.due_on < today:
        return _("This loan is overdue: return the book instead.")
    if loan.renewals >= setting("HOUQIN_LIBRARY_RENEWALS", 2):
        return _("This loan has been renewed as often as allowed.")
    if waiting_book_ids is None:
        waiting = Hold.objects.filter(book_id=loan.copy.book_id, status=HoldStatus.WAITING)
        if waiting.exists():
            return _("Another reader is waiting for this title.")
    elif loan.copy.book_id in waiting_book_ids:
        return _("Another reader is waiting for this title.")
    return None


def loan_renew(*, loan: Loan, by, today: date | None = None) -> Loan:
    """Extend a loan by one loan period from its due date; refused when it is overdue, at the
    renewal limit, or another reader waits for the title."""
    refusal = loan_renewal_refusal(loan=loan, today=today or timezone.localdate())
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic():
        loan.due_on = due_date(loan.due_on)
        loan.renewals += 1
        loan.save(update_fields=["due_on", "renewals"])
        event_record(site=loan.site, verb="renew", actor=by, target=loan, detail=str(loan.due_on))
    return loan


def loan_void(*, loan: Loan, by, reason: str) -> None:
    """Void a loan entered by mistake; an open one puts the copy back on the shelf."""
    with transaction.atomic():
        was_open = loan.returned_at is None
        record_void(record=loan, by=by, reason=reason)
        if was_open:
            hold_next(copy=loan.copy, today=timezone.localdate())


def loans_remind(*, today: date | None = None) -> int:
    """One reminder per overdue loan to its borrower, again after a week; returns how many."""
    today = today or timezone.localdate()
    again = today - timedelta(days=REMIND_AGAIN_DAYS)
    due = (
        Loan.objects.filter(returned_at__isnull=True, voided_at__isnull=True, due_on__lt=today)
        .filter(borrower__user__isnull=False)
        .exclude(reminded_on__gt=again)
        .select_related("site", "borrower__user", "copy__book")
    )
    sent = []
    with transaction.atomic():
        for loan in due:
            notify(
                site=loan.site,
                recipients=[loan.borrower.user],
                title=_("Overdue book: %(title)s (due %(day)s)")
                % {"title": loan.copy.book.title, "day": loan.due_on},
                url=reverse("outreach:my_loans"),
                level="warning",
            )
            sent.append(loan.pk)
        Loan.objects.filter(pk__in=sent).update(reminded_on=today)
    return len(sent)


# Holds ----------------------------------------------------------------------------------------


def copies_on_shelf(book: Book):
    """Copies of ``book`` that a reader could take now (in stock, not out, not kept)."""
    on_loan = Loan.objects.filter(returned_at__isnull=True, voided_at__isnull=True)
    kept = Hold.objects.filter(status=HoldStatus.READY, copy__isnull=False)
    return (
        BookCopy.objects.filter(book=book, withdrawn_on__isnull=True)
        .exclude(pk__in=on_loan.values("copy_id"))
        .exclude(pk__in=kept.values("copy_id"))
    )


def hold_place(*, book: Book, person: Person, by) -> Hold:
    """Reserve a title when none of its copies is on the shelf (one active hold per reader)."""
    if person.site_id != book.site_id:
        raise ValidationError(_("The reader belongs to another site."))
    if not BookCopy.objects.filter(book=book, withdrawn_on__isnull=True).exists():
        raise ValidationError(_("The library holds no copy of this title."))
    if copies_on_shelf(book).exists():
        raise ValidationError(_("A copy is on the shelf: borrow it instead."))
    if Hold.objects.filter(book=book, person=person, status__in=ACTIVE_HOLD).exists():
        raise ValidationError(_("You already hold this title."))
    try:
        with transaction.atomic():
            hold = Hold.objects.create(
                site_id=book.site_id, book=book, person=person, placed_at=timezone.now()
            )
            event_record(site=book.site, verb="hold", actor=by, target=book, detail=str(person))
    except IntegrityError as exc:
        raise ValidationError(_("You already hold this title.")) from exc
    return hold


def hold_cancel(*, hold: Hold, by) -> Hold:
    """Cancel an active hold; a copy kept for it passes to the next reader waiting."""
    if hold.status not in ACTIVE_HOLD:
        raise ValidationError(_("This hold is no longer active."))
    with transaction.atomic():
        _hold_release(hold, status=HoldStatus.CANCELLED)
        event_record(
            site=hold.site, verb="hold_cancel", actor=by, target=hold.book, detail=str(hold.person)
        )
    return hold


def holds_expire(*, today: date | None = None) -> int:
    """Holds not collected by their day expire; their copies pass on. Returns how many."""
    today = today or timezone.localdate()
    expired = list(Hold.objects.filter(status=HoldStatus.READY, ready_until__lt=today))
    with transaction.atomic():
        for hold in expired:
            _hold_release(hold, status=HoldStatus.EXPIRED, today=today)
    return len(expired)


def _hold_release(hold: Hold, *, status: str, today: date | None = None) -> None:
    kept = hold.copy if hold.status == HoldStatus.READY else None
    hold.status, hold.copy, hold.ready_until = status, None, None
    hold.save(update_fields=["status", "copy", "ready_until"])
    if kept is not None and kept.withdrawn_on is None:
        hold_next(copy=kept, today=today or timezone.localdate())


def hold_next(*, copy: BookCopy, today: date) -> Hold | None:
    """Keep a copy back on the shelf for the first reader waiting for its title, and tell them."""
    if copy.withdrawn_on is not None:
        return None
    hold = (
        Hold.objects.filter(book_id=copy.book_id, status=HoldStatus.WAITING)
        .select_related("person__user", "book", "site")
        .order_by("placed_at", "pk")
        .first()
    )
    if hold is None:
        return None
    hold.status, hold.copy = HoldStatus.READY, copy
    hold.ready_until = add_workdays(today, HOLD_KEPT_WORKDAYS)
    hold.save(update_fields=["status", "copy", "ready_until"])
    event_record(site=hold.site, verb="hold_ready", target=hold.book, detail=str(hold.person))
    if hold.person.user is not None:
        notify(
            site=hold.site,
            recipients=[hold.person.user],
            title=_("Your book is ready: %(title)s, kept until %(day)s")
            % {"title": hold.book.title, "day": hold.ready_until},
            url=reverse("outreach:my_loans"),
        )
    return hold


# Stock-takes ----------------------------------------------------------------------------------


def stocktake_start(*, site: Site, by, note: str = "") -> StockTake:
    """Open a stock-take of a site's library (one open at a time)."""
    if StockTake.objects.filter(
        site=site, finished_at__isnull=True, voided_at__isnull=True
    ).exists():
        raise ValidationError(_("A stock-take is already in progress: finish it first."))
    with transaction.atomic():
        now = timezone.now()
        take = StockTake(site=site, started_at=now, note=(note or "")[:200], created_by=by)
        take.number = record_number(record=take, when=now)
        take.save()
        event_record(site=site, verb="stocktake_start", actor=by, target=take)
    return take


def stocktake_scan(*, stocktake: StockTake, code: str, by) -> tuple[StockTakeScan, bool]:
    """Record a copy found on the shelf (by barcode or QR link); scanning twice is harmless.
    Returns the scan and whether it is new."""
    if stocktake.finished_at is not None or stocktake.voided_at is not None:
        raise ValidationError(_("This stock-take is finished."))
    copy = copy_by_code(site_ids=[stocktake.site_id], code=code)
    if copy is None:
        raise ValidationError({"code": _("No copy of this library has that code.")})
    if copy.withdrawn_on is not None:
        raise ValidationError({"code": _("Copy %(code)s was withdrawn.") % {"code": copy.barcode}})
    with transaction.atomic():
        scan, created = StockTakeScan.objects.get_or_create(
            stocktake=stocktake,
            copy=copy,
            defaults={"site_id": stocktake.site_id, "scanned_at": timezone.now(), "scanned_by": by},
        )
    return scan, created


def stocktake_finish(*, stocktake: StockTake, by) -> StockTake:
    """Close the stock-take: no more scans are taken."""
    if stocktake.finished_at is not None or stocktake.voided_at is not None:
        raise ValidationError(_("This stock-take is finished."))
    with transaction.atomic():
        stocktake.finished_at = timezone.now()
        stocktake.save(update_fields=["finished_at"])
        event_record(site=stocktake.site, verb="stocktake_finish", actor=by, target=stocktake)
    return stocktake
