"""Pages of the library subject: the catalogue, copies and their labels, the librarian's desk,
the loan ledger, a reader's phone pages, stock-takes and the loan statistics.

Lists, details and void pages are the generic views; every workflow step is a small view that
fetches its record through a restricted queryset (another site's record is a 404) and calls
its service."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    crud_urls,
    safe_next_url,
)
from houqin.core.inputs import chosen_year, is_site_code
from houqin.core.models import Person, Site
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.core.scan import qr_data_uri, scan_link_url
from houqin.outreach.choices import HoldStatus, LoanChannel
from houqin.outreach.filtersets.library import (
    BookCopyFilterSet,
    BookFilterSet,
    LoanFilterSet,
    StockTakeFilterSet,
)
from houqin.outreach.forms.library import BookForm, CopyAddForm, ReasonForm, StockTakeStartForm
from houqin.outreach.models.library import Book, BookCopy, Hold, Loan, StockTake
from houqin.outreach.queries import library as queries
from houqin.outreach.services import library as services
from houqin.outreach.tables.library import BookCopyTable, BookTable, LoanTable, StockTakeTable
from houqin.utils.text import parse_id

BORROW = "outreach.borrow_loan"


def _refused(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _scoped_sites(request, perm: str):
    """Site ids where the user holds ``perm``, narrowed to the site switcher's choice."""
    ids = sites_with_perm(request.user, perm)
    site = getattr(request, "site", None)
    if site is not None:
        return [site.pk] if ids is None or site.pk in ids else []
    return ids


# Catalogue ------------------------------------------------------------------------------------


class BookListView(ObjectListView):
    queryset = Book.objects.all()
    filterset_class = BookFilterSet
    table_class = BookTable
    title = gettext_lazy("Book catalogue")

    def base_queryset(self):
        books = self.restricted().in_scope(self.request)
        return queries.with_copy_counts(books).order_by("site", "title", "pk")


class BookDetailView(ObjectDetailView):
    queryset = Book.objects.select_related("site")
    template_name = "outreach/library_book_detail.html"
    fields = ("isbn", "author", "publisher", "published_year", "clc_class", "call_number", "site")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        book = context["object"]
        copies = queries.copies_with_state(BookCopy.objects.filter(book=book))
        reader = queries.reader_of(self.request.user)
        context.update(
            copies=list(copies.order_by("barcode")),
            holds=Hold.objects.filter(book=book, status__in=services.ACTIVE_HOLD)
            .select_related("person")
            .order_by("placed_at"),
            my_hold=Hold.objects.filter(
                book=book, person=reader, status__in=services.ACTIVE_HOLD
            ).first()
            if reader
            else None,
            can_hold=reader is not None
            and reader.site_id == book.site_id
            and has_perm_at(self.request.user, "outreach.add_hold", book.site_id),
            can_add_copy=has_perm_at(self.request.user, "outreach.add_bookcopy", book.site_id),
        )
        return context


class BookEditView(ObjectEditView):
    queryset = Book.objects.all()
    form_class = BookForm

    def save(self, form):
        return services.book_save(book=form.instance, by=self.request.user)


class HoldPlaceView(RestrictedView):
    """A reader reserves a title whose copies are all out."""

    queryset = Hold.objects.all()
    action = "add"

    def post(self, request, pk):
        book = Book.objects.restrict(request.user, "view").filter(pk=pk).first()
        if book is None or not has_perm_at(request.user, "outreach.add_hold", book.site_id):
            raise Http404
        reader = queries.reader_of(request.user)
        try:
            if reader is None:
                raise ValidationError(_("Your account is not linked to a reader."))
            services.hold_place(book=book, person=reader, by=request.user)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Hold placed: you will be told when a copy is back."))
        return redirect(safe_next_url(request, book.get_absolute_url()))


