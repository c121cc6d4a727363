"""Filters of publicity and the volunteer team, serving the list pages and the API."""

from __future__ import annotations

from datetime import date

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import SiteObjectFilter, SiteScopedFilterSet, YesNoFilter
from houqin.outreach.choices import InvestmentCategory, MaterialKind
from houqin.outreach.models import (
    BoardIssue,
    Distribution,
    Investment,
    Material,
    PublicityBoard,
    Volunteer,
    VolunteerActivity,
)


class YearFilter(filters.NumberFilter):
    """A year (on a date column, compared with the year's first and last day)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        year = int(value)
        if self.field_name == "year":
            return qs.filter(year=year)
        # A range on the column itself, so its index is used (``__year`` would wrap it).
        return qs.filter(
            **{
                f"{self.field_name}__gte": date(year, 1, 1),
                f"{self.field_name}__lt": date(year + 1, 1, 1),
            }
        )


class PublicityBoardFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = PublicityBoard
        fields = ["site", "q", "is_active"]


class BoardIssueFilterSet(SiteScopedFilterSet):
    year = YearFilter(label=_("Year"), field_name="year")
    board = SiteObjectFilter(label=_("Board"), model=PublicityBoard)
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = BoardIssue
        fields = ["site", "year", "board", "q"]


class MaterialFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=MaterialKind.choices)
    year = YearFilter(label=_("Year printed"), field_name="printed_on")

    class Meta:
        model = Material
        fields = ["site", "q", "kind", "year"]


class DistributionFilterSet(SiteScopedFilterSet):
    year = YearFilter(label=_("Year"), field_name="distributed_on")
    q = filters.CharFilter(label=_("Search"), field_name="material__title", lookup_expr="icontains")

    class Meta:
        model = Distribution
        fields = ["site", "year", "q"]


class VolunteerFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="person__name", lookup_expr="icontains")
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = Volunteer
        fields = ["site", "q", "is_active"]


class VolunteerActivityFilterSet(SiteScopedFilterSet):
    year = YearFilter(label=_("Year"), field_name="held_on")
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = VolunteerActivity
        fields = ["site", "year", "q"]


class InvestmentFilterSet(SiteScopedFilterSet):
    year = YearFilter(label=_("Year"), field_name="invested_on")
    category = filters.ChoiceFilter(label=_("Category"), choices=InvestmentCategory.choices)

    class Meta:
        model = Investment
        fields = ["site", "year", "category"]
