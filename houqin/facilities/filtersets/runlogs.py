"""Filters of the run ledger and the operating shifts (list page and API)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    BoundedDateRangeField,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Location, Person
from houqin.facilities.choices import RunStatus, System
from houqin.facilities.models import Equipment, OperatingShift, RunLog


class DateRangeFilter(filters.DateFromToRangeFilter):
    """A from–to filter on a date column (both ends included)."""

    field_class = BoundedDateRangeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", filters.widgets.DateRangeWidget(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)


class RunLogFilterSet(SiteScopedFilterSet):
    """The ledger's filters: system, unit, place, dates, status, accident, operator."""

    date = DateRangeFilter(label=_("Date"), field_name="shift_date")
    system = filters.ChoiceFilter(label=_("System"), choices=System.choices)
    equipment = filters.ChoiceFilter(label=_("Equipment"), field_name="equipment_id")
    location = SiteObjectFilter(
        label=_("Location"), model=Location, field_name="equipment__location_id"
    )
    status = filters.ChoiceFilter(label=_("Status"), choices=RunStatus.choices)
    is_accident = YesNoFilter(label=_("Accident"))
    operator = SiteObjectFilter(label=_("Operator"), model=Person, field_name="operator_id")
    void = YesNoFilter(label=_("Void"), field_name="voided_at", method="filter_void")

    class Meta:
        model = RunLog
        fields = [
            "site",
            "date",
            "system",
            "equipment",
            "location",
            "status",
            "is_accident",
            "void",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Equipment has no "active" flag, so its choices are listed here (one query).
        units = Equipment.objects.filter(site__in=self.visible_sites()).order_by("site", "code")
        self.form.fields["equipment"].choices = [
            ("", "---------"),
            *((pk, f"{code} {name}") for pk, code, name in units.values_list("pk", "code", "name")),
        ]

    def filter_void(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(voided_at__isnull=not value)


class OperatingShiftFilterSet(SiteScopedFilterSet):
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = OperatingShift
        fields = ["site", "is_active"]
