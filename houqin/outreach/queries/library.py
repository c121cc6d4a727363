"""Reads of the library: the catalogue search with copy counts, loan statistics, overdue loans,
a reader's loans and holds, stock-take reports and the home cards."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.dashboard import Card
from houqin.core.models import Person
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.outreach.choices import ClcClass, HoldStatus
from houqin.outreach.models.library import Book, BookCopy, Hold, Loan, StockTake, StockTakeScan
from houqin.outreach.services.library import isbn_is_valid, isbn_normalise
from houqin.reports.registry import year_bounds

OPEN = Q(returned_at__isnull=True, voided_at__isnull=True)


def _count(queryset, group: str):
    """A correlated COUNT(*) of ``queryset`` grouped by ``group`` (0 when there is none)."""
    counted = queryset.values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_copy_counts(books: QuerySet) -> QuerySet:
    """Annotate ``held`` (copies in stock) and ``out`` (on loan); the counts are sub-selects
    evaluated for the rows of the page only (on the shelf = held − out)."""
    held = BookCopy.objects.filter(book=OuterRef("pk"), withdrawn_on__isnull=True)
    out = Loan.objects.filter(OPEN, copy__book=OuterRef("pk"))
    return books.annotate(held=_count(held, "book"), out=_count(out, "copy__book"))


def search_q(q: str) -> Q:
    """Title, author or ISBN (a valid ISBN typed with hyphens matches exactly)."""
    q = (q or "").strip()
    isbn = isbn_normalise(q)
    if isbn_is_valid(isbn):
        return Q(isbn=isbn)
    return Q(title__icontains=q) | Q(author__icontains=q) | Q(isbn=isbn)


def catalogue_search(*, site_ids, q: str = "", clc_class: str = "") -> QuerySet[Book]:
    """Titles of ``site_ids`` (None: every site) matching ``q``, of one class, with copy counts."""
    books = Book.objects.all()
    if site_ids is not None:
        books = books.filter(site_id__in=site_ids)
    if (q or "").strip():
        books = books.filter(search_q(q))
    if clc_class:
        books = books.filter(clc_class=clc_class)
    return with_copy_counts(books).order_by("site_id", "title", "pk")


def loan_statistics(*, site_ids, year: int) -> dict:
    """Loans of a year per month, per CLC class, per department, and the top titles; each
    figure is one grouped query."""
    start, end = year_bounds(year)
    loans = Loan.objects.filter(voided_at__isnull=True, lent_at__gte=start, lent_at__lt=end)
    if site_ids is not None:
        loans = loans.filter(site_id__in=site_ids)
    per_month = _per_month(loans)
    departments = loans.values("department__name").annotate(n=Count("pk"))
    top = (
        loans.values("copy__book_id", "copy__book__title", "copy__book__author")
        .annotate(n=Count("pk"))
        .order_by("-n", "copy__book__title")[:10]
    )
    return {
        "year": year,
        "total": sum(per_month),
        "per_month": per_month,
        "per_class": _per_class(loans),
        "per_department": list(departments.order_by("-n", "department__name")),
        "top_titles": list(top),
    }


def _per_month(loans: QuerySet) -> list[int]:
    """Loans in each of the 12 months (truncated in the compound's time zone)."""
    rows = loans.annotate(month=TruncMonth("lent_at")).values("month").annotate(n=Count("pk"))
    per_month = [0] * 12
    for row in rows:
        per_month[row["month"].month - 1] += row["n"]
    return per_month


def _per_class(loans: QuerySet) -> list[dict]:
    """Loans per CLC class, most borrowed first, with the class's label."""
    labels = dict(ClcClass.choices)
    rows = (
        loans.values("copy__book__clc_class")
        .annotate(n=Count("pk"))
        .order_by("-n", "copy__book__clc_class")
    )
    return [
        {"clc_class": code, "label": str(labels.get(code, code)), "n": row["n"]}
        for row in rows
        for code in (row["copy__book__clc_class"],)
    ]


def overdue_loans(loans: QuerySet, today: date | None = None) -> QuerySet[Loan]:
    """Open loans past their due date."""
    return loans.filter(OPEN, due_on__lt=today or timezone.localdate())


def reader_of(user) -> Person | None:
    """The reader (Person) of a login, if it has one."""
    return Person.objects.filter(user=user, is_active=True).select_related("site").first()


def reader_loans(person: Person) -> QuerySet[Loan]:
    """A reader's open loans, soonest due first."""
    return (
        Loan.objects.filter(OPEN, borrower=person)
        .select_related("copy__book")
        .order_by("due_on", "pk")
    )


def open_loans_by_reader(person_ids) -> dict[int, list[Loan]]:
    """The open loans of each reader among ``person_ids``, soonest due first (one query)."""
    loans: dict[int, list[Loan]] = {}
    rows = Loan.objects.filter(OPEN, borrower_id__in=list(person_ids)).select_related("copy__book")
    for loan in rows.order_by("due_on", "pk"):
        loans.setdefault(loan.borrower_id, []).append(loan)
    return loans


def reader_holds(person: Person) -> QuerySet[Hold]:
    """A reader's active holds."""
    return Hold.objects.filter(
        person=person, status__in=(HoldStatus.WAITING, HoldStatus.READY)
    ).select_related("book", "copy")


def hold_position(hold: Hold) -> int:
    """1 for the first reader in a title's queue."""
    return Hold.objects.filter(
        book_id=hold.book_id, status=HoldStatus.WAITING, placed_at__lte=hold.placed_at
    ).count()


def stocktake_report(stocktake: StockTake) -> dict:
    """Copies missing (expected on the shelf, not scanned, not on loan) and copies scanned
    that the system has on loan."""
    scanned = StockTakeScan.objects.filter(stocktake=stocktake).values("copy_id")
    on_loan = Loan.objects.filter(OPEN).values("copy_id")
    expected = BookCopy.objects.filter(
        site_id=stocktake.site_id,
        acquired_on__lte=timezone.localdate(stocktake.started_at),
        withdrawn_on__isnull=True,
    )
    missing = expected.exclude(pk__in=scanned).exclude(pk__in=on_loan).select_related("book")
    lent = BookCopy.objects.filter(pk__in=scanned).filter(pk__in=on_loan).select_related("book")
    return {
        "expected": expected.count(),
        "scanned": StockTakeScan.objects.filter(stocktake=stocktake).count(),
        "missing": list(missing.order_by("barcode")[:1000]),
        "scanned_on_loan": list(lent.order_by("barcode")),
    }


def home_cards(request) -> list[Card]:
    """Librarian: overdue loans and holds ready; reader: my loans due within 3 days."""
    user = request.user
    cards = []
    if has_perm_at(user, "outreach.view_loan"):
        cards += _librarian_cards(request)
    if has_perm_at(user, "outreach.borrow_loan"):
        person = reader_of(user)
        if person is not None:
            soon = timezone.localdate() + timedelta(days=3)
            count = reader_loans(person).filter(due_on__lte=soon).count()
            if count:
                cards.append(
                    Card(
                        _("My books due soon"),
                        count,
                        reverse("outreach:my_loans"),
                        "book",
                        "warning",
                    )
                )
    return cards


def _librarian_cards(request) -> list[Card]:
    sites = sites_with_perm(request.user, "outreach.view_loan")
    loans = Loan.objects.restrict(request.user, "view").in_scope(request)
    overdue = overdue_loans(loans).count()
    holds = Hold.objects.filter(status=HoldStatus.READY)
    if sites is not None:
        holds = holds.filter(site_id__in=sites)
    if getattr(request, "site", None) is not None:
        holds = holds.filter(site=request.site)
    url = reverse("outreach:loan_list")
    return [
        Card(
            _("Overdue loans"),
            overdue,
            f"{url}?state=overdue",
            "alarm",
            "danger" if overdue else "success",
        ),
        Card(
            _("Holds ready to collect"),
            holds.count(),
            reverse("outreach:book_list"),
            "bookmark-check",
            "primary",
        ),
    ]


def copies_with_state(copies: QuerySet) -> QuerySet[BookCopy]:
    """Copies annotated with their open loan's due date and reader, and the reader a READY hold
    keeps them for (one query)."""
    loan = Loan.objects.filter(OPEN, copy=OuterRef("pk"))
    kept = Hold.objects.filter(status=HoldStatus.READY, copy=OuterRef("pk"))
    return copies.annotate(
        loan_due=Subquery(loan.values("due_on")[:1]),
        loan_reader=Subquery(loan.values("borrower__name")[:1]),
        loan_reader_id=Subquery(loan.values("borrower_id")[:1]),
        kept_for=Subquery(kept.values("person__name")[:1]),
        kept_for_id=Subquery(kept.values("person_id")[:1]),
    )
