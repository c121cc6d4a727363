"""Filters of the team's record, serving the list pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.filtersets import SiteScopedFilterSet
from houqin.team.choices import HonourLevel, PublicationKind, RecipientKind
from houqin.team.models import ChronicleEntry, Honour, Publication


def _year(field: str):
    return filters.NumberFilter(
        label=_("Year"), field_name=field, lookup_expr="year", min_value=1949, max_value=2100
    )


class HonourFilterSet(SiteScopedFilterSet):
    year = _year("awarded_on")
    level = filters.ChoiceFilter(
        label=pgettext_lazy("honour", "Level"), choices=HonourLevel.choices
    )
    recipient_kind = filters.ChoiceFilter(label=_("Awarded to"), choices=RecipientKind.choices)
    q = filters.CharFilter(label=_("Search"), method="filter_q")

    class Meta:
        model = Honour
        fields = ["site", "year", "level", "recipient_kind", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(awarding_body__icontains=value))


class PublicationFilterSet(SiteScopedFilterSet):
    year = _year("published_on")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=PublicationKind.choices)
    q = filters.CharFilter(label=_("Search"), method="filter_q")

    class Meta:
        model = Publication
        fields = ["site", "year", "kind", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(periodical__icontains=value))


class ChronicleFilterSet(SiteScopedFilterSet):
    year = _year("occurred_on")
    q = filters.CharFilter(label=_("Search"), method="filter_q")

    class Meta:
        model = ChronicleEntry
        fields = ["site", "year", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))