class HoldCancelView(RestrictedView):
    """The reader (or the librarian) cancels a hold."""

    queryset = Hold.objects.all()
    any_of_perms = ("outreach.add_hold", "outreach.change_hold")

    def post(self, request, pk):
        holds = Hold.objects.restrict(request.user, "change") | Hold.objects.filter(
            person__user=request.user
        )
        hold = holds.select_related("book", "site", "copy").filter(pk=pk).first()
        if hold is None:
            raise Http404
        try:
            services.hold_cancel(hold=hold, by=request.user)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Hold cancelled."))
        return redirect(safe_next_url(request, hold.book.get_absolute_url()))


# Copies ---------------------------------------------------------------------------------------


class BookCopyListView(ObjectListView):
    queryset = BookCopy.objects.all()
    filterset_class = BookCopyFilterSet
    table_class = BookCopyTable


class CopyAddView(RestrictedView):
    """Add copies of a title, several barcodes at once."""

    queryset = BookCopy.objects.all()
    action = "add"

    def book(self):
        book = Book.objects.restrict(self.request.user, "view").filter(pk=self.kwargs["pk"]).first()
        if book is None or not self.can("add", book):
            raise Http404
        return book

    def get(self, request, pk):
        return self.render(self.book(), CopyAddForm())

    def post(self, request, pk):
        book, form = self.book(), CopyAddForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                copies = services.copies_add(
                    book=book,
                    barcodes=data["barcodes"],
                    acquired_on=data["acquired_on"],
                    by=request.user,
                    price=data.get("price"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(n)d copies added.") % {"n": len(copies)})
                return redirect(book.get_absolute_url())
        return self.render(book, form, status=400)

    def render(self, book, form, status=200):
        context = {
            "form": form,
            "title": _("Add copies of %(title)s") % {"title": book.title},
            "cancel_url": book.get_absolute_url(),
        }
        return render(self.request, "core/object_form.html", context, status=status)


class CopyDetailView(ObjectDetailView):
    queryset = BookCopy.objects.select_related("book", "site", "scan_link")
    template_name = "outreach/library_copy_detail.html"
    fields = ("book", "acquired_on", "price_yuan", "withdrawn_on", "withdrawn_reason", "site")
    hide_empty = True

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        copy = context["object"]
        state = queries.copies_with_state(BookCopy.objects.filter(pk=copy.pk)).get()
        link = copy.scan_link
        context.update(
            state=state,
            qr=qr_data_uri(scan_link_url(self.request, link)) if link else None,
            loans=Loan.objects.filter(copy=copy).select_related("borrower").order_by("-lent_at"),
            can_lend=has_perm_at(self.request.user, "outreach.add_loan", copy.site_id),
            can_withdraw=copy.withdrawn_on is None and self.can("change", copy),
            withdraw_form=ReasonForm(),
        )
        return context


class CopyWithdrawView(RestrictedView):
    queryset = BookCopy.objects.all()
    action = "change"

    def post(self, request, pk):
        copy = self.get_object()
        form = ReasonForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Say why the copy is withdrawn."))
            services.copy_withdraw(copy=copy, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The copy was withdrawn."))
        return redirect(copy.get_absolute_url())


class CopyLabelsView(RestrictedView):
    """A printable sheet of QR labels with barcodes (``?book=`` one title's copies)."""

    queryset = BookCopy.objects.all()
    limit = 200

    def get(self, request):
        copies = self.restricted().in_scope(request).filter(withdrawn_on__isnull=True)
        book_id = parse_id(request.GET.get("book"))
        if book_id:
            copies = copies.filter(book_id=book_id)
        copies = copies.select_related("book", "scan_link").order_by("barcode")[: self.limit]
        labels = [
            (c, qr_data_uri(scan_link_url(request, c.scan_link)) if c.scan_link else "")
            for c in copies
        ]
        context = {"labels": labels, "title": _("Copy labels")}
        return render(request, "outreach/library_copy_labels.html", context)


# The desk ---------------------------------------------------------------------------------------


class DeskView(RestrictedView):
    """The librarian's desk: scan a copy (camera or USB reader), then lend it or take it back."""

    queryset = Loan.objects.all()
    action = "add"

    def get(self, request):
        code = request.GET.get("code", "").strip()
        context = {"title": _("Library desk"), "code": code}
        if code:
            copy = services.copy_by_code(
                site_ids=_scoped_sites(request, "outreach.add_loan"), code=code
            )
            if copy is None:
                messages.error(request, _("No copy of this library has that code."))
            else:
                context.update(self.copy_context(copy))
        return render(request, "outreach/library_desk.html", context)

    def copy_context(self, copy) -> dict:
        state = queries.copies_with_state(BookCopy.objects.filter(pk=copy.pk)).get()
        loan = (
            Loan.objects.filter(queries.OPEN, copy=copy)
            .select_related("borrower__department")
            .first()
        )
        return {"copy": copy, "state": state, "loan": loan, "today": timezone.localdate()}

    def post(self, request):
        copy = self.copy_from_post()
        try:
            if request.POST.get("do") == "return":
                loan = services.loan_return(copy=copy, by=request.user, channel=LoanChannel.DESK)
                message = _("Returned: %(title)s (%(reader)s).")
            else:
                loan = self.lend(copy)
                message = _("Lent: %(title)s to %(reader)s, due %(day)s.")
        except ValidationError as exc:
            _refused(request, exc)
            return redirect(f"{reverse('outreach:desk')}?code={copy.barcode}")
        messages.success(
            request,
            message % {"title": copy.book.title, "reader": loan.borrower, "day": loan.due_on},
        )
        return redirect("outreach:desk")

    def copy_from_post(self) -> BookCopy:
        sites = sites_with_perm(self.request.user, "outreach.add_loan")
        copies = BookCopy.objects.select_related("book")
        if sites is not None:
            copies = copies.filter(site_id__in=sites)
        copy = copies.filter(pk=parse_id(self.request.POST.get("copy"))).first()
        if copy is None:
            raise Http404
        return copy

    def lend(self, copy) -> Loan:
        borrower = Person.objects.filter(
            site_id=copy.site_id, is_active=True, pk=parse_id(self.request.POST.get("borrower"))
        ).first()
        if borrower is None:
            raise ValidationError(_("Choose the reader who borrows the book."))
        return services.loan_lend(
            copy=copy, borrower=borrower, by=self.request.user, channel=LoanChannel.DESK
        )


class DeskReadersView(RestrictedView):
    """Readers whose name matches ``?q=`` at the copy's site, as choices for the desk (htmx)."""

    queryset = Loan.objects.all()
    action = "add"

    def get(self, request):
        copy = (
            BookCopy.objects.restrict(request.user, "view")
            .filter(pk=parse_id(request.GET.get("copy")))
            .first()
        )
        q = request.GET.get("q", "").strip()
        people = []
        if copy is not None and q and has_perm_at(request.user, "outreach.add_loan", copy.site_id):
            people = list(
                Person.objects.filter(site_id=copy.site_id, is_active=True, name__icontains=q)
                .select_related("department")
                .order_by("name")[:20]
            )
        self.add_loans(people)
        context = {"people": people, "q": q, "today": timezone.localdate()}
        return render(request, "outreach/library_desk_readers.html", context)

    @staticmethod
    def add_loans(people: list) -> None:
        """Each reader's open loans and how many are overdue, shown next to the Lend button."""
        loans = queries.open_loans_by_reader(p.pk for p in people)
        today = timezone.localdate()
        for person in people:
            person.current_loans = loans.get(person.pk, [])
            person.open_count = len(person.current_loans)
            person.overdue_count = sum(1 for loan in person.current_loans if loan.due_on < today)


# Loans ----------------------------------------------------------------------------------------


class LoanListView(ObjectListView):
    queryset = Loan.objects.all()
    filterset_class = LoanFilterSet
    table_class = LoanTable
    title = gettext_lazy("Loan ledger")


class LoanDetailView(ObjectDetailView):
    queryset = Loan.objects.select_related(
        "copy__book", "borrower", "department", "returned_by", "site"
    )
    template_name = "outreach/library_loan_detail.html"
    fields = (
        "copy",
        "borrower",
        "department",
        "lent_at",
        "due_on",
        "channel",
        "renewals",
        "returned_at",
        "returned_by",
        "reminded_on",
    )
    hide_empty = True

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        loan = context["object"]
        context["renew_refusal"] = services.loan_renewal_refusal(
            loan=loan, today=timezone.localdate()
        )
        context["can_renew"] = context["renew_refusal"] is None and self.can("change", loan)
        return context


class LoanRenewView(RestrictedView):
    """Renew a loan: the librarian, or the borrower from the phone."""

    queryset = Loan.objects.all()
    any_of_perms = ("outreach.change_loan", BORROW)

    def post(self, request, pk):
        loans = Loan.objects.restrict(request.user, "change") | Loan.objects.filter(
            borrower__user=request.user, site_id__in=sites_with_perm(request.user, BORROW) or []
        )
        loan = loans.select_related("copy__book", "site").filter(pk=pk).first()
        if loan is None:
            raise Http404
        try:
            services.loan_renew(loan=loan, by=request.user)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Renewed: due %(day)s.") % {"day": loan.due_on})
        return redirect(safe_next_url(request, loan.get_absolute_url()))


class LoanVoidView(ObjectVoidView):
    queryset = Loan.objects.select_related("copy")

    def void(self, obj, reason: str) -> None:
        services.loan_void(loan=obj, by=self.request.user, reason=reason)


# The reader's phone -----------------------------------------------------------------------------


class MyLoansView(RestrictedView):
    """A reader's loans with their due dates, renewals and holds."""

    queryset = Loan.objects.all()
    any_of_perms = (BORROW,)

    def get(self, request):
        reader = queries.reader_of(request.user)
        context = {
            "title": _("My books"),
            "reader": reader,
            "loans": self.loans_with_renewal(reader) if reader else [],
            "holds": queries.reader_holds(reader) if reader else [],
            "today": timezone.localdate(),
        }
        return render(request, "outreach/library_my_loans.html", context)

    @staticmethod
    def loans_with_renewal(reader) -> list[Loan]:
        """The reader's loans, each with ``renew_refusal``: why it cannot be renewed (or None)."""
        loans = list(queries.reader_loans(reader))
        waiting = set(
            Hold.objects.filter(
                book_id__in={loan.copy.book_id for loan in loans}, status=HoldStatus.WAITING
            ).values_list("book_id", flat=True)
        )
        today = timezone.localdate()
        for loan in loans:
            loan.renew_refusal = services.loan_renewal_refusal(
                loan=loan, today=today, waiting_book_ids=waiting
            )
        return loans


class CopyPhoneView(RestrictedView):
    """The page a reader reaches by scanning a copy's label: borrow it, or return it."""

    queryset = Loan.objects.all()
    any_of_perms = (BORROW,)

    def copy(self) -> BookCopy:
        sites = sites_with_perm(self.request.user, BORROW)
        copies = BookCopy.objects.select_related("book", "site")
        if sites is not None:
            copies = copies.filter(site_id__in=sites)
        copy = copies.filter(pk=self.kwargs["pk"]).first()
        if copy is None:
            raise Http404
        return copy

    def get(self, request, pk):
        copy = self.copy()
        state = queries.copies_with_state(BookCopy.objects.filter(pk=copy.pk)).get()
        reader = queries.reader_of(request.user)
        context = {"title": copy.book.title, "copy": copy, "state": state, "reader": reader}
        return render(request, "outreach/library_copy_phone.html", context)

    def post(self, request, pk):
        copy = self.copy()
        reader = queries.reader_of(request.user)
        try:
            if reader is None:
                raise ValidationError(_("Your account is not linked to a reader."))
            self.act(copy, reader)
        except ValidationError as exc:
            _refused(request, exc)
            return redirect("outreach:copy_phone", pk=copy.pk)
        return redirect("outreach:my_loans")

    def act(self, copy, reader) -> None:
        if self.request.POST.get("do") == "return":
            loan = services.open_loan_of(copy)
            if loan is None or loan.borrower_id != reader.pk:
                raise ValidationError(_("This copy is not on loan to you."))
            services.loan_return(copy=copy, by=self.request.user, channel=LoanChannel.PHONE)
            messages.success(self.request, _("Returned: %(title)s.") % {"title": copy.book.title})
            return
        loan = services.loan_lend(
            copy=copy, borrower=reader, by=self.request.user, channel=LoanChannel.PHONE
        )
        messages.success(
            self.request,
            _("Borrowed: %(title)s, due %(day)s.") % {"title": copy.book.title, "day": loan.due_on},
        )


# Stock-takes ----------------------------------------------------------------------------------


class StockTakeListView(ObjectListView):
    queryset = StockTake.objects.all()
    filterset_class = StockTakeFilterSet
    table_class = StockTakeTable


class StockTakeStartView(RestrictedView):
    queryset = StockTake.objects.all()
    action = "add"

    def get(self, request):
        return self.render(StockTakeStartForm())

    def post(self, request):
        form = StockTakeStartForm(request.POST)
        sites = list(allowed_sites(request.user, StockTake, "add"))
        site = request.site if request.site in sites else (sites[0] if len(sites) == 1 else None)
        if form.is_valid():
            try:
                if site is None:
                    raise ValidationError(_("Choose the site in the site switcher first."))
                take = services.stocktake_start(
                    site=site, by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(take.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {
            "form": form,
            "title": _("Start a stock-take"),
            "cancel_url": reverse("outreach:stocktake_list"),
        }
        return render(self.request, "core/object_form.html", context, status=status)


class StockTakeDetailView(ObjectDetailView):
    queryset = StockTake.objects.select_related("site", "created_by")
    template_name = "outreach/library_stocktake_detail.html"
    fields = ("started_at", "finished_at", "note", "created_by", "site")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        take = context["object"]
        context.update(
            report=queries.stocktake_report(take),
            can_scan=take.finished_at is None
            and take.voided_at is None
            and self.can("change", take),
        )
        return context


class StockTakeStepView(RestrictedView):
    """Scan a copy into a stock-take, or finish it."""

    queryset = StockTake.objects.all()
    action = "change"
    step = "scan"

    def post(self, request, pk):
        take = self.get_object()
        try:
            if self.step == "finish":
                services.stocktake_finish(stocktake=take, by=request.user)
                messages.success(request, _("Stock-take finished."))
            else:
                scan, created = services.stocktake_scan(
                    stocktake=take, code=request.POST.get("code", ""), by=request.user
                )
                text = _("Found: %(code)s") if created else _("Already scanned: %(code)s")
                messages.success(request, text % {"code": scan.copy.barcode})
        except ValidationError as exc:
            _refused(request, exc)
        return redirect(take.get_absolute_url())


# Statistics ----------------------------------------------------------------------------------


class LoanStatisticsView(RestrictedView):
    """Loans of a year by month, class and department, with the most borrowed titles."""

    queryset = Loan.objects.all()

    def get(self, request):
        year = chosen_year(request)
        stats = queries.loan_statistics(site_ids=self.site_ids(), year=year)
        context = {
            "title": _("Loan statistics"),
            "year": year,
            "stats": stats,
            "month_chart": json.dumps(month_chart(stats), ensure_ascii=False),
            "class_chart": json.dumps(bar_chart(stats["per_class"], "label"), ensure_ascii=False),
            "department_chart": json.dumps(
                bar_chart(stats["per_department"], "department__name"), ensure_ascii=False
            ),
        }
        return render(request, "outreach/library_statistics.html", context)

    def site_ids(self):
        """The user's sites with the loan ledger, narrowed by the switcher or ``?site=code``."""
        ids = _scoped_sites(self.request, "outreach.view_loan")
        code = self.request.GET.get("site")
        if not code:
            return ids
        if not is_site_code(code):
            return []
        chosen = Site.objects.filter(code=code).values_list("pk", flat=True)
        return [pk for pk in chosen if ids is None or pk in ids]


def month_chart(stats: dict) -> dict:
    """An ECharts option: loans per month."""
    return {
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [f"{m}" for m in range(1, 13)]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "bar", "name": str(_("Loans")), "data": stats["per_month"]}],
    }


def bar_chart(rows: list[dict], key: str) -> dict:
    """An ECharts option: a horizontal bar per group, every group labelled (the page gives the
    chart a height per bar), the value printed at the bar's end so a phone need not read the
    value axis, whose numbers are thinned out so they never overlap."""
    names = [row[key] or str(_("none")) for row in rows]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"containLabel": True, "left": 8, "right": 40, "top": 8, "bottom": 8},
        "xAxis": {
            "type": "value",
            "minInterval": 1,
            "splitNumber": 3,
            "axisLabel": {"hideOverlap": True},
        },
        "yAxis": {
            "type": "category",
            "data": names[::-1],
            "axisLabel": {"interval": 0, "width": 120, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "barMaxWidth": 18,
                "label": {"show": True, "position": "right"},
                "data": [row["n"] for row in rows][::-1],
            }
        ],
    }


urlpatterns = [
    *crud_urls(
        Book,
        prefix="library/books",
        list_view=BookListView,
        detail_view=BookDetailView,
        edit_view=BookEditView,
    ),
    path("library/books/<int:pk>/hold/", HoldPlaceView.as_view(), name="hold_place"),
    path("library/books/<int:pk>/copies/add/", CopyAddView.as_view(), name="copy_add"),
    path("library/holds/<int:pk>/cancel/", HoldCancelView.as_view(), name="hold_cancel"),
    path("library/copies/", BookCopyListView.as_view(), name="bookcopy_list"),
    path("library/copies/labels/", CopyLabelsView.as_view(), name="copy_labels"),
    path("library/copies/<int:pk>/", CopyDetailView.as_view(), name="copy_detail"),
    path("library/copies/<int:pk>/withdraw/", CopyWithdrawView.as_view(), name="copy_withdraw"),
    path("library/copies/<int:pk>/borrow/", CopyPhoneView.as_view(), name="copy_phone"),
    path("library/desk/", DeskView.as_view(), name="desk"),
    path("library/desk/readers/", DeskReadersView.as_view(), name="desk_readers"),
    *crud_urls(
        Loan,
        prefix="library/loans",
        list_view=LoanListView,
        detail_view=LoanDetailView,
        void_view=LoanVoidView,
    ),
    path("library/loans/<int:pk>/renew/", LoanRenewView.as_view(), name="loan_renew"),
    path("library/my/", MyLoansView.as_view(), name="my_loans"),
    path("library/statistics/", LoanStatisticsView.as_view(), name="loan_statistics"),
    path("library/stocktakes/", StockTakeListView.as_view(), name="stocktake_list"),
    path("library/stocktakes/add/", StockTakeStartView.as_view(), name="stocktake_add"),
    path("library/stocktakes/<int:pk>/", StockTakeDetailView.as_view(), name="stocktake_detail"),
    path(
        "library/stocktakes/<int:pk>/scan/",
        StockTakeStepView.as_view(step="scan"),
        name="stocktake_scan",
    ),
    path(
        "library/stocktakes/<int:pk>/finish/",
        StockTakeStepView.as_view(step="finish"),
        name="stocktake_finish",
    ),
    path(
        "library/stocktakes/<int:pk>/void/",
        ObjectVoidView.as_view(queryset=StockTake.objects.all()),
        name="stocktake_void",
    ),
]
