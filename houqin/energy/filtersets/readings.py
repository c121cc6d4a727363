"""Filters of the readings ledger (pages and API)."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Department
from houqin.energy.choices import EnergyType, FlagStatus
from houqin.energy.filtersets.meters import BuildingChoicesMixin, building_filter
from houqin.energy.models import Reading


class ReadingFilterSet(BuildingChoicesMixin, SiteScopedFilterSet):
    building_field = "meter__building_id"

    meter = filters.CharFilter(label=_("Meter code"), field_name="meter__code")
    building = building_filter()
    energy_type = filters.ChoiceFilter(
        label=_("Energy type"), choices=EnergyType.choices, field_name="meter__energy_type"
    )
    department = SiteObjectFilter(
        label=_("Department"), field_name="meter__department_id", model=Department
    )
    read_at = LocalDateRangeFilter(label=_("Read between"))
    used_on = filters.DateFromToRangeFilter(
        label=_("Use counted on"),
        field_name="used_on",
        widget=filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    main_only = YesNoFilter(label=_("Main meters only"), method="filter_main_only")
    counted = YesNoFilter(
        label=pgettext_lazy("meter reading", "Counted in the figures"), method="filter_counted"
    )
    flagged = YesNoFilter(label=_("Flagged"), method="filter_flagged")
    pending = YesNoFilter(label=_("Awaiting review"), method="filter_pending")
    void = YesNoFilter(label=_("Void"), method="filter_void")

    class Meta:
        model = Reading
        fields = ["site", "meter", "building", "department", "energy_type", "read_at",
                  "used_on", "main_only", "counted", "flagged", "pending", "void"]  # fmt: skip

    def filter_main_only(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(meter__parent__isnull=value)

    def filter_counted(self, queryset, name, value):
        """Counted as the consumption figures count: not void, not held, with a use."""
        if value is None:
            return queryset
        counted = Q(voided_at__isnull=True, consumption__isnull=False) & ~Q(
            flag_status=FlagStatus.PENDING
        )
        return queryset.filter(counted) if value else queryset.exclude(counted)

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(flag="") if value else queryset.filter(flag="")

    def filter_pending(self, queryset, name, value):
        if value is None:
            return queryset
        pending = {"flag_status": FlagStatus.PENDING}
        return queryset.filter(**pending) if value else queryset.exclude(**pending)

    def filter_void(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(voided_at__isnull=not value)
