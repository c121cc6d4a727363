"""Filters of the internal notice list."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.filtersets import LocalDateRangeFilter, SiteScopedFilterSet, YesNoFilter
from houqin.procurement.choices import NoticeKind
from houqin.procurement.models import Notice


class NoticeFilterSet(SiteScopedFilterSet):
    """Search (number, title, project number), kind, publication date, withdrawn or not."""

    q = filters.CharFilter(label=_("Search"), method="search")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=NoticeKind.choices)
    published = LocalDateRangeFilter(label=_("Published"), field_name="published_at")
    withdrawn = YesNoFilter(
        label=pgettext_lazy("procurement notice", "Withdrawn"),
        field_name="voided_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Notice
        fields = ["site", "q", "kind", "published", "withdrawn"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__iexact=value) | Q(title__icontains=value) | Q(project__number__iexact=value)
        )
