"""FilterSets of the 24-hour duty, serving the list pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import SiteScopedFilterSet, YesNoFilter
from houqin.security.choices import AbsenceReason, PostKind, RosterStatus, SwapStatus
from houqin.security.models import (
    Absence,
    Assignment,
    DutyLog,
    DutyPost,
    DutyShift,
    Roster,
    SpecialPeriod,
    SwapRequest,
)


def _date_range(label):
    return filters.DateFromToRangeFilter(
        label=label, widget=filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )


class DutyPostFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=PostKind.choices)

    class Meta:
        model = DutyPost
        fields = ["site", "q", "kind", "is_active"]


class DutyShiftFilterSet(SiteScopedFilterSet):
    class Meta:
        model = DutyShift
        fields = ["site", "is_active"]


class AbsenceFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Person"), field_name="person__name", lookup_expr="icontains")
    reason = filters.ChoiceFilter(label=_("Reason"), choices=AbsenceReason.choices)
    on = filters.DateFilter(label=_("Absent on"), method="filter_on")

    class Meta:
        model = Absence
        fields = ["site", "q", "reason", "on"]

    def filter_on(self, queryset, name, value):
        return queryset.filter(start_date__lte=value, end_date__gte=value)


class SpecialPeriodFilterSet(SiteScopedFilterSet):
    class Meta:
        model = SpecialPeriod
        fields = ["site"]


class RosterFilterSet(SiteScopedFilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=RosterStatus.choices)

    class Meta:
        model = Roster
        fields = ["site", "status"]


class AssignmentFilterSet(SiteScopedFilterSet):
    person = filters.NumberFilter(label=_("Person"), field_name="person_id")
    date = _date_range(_("Date"))
    roster = filters.NumberFilter(label=_("Roster"), field_name="roster_id")

    class Meta:
        model = Assignment
        fields = ["site", "person", "date", "roster"]


class SwapRequestFilterSet(SiteScopedFilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=SwapStatus.choices)

    class Meta:
        model = SwapRequest
        fields = ["site", "status"]


class DutyLogFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    date = _date_range(_("Date"))
    handed_over = YesNoFilter(
        label=_("Handed over"), field_name="handed_over_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = DutyLog
        fields = ["site", "q", "date", "handed_over"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__iexact=value)
            | Q(summary__icontains=value)
            | Q(entries__text__icontains=value)
        ).distinct()
