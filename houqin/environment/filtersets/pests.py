"""Filters of the density-survey ledger and the control-action ledger (pages and API)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import SiteScopedFilterSet, YesNoFilter
from houqin.environment.choices import ControlLevel, ControlMethod, Pest
from houqin.environment.models import PestControlAction, PestSurvey


def _filter_void(queryset, name, value):
    if value is None:
        return queryset
    return queryset.filter(voided_at__isnull=not value)


class PestSurveyFilterSet(SiteScopedFilterSet):
    """Pest, year, computed level, re-inspection and void."""

    pest = filters.ChoiceFilter(label=_("Pest"), choices=Pest.choices)
    year = filters.NumberFilter(
        label=_("Year"),
        field_name="surveyed_on",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )
    level = filters.ChoiceFilter(
        label=_("Control level"), choices=ControlLevel.choices, method="by_level"
    )
    is_recheck = YesNoFilter(label=_("Re-inspection"))
    void = YesNoFilter(label=_("Void"), field_name="voided_at", method="filter_void")

    class Meta:
        model = PestSurvey
        fields = ["site", "pest", "year", "level", "is_recheck", "void"]

    def filter_void(self, queryset, name, value):
        return _filter_void(queryset, name, value)

    def by_level(self, queryset, name, value):
        """The level is computed, not stored: the surveys matched so far are rated in Python
        (one query for them, one for the thresholds) and kept by id."""
        from houqin.environment.queries.pests import with_levels

        rows = queryset.select_related(None).prefetch_related(None)
        ids = [s.pk for s in with_levels(rows) if s.level == value]
        return queryset.filter(pk__in=ids)


class PestControlActionFilterSet(SiteScopedFilterSet):
    pest = filters.ChoiceFilter(label=_("Pest"), choices=Pest.choices)
    method = filters.ChoiceFilter(label=_("Method"), choices=ControlMethod.choices)
    year = filters.NumberFilter(
        label=_("Year"), field_name="done_on", lookup_expr="year", min_value=2000, max_value=2100
    )
    void = YesNoFilter(label=_("Void"), field_name="voided_at", method="filter_void")

    class Meta:
        model = PestControlAction
        fields = ["site", "pest", "method", "year", "void"]

    def filter_void(self, queryset, name, value):
        return _filter_void(queryset, name, value)
