"""Filters of the cleaning subject, serving the list pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import LocalDateRangeFilter, SiteScopedFilterSet, YesNoFilter
from houqin.environment.choices import RectificationStatus
from houqin.environment.models import CleaningZone, ZoneRectification
from houqin.environment.queries.cleaning import NOT_PASSED, week_start, zones_not_inspected
from houqin.inspections.models import Scan


class ZoneFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="filter_q")
    is_active = YesNoFilter(label=_("Active"))
    uninspected = YesNoFilter(label=_("Not inspected this week"), method="filter_uninspected")

    class Meta:
        model = CleaningZone
        fields = ["site", "q", "is_active", "uninspected"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(responsible__name=value)
        )

    def filter_uninspected(self, queryset, name, value):
        due = zones_not_inspected(queryset, week_start())
        return due if value else queryset.exclude(pk__in=due.values("pk"))


class ZoneInspectionFilterSet(SiteScopedFilterSet):
    scanned_at = LocalDateRangeFilter(label=_("Inspected on"))
    q = filters.CharFilter(label=_("Zone"), method="filter_q")
    failed = YesNoFilter(label=_("With failed items"), method="filter_failed")

    class Meta:
        model = Scan
        fields = ["site", "scanned_at", "q", "failed"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(checkpoint__code__icontains=value) | Q(checkpoint__name__icontains=value)
        )

    def filter_failed(self, queryset, name, value):
        return queryset.filter(failed__gt=0) if value else queryset.filter(failed=0)


class ZoneRectificationFilterSet(SiteScopedFilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=RectificationStatus.choices)
    q = filters.CharFilter(label=_("Zone"), field_name="zone__name", lookup_expr="icontains")
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    mine = YesNoFilter(label=_("Mine"), method="filter_mine")

    class Meta:
        model = ZoneRectification
        fields = ["site", "status", "q", "overdue", "mine"]

    def filter_overdue(self, queryset, name, value):
        late = NOT_PASSED & Q(deadline__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_mine(self, queryset, name, value):
        """The user's own, still to finish, earliest deadline first; the closed ones only
        when a status is asked for."""
        if not value:
            return queryset
        mine = queryset.filter(responsible__user=self.request.user)
        if not self.form.cleaned_data.get("status"):
            mine = mine.filter(NOT_PASSED)
        return mine.order_by("deadline", "pk")
