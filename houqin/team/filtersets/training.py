"""Filters of the training subject, serving the list page and the API."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import LocalDateRangeFilter, SiteScopedFilterSet, YesNoFilter
from houqin.team.models import TrainingSession


class TrainingSessionFilterSet(SiteScopedFilterSet):
    year = filters.NumberFilter(
        label=_("Year"), field_name="starts_at", lookup_expr="year", min_value=1949, max_value=2100
    )
    topic = filters.CharFilter(label=_("Topic"), field_name="topic", lookup_expr="icontains")
    trainer = filters.CharFilter(label=_("Trainer"), field_name="trainer", lookup_expr="icontains")
    is_external = YesNoFilter(label=_("Outside training"))
    starts = LocalDateRangeFilter(label=_("Date"), field_name="starts_at")
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = TrainingSession
        fields = ["site", "year", "topic", "trainer", "is_external", "starts", "void"]
