"""Filters of the readings ledger (pages and API)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
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
    read_at = LocalDateRangeFilter(label=_("Read between"))
    flagged = YesNoFilter(label=_("Flagged"), method="filter_flagged")
    pending = YesNoFilter(label=_("Awaiting review"), method="filter_pending")
    void = YesNoFilter(label=_("Void"), method="filter_void")

    class Meta:
        model = Reading
        fields = ["site", "meter", "building", "energy_type", "read_at", "flagged", "pending",
                  "void"]  # fmt: skip

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
