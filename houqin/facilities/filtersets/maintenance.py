"""Filters of the maintenance lists (page and API)."""

from datetime import timedelta

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    BoundedDateRangeField,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.facilities.choices import OPEN_TASK_STATUSES, Recurrence, System, TaskStatus
from houqin.facilities.models import Equipment, MaintenancePlan, MaintenanceTask


class DateRangeFilter(filters.DateFromToRangeFilter):
    """A from–to filter on a date column, its years bounded like every ledger's."""

    field_class = BoundedDateRangeField


class MaintenancePlanFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    system = filters.ChoiceFilter(
        label=_("System"), choices=System.choices, field_name="equipment__category__system"
    )
    recurrence = filters.ChoiceFilter(label=_("Recurrence"), choices=Recurrence.choices)
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = MaintenancePlan
        fields = ["site", "q", "system", "recurrence", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value)
            | Q(equipment__code__iexact=value)
            | Q(equipment__name__icontains=value)
        )


class MaintenanceTaskFilterSet(SiteScopedFilterSet):
    """Status, system, unit, due date range, overdue only, due this week."""

    q = filters.CharFilter(label=_("Search"), method="search")
    status = filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices)
    system = filters.ChoiceFilter(
        label=_("System"), choices=System.choices, field_name="equipment__category__system"
    )
    equipment = filters.ChoiceFilter(label=_("Equipment"), field_name="equipment_id")
    due = DateRangeFilter(
        label=_("Due on"),
        field_name="due_on",
        widget=filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    due_week = YesNoFilter(label=_("Due this week"), method="filter_due_week")

    class Meta:
        model = MaintenanceTask
        fields = ["site", "q", "status", "system", "equipment", "due", "overdue", "due_week"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Equipment.objects.filter(site__in=self.visible_sites()).order_by("site", "code")
        self.form.fields["equipment"].choices = [
            ("", "---------"),
            *((pk, f"{code} {name}") for pk, code, name in units.values_list("pk", "code", "name")),
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__iexact=value)
            | Q(plan__name__icontains=value)
            | Q(equipment__code__iexact=value)
            | Q(equipment__name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        late = Q(voided_at__isnull=True, status__in=OPEN_TASK_STATUSES) & Q(
            due_on__lt=timezone.localdate()
        )
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_due_week(self, queryset, name, value):
        today = timezone.localdate()
        week = Q(
            voided_at__isnull=True,
            status__in=OPEN_TASK_STATUSES,
            due_on__gte=today,
            due_on__lte=today + timedelta(days=6 - today.weekday()),
        )
        return queryset.filter(week) if value else queryset.exclude(week)
