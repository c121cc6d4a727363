"""Filters of the maintenance lists (page and API)."""

from datetime import timedelta

import django_filters as filters
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    BoundedDateRangeField,
    LocalDateRangeFilter,
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


OPEN_DAYS = 7  # scheduled tasks due within this many days are on the technician's list


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
    open = YesNoFilter(label=_("To do (overdue or due within 7 days)"), method="filter_open")
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    due_week = YesNoFilter(label=_("Due this week"), method="filter_due_week")
    done = LocalDateRangeFilter(label=_("Done"), field_name="done_at")
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = MaintenanceTask
        fields = [
            "site",
            "q",
            "open",
            "status",
            "system",
            "equipment",
            "due",
            "overdue",
            "due_week",
            "done",
            "void",
        ]

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

    def filter_open(self, queryset, name, value):
        """Tasks to do: due soon or overdue, and scheduled ones due within 7 days; overdue
        first, then by due date."""
        if value is None:
            return queryset
        today = timezone.localdate()
        todo = Q(voided_at__isnull=True) & (
            Q(status__in=[TaskStatus.DUE, TaskStatus.OVERDUE])
            | Q(status=TaskStatus.SCHEDULED, due_on__lte=today + timedelta(days=OPEN_DAYS))
        )
        if not value:
            return queryset.exclude(todo)
        late = Case(
            When(Q(status=TaskStatus.OVERDUE) | Q(due_on__lt=today), then=Value(0)),
            default=Value(1),
        )
        return queryset.filter(todo).order_by(late, "due_on", "pk")

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
