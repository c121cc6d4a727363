"""Filters of the procurement project ledger (page and API)."""

from __future__ import annotations

from datetime import date, datetime, time

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    MAX_YEAR,
    MIN_YEAR,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Department
from houqin.procurement.choices import Method, ProjectStatus, Stage
from houqin.procurement.models import Project
from houqin.procurement.queries.savings import NOT_COUNTED


def _new_year(year: int) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))


class ProjectFilterSet(SiteScopedFilterSet):
    """Year of the request, department, method, status, stage and a search by number/title."""

    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Number or title"))
    year = filters.NumberFilter(
        label=_("Year"), method="filter_year", min_value=MIN_YEAR, max_value=MAX_YEAR - 1
    )
    department = SiteObjectFilter(label=_("Department"), model=Department)
    method = filters.ChoiceFilter(label=_("Procurement method"), choices=Method.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices)
    stage = filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    signed = filters.DateFromToRangeFilter(
        label=_("Contract signed"),
        field_name="contract_signed_on",
        widget=filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    counted = YesNoFilter(label=_("Counted in the savings"), method="filter_counted")

    class Meta:
        model = Project
        fields = ["site", "q", "year", "department", "method", "status", "stage", "signed",
                  "counted"]  # fmt: skip

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__iexact=value) | Q(title__icontains=value))

    def filter_counted(self, queryset, name, value):
        """Counted as the savings figures count: contracted, not void, neither cancelled nor
        failed."""
        if value is None:
            return queryset
        counted = Q(voided_at__isnull=True, contract_yuan__isnull=False) & ~Q(
            status__in=NOT_COUNTED
        )
        return queryset.filter(counted if value else ~counted)

    def filter_year(self, queryset, name, value):
        # A range of local new years rather than __year: keeps the created_at index usable.
        year = int(value)
        return queryset.filter(created_at__gte=_new_year(year), created_at__lt=_new_year(year + 1))


class MyRequestsFilterSet(ProjectFilterSet):
    """ "My requests": only the status, the year and a search (a staff member has one site and
    one department, so those filters would offer nothing)."""

    KEPT = ("q", "year", "status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [n for n in self.filters if n not in self.KEPT]:
            del self.filters[name]
            self.form.fields.pop(name, None)
