"""The work-order ledger's filters, serving the list page and the API."""

from __future__ import annotations

import django_filters as filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Building, Location
from houqin.facilities.choices import (
    OPEN_WORK_ORDER_STATUSES,
    WorkOrderPriority,
    WorkOrderSource,
    WorkOrderStatus,
)
from houqin.facilities.models import Equipment, WorkOrder
from houqin.facilities.queries.workorders import overdue_q

OPEN = "open"  # every status before the repair is done


class WorkOrderFilterSet(SiteScopedFilterSet):
    """Status, priority, source, technician, place, unit, date of report, overdue, search."""

    q = filters.CharFilter(label=_("Search"), method="search")
    status = filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open (not yet repaired)")), *WorkOrderStatus.choices],
        method="filter_status",
    )
    priority = filters.ChoiceFilter(label=_("Priority"), choices=WorkOrderPriority.choices)
    source = filters.ChoiceFilter(label=_("Source"), choices=WorkOrderSource.choices)
    technician = filters.ChoiceFilter(label=_("Technician"), field_name="assigned_to_id")
    building = filters.ChoiceFilter(label=_("Building"), field_name="location__building_id")
    location = SiteObjectFilter(label=_("Location"), model=Location)
    equipment = filters.ChoiceFilter(label=_("Equipment"), field_name="equipment_id")
    reported = LocalDateRangeFilter(label=_("Reported"), field_name="reported_at")
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    closed = LocalDateRangeFilter(label=_("Closed"), field_name="closed_at")
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = WorkOrder
        fields = [
            "site",
            "q",
            "status",
            "priority",
            "source",
            "technician",
            "building",
            "location",
            "equipment",
            "reported",
            "overdue",
            "closed",
            "void",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = self.visible_sites()
        # The base class has built the form already: its fields get the choices too.
        self._choices("building", _buildings(sites))
        self._choices(
            "equipment",
            [
                (pk, f"{code} {name}")
                for pk, code, name in Equipment.objects.filter(site__in=sites)
                .order_by("site", "code")
                .values_list("pk", "code", "name")
            ],
        )
        # From the sites' memberships, not the orders: the ledger may hold years of them.
        self._choices(
            "technician",
            list(
                get_user_model()
                .objects.filter(
                    memberships__site__in=sites,
                    memberships__role__permissions__codename="work_workorder",
                    memberships__role__permissions__content_type__app_label="facilities",
                )
                .order_by("username")
                .values_list("pk", "username")
                .distinct()
            ),
        )

    def _choices(self, name: str, choices: list) -> None:
        self.filters[name].extra["choices"] = choices
        self.form.fields[name].choices = [("", "---------"), *choices]

    def filter_status(self, queryset, name, value):
        """A status, or "open": every status before the repair; void orders never match."""
        statuses = OPEN_WORK_ORDER_STATUSES if value == OPEN else [value]
        return queryset.filter(status__in=statuses, voided_at__isnull=True)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__iexact=value)
            | Q(description__icontains=value)
            | Q(reporter_name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


def _buildings(sites) -> list[tuple[int, str]]:
    """The buildings of the sites, named with their code so equal names can be told apart."""
    rows = Building.objects.filter(site__in=sites).order_by("site", "code")
    return [(pk, f"{code} {name}") for pk, code, name in rows.values_list("pk", "code", "name")]
