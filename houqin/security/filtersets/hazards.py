"""Filters of cameras, alarms, hazards and incidents (the list pages and the API)."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Department, Location
from houqin.security.choices import (
    AlarmResult,
    AlarmSource,
    AlarmStatus,
    CameraKind,
    CameraStatus,
    HazardCategory,
    HazardGrade,
    HazardSource,
    HazardStatus,
    IncidentKind,
    IncidentStatus,
)
from houqin.security.models import Alarm, Camera, Hazard, Incident
from houqin.security.queries.hazards import overdue_q


class CameraFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    location = SiteObjectFilter(label=_("Location"), model=Location)
    kind = filters.ChoiceFilter(label=_("Type"), choices=CameraKind.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=CameraStatus.choices)

    class Meta:
        model = Camera
        fields = ["site", "q", "location", "kind", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(recorder__icontains=value)
        )


class AlarmFilterSet(SiteScopedFilterSet):
    date = LocalDateRangeFilter(label=_("Date"), field_name="raised_at")
    source = filters.ChoiceFilter(label=_("Source"), choices=AlarmSource.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=AlarmStatus.choices)
    result = filters.ChoiceFilter(label=_("Result"), choices=AlarmResult.choices)

    class Meta:
        model = Alarm
        fields = ["site", "date", "source", "status", "result"]


class HazardFilterSet(SiteScopedFilterSet):
    """The ledger's filters: status, category, grade, department, overdue and date found."""

    q = filters.CharFilter(label=_("Search"), method="search")
    date = LocalDateRangeFilter(label=_("Found"), field_name="found_at")
    status = filters.ChoiceFilter(label=_("Status"), choices=HazardStatus.choices)
    category = filters.ChoiceFilter(label=_("Category"), choices=HazardCategory.choices)
    grade = filters.ChoiceFilter(label=_("Grade"), choices=HazardGrade.choices)
    source = filters.ChoiceFilter(label=_("Source"), choices=HazardSource.choices)
    owner_department = SiteObjectFilter(label=_("Responsible department"), model=Department)
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    closed = LocalDateRangeFilter(label=_("Closed"), field_name="verified_at")
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Hazard
        fields = [
            "site",
            "q",
            "date",
            "status",
            "category",
            "grade",
            "source",
            "owner_department",
            "overdue",
            "closed",
            "void",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(description__icontains=value) | Q(number__iexact=value) | Q(place__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class IncidentFilterSet(SiteScopedFilterSet):
    date = LocalDateRangeFilter(label=_("Date"), field_name="occurred_at")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=IncidentKind.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=IncidentStatus.choices)

    class Meta:
        model = Incident
        fields = ["site", "date", "kind", "status"]
