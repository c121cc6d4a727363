"""Filters of the health-consultation room, serving the list pages and the API."""

from __future__ import annotations

from datetime import datetime

import django_filters as filters
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import LocalDateRangeFilter, SiteScopedFilterSet, YesNoFilter
from houqin.outreach.choices import ConsultationKind
from houqin.outreach.models import Consultation, Expert, HealthSession

MONTH_FORMAT = RegexValidator(
    r"^(19|20)\d\d-(0[1-9]|1[0-2])$", _("Give a month as YYYY-MM."), code="month"
)


def month_bounds(value: str) -> tuple[datetime, datetime]:
    """Local midnight of the month's first day and of the next month's first day."""
    year, month = (int(part) for part in value.split("-"))
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    tz = timezone.get_current_timezone()
    return datetime(year, month, 1, tzinfo=tz), datetime(nxt[0], nxt[1], 1, tzinfo=tz)


class ExpertFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = Expert
        fields = ["site", "q", "is_active"]


class HealthSessionFilterSet(SiteScopedFilterSet):
    WHEN = (("upcoming", _("upcoming")), ("past", _("past")))

    when = filters.ChoiceFilter(label=_("Status"), choices=WHEN, method="filter_when")
    q = filters.CharFilter(label=_("Search"), field_name="topic", lookup_expr="icontains")
    starts = LocalDateRangeFilter(label=_("Date"), field_name="starts_at")

    class Meta:
        model = HealthSession
        fields = ["site", "when", "q", "starts"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(starts_at__gt=now).order_by("starts_at", "pk")
        return queryset.filter(starts_at__lte=now)


class ConsultationFilterSet(SiteScopedFilterSet):
    month = filters.CharFilter(label=_("Month"), method="filter_month", validators=[MONTH_FORMAT])
    kind = filters.ChoiceFilter(label=_("Type"), choices=ConsultationKind.choices)
    consulted = LocalDateRangeFilter(label=_("Date"), field_name="consulted_at")
    voided = YesNoFilter(
        label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Consultation
        fields = ["site", "month", "kind", "consulted", "voided"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["month"].widget.attrs.update(type="month", placeholder="YYYY-MM")

    def filter_month(self, queryset, name, value):
        start, end = month_bounds(value)
        return queryset.filter(consulted_at__gte=start, consulted_at__lt=end)
