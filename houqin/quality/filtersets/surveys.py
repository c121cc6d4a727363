"""The survey list's filters (page and API)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import LocalDateRangeFilter, SiteScopedFilterSet
from houqin.quality.choices import SurveyStatus
from houqin.quality.models import Survey


class SurveyFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    status = filters.ChoiceFilter(label=_("Status"), choices=SurveyStatus.choices)
    opens = LocalDateRangeFilter(label=_("Opens"), field_name="opens_at")

    class Meta:
        model = Survey
        fields = ["site", "q", "status", "opens"]
