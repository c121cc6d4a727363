"""Filters of the library: the catalogue, the loan ledger, stock-takes (pages and API)."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Department
from houqin.outreach.choices import ClcClass, LoanChannel
from houqin.outreach.models.library import Book, BookCopy, Loan, StockTake
from houqin.outreach.queries.library import OPEN, search_q


class BookFilterSet(SiteScopedFilterSet):
    """The catalogue: search by title, author or ISBN, and the CLC class."""

    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Title, author or ISBN"))
    clc_class = filters.ChoiceFilter(label=_("Classification"), choices=ClcClass.choices)

    class Meta:
        model = Book
        fields = ["site", "q", "clc_class"]

    def search(self, queryset, name, value):
        return queryset.filter(search_q(value)) if value.strip() else queryset


class LoanFilterSet(SiteScopedFilterSet):
    """The loan ledger (借阅台帐): open, overdue or all; department; lending dates; search."""

    STATES = (("open", _("on loan")), ("overdue", _("overdue")), ("returned", _("returned")))

    q = filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Number, barcode, title or reader")
    )
    state = filters.ChoiceFilter(label=_("State"), choices=STATES, method="filter_state")
    department = SiteObjectFilter(label=_("Department"), model=Department)
    lent = LocalDateRangeFilter(label=_("Lent on"), field_name="lent_at")
    channel = filters.ChoiceFilter(label=_("How lent"), choices=LoanChannel.choices)
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Loan
        fields = ["site", "q", "state", "department", "lent", "channel", "void"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__iexact=value)
            | Q(copy__barcode=value)
            | Q(copy__book__title__icontains=value)
            | Q(borrower__name__icontains=value)
        )

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(OPEN)
        if value == "overdue":
            return queryset.filter(OPEN, due_on__lt=timezone.localdate())
        if value == "returned":
            return queryset.filter(returned_at__isnull=False)
        return queryset


class StockTakeFilterSet(SiteScopedFilterSet):
    started = LocalDateRangeFilter(label=_("Started"), field_name="started_at")

    class Meta:
        model = StockTake
        fields = ["site", "started"]


class BookCopyFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Barcode or title"))
    withdrawn = YesNoFilter(
        label=_("Withdrawn"), field_name="withdrawn_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = BookCopy
        fields = ["site", "q", "withdrawn"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(barcode=value) | Q(book__title__icontains=value))
