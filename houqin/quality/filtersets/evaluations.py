"""Filters of service evaluation, serving the list pages and the API."""

import django_filters as filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.filtersets import (
    BoundedDateRangeField,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Department
from houqin.quality.choices import PostKind, RectificationStatus
from houqin.quality.models import (
    Evaluation,
    EvaluationScore,
    Rectification,
    ServicePost,
    Standard,
)
from houqin.quality.queries.evaluations import overdue_q


class MonthRangeFilter(filters.DateFromToRangeFilter):
    """From–to dates compared with the month (its first day)."""

    field_class = BoundedDateRangeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", filters.widgets.DateRangeWidget(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)


class ServicePostFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=PostKind.choices)
    team = SiteObjectFilter(label=pgettext_lazy("service team", "Team"), model=Department)
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = ServicePost
        fields = ["site", "q", "kind", "team", "is_active"]


class StandardFilterSet(SiteScopedFilterSet):
    post = SiteObjectFilter(label=_("Post"), model=ServicePost)

    class Meta:
        model = Standard
        fields = ["site", "post"]


class EvaluationFilterSet(SiteScopedFilterSet):
    post = SiteObjectFilter(label=_("Post"), model=ServicePost)
    team = SiteObjectFilter(
        label=pgettext_lazy("service team", "Team"), model=Department, field_name="post__team"
    )
    month = MonthRangeFilter(label=_("Month"))
    person = filters.CharFilter(
        label=_("Person"), field_name="person__name", lookup_expr="icontains"
    )
    below = YesNoFilter(label=_("Items below the pass mark"), method="filter_below")

    class Meta:
        model = Evaluation
        fields = ["site", "post", "team", "month", "person", "below"]

    def filter_below(self, queryset, name, value):
        low = Exists(
            EvaluationScore.objects.filter(evaluation=OuterRef("pk"), rectification__isnull=False)
        )
        return queryset.filter(low) if value else queryset.exclude(low)


class RectificationFilterSet(SiteScopedFilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=RectificationStatus.choices)
    post = SiteObjectFilter(
        label=_("Post"), model=ServicePost, field_name="score__evaluation__post"
    )
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    mine = YesNoFilter(label=_("My posts"), method="filter_mine")

    class Meta:
        model = Rectification
        fields = ["site", "status", "post", "overdue", "mine"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(score__evaluation__post__members__user=self.request.user)
