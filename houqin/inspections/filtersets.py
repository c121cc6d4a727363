"""One FilterSet per model, serving the list page and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.inspections.choices import COMPLETED_STATUSES, RoundStatus, RouteKind
from houqin.inspections.models import Checkpoint, Round, Route


class CheckpointFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Checkpoint
        fields = ["site", "q", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class RouteFilterSet(SiteScopedFilterSet):
    kind = filters.ChoiceFilter(label=_("Kind"), choices=RouteKind.choices)

    class Meta:
        model = Route
        fields = ["site", "kind", "is_active"]


class RoundFilterSet(SiteScopedFilterSet):
    """The rounds ledger's filters: date, status, route and kind."""

    date = LocalDateRangeFilter(label=_("Date"), field_name="starts_at")
    status = filters.ChoiceFilter(label=_("Status"), choices=RoundStatus.choices)
    route = SiteObjectFilter(label=_("Route"), model=Route)
    kind = filters.ChoiceFilter(label=_("Kind"), choices=RouteKind.choices)
    completed = YesNoFilter(label=_("Completed (not void)"), method="filter_completed")

    class Meta:
        model = Round
        fields = ["site", "date", "status", "route", "kind", "completed"]

    def filter_completed(self, queryset, name, value):
        """The rounds the figures count as completed: complete, late or out of order; not void."""
        if value is None:
            return queryset
        done = Q(voided_at__isnull=True, status__in=COMPLETED_STATUSES)
        return queryset.filter(done) if value else queryset.exclude(done)
