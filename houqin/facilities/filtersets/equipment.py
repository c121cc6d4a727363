"""Filters of the equipment registry, serving the list pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import SiteObjectFilter, SiteScopedFilterSet, YesNoFilter
from houqin.core.models import Building, Location
from houqin.facilities.choices import CertificateKind, EquipmentStatus, System
from houqin.facilities.models import Certificate, Contractor, Equipment, EquipmentCategory
from houqin.facilities.queries.equipment import lifts_due
from houqin.facilities.services.equipment import (
    category_descendant_ids,
    current_certificates,
    warn_horizon,
)
from houqin.utils.text import parse_id


class CategoryFilter(filters.ChoiceFilter):
    """A category of the user's sites, with everything under it."""

    def filter(self, qs, value):
        pk = parse_id(value) if value else None
        if pk is None:
            return qs
        category = EquipmentCategory.objects.filter(pk=pk).first()
        if category is None:
            return qs.none()
        return qs.filter(category_id__in=category_descendant_ids(category))


class EquipmentFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Asset code, name or serial number")
    )
    category = CategoryFilter(label=_("Category"))
    system = filters.ChoiceFilter(
        label=_("System"), field_name="category__system", choices=System.choices
    )
    building = filters.ChoiceFilter(label=_("Building"), field_name="location__building")
    location = SiteObjectFilter(label=_("Location"), model=Location)
    status = filters.ChoiceFilter(label=_("Status"), choices=EquipmentStatus.choices)
    special = YesNoFilter(label=_("Special equipment"), method="filter_special")
    inspection_due = YesNoFilter(
        label=_("Lift inspections overdue or due within 30 days"), method="filter_inspection_due"
    )

    class Meta:
        model = Equipment
        fields = [
            "site",
            "q",
            "category",
            "system",
            "building",
            "location",
            "status",
            "special",
            "inspection_due",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = self.visible_sites()
        categories = EquipmentCategory.objects.filter(site__in=sites).order_by(
            "site", "system", "position", "code"
        )
        buildings = Building.objects.filter(site__in=sites).order_by("site", "code")
        for name, qs in (("category", categories), ("building", buildings)):
            rows = qs.values_list("pk", "code", "name")
            choices = [(pk, f"{code} {label}") for pk, code, label in rows]
            self.filters[name].extra["choices"] = choices
            self.form.fields[name].choices = [("", "---------"), *choices]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(serial_no__icontains=value)
        )

    def filter_inspection_due(self, queryset, name, value):
        """Lifts whose next inspection is overdue or within the warning period (as the home
        card counts them); "no": every other unit."""
        if value is None:
            return queryset
        due = list(lifts_due(queryset))
        return queryset.filter(pk__in=due) if value else queryset.exclude(pk__in=due)

    def filter_special(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.exclude(category__special_kind="")
            if value
            else queryset.filter(category__special_kind="")
        )


class EquipmentCategoryFilterSet(SiteScopedFilterSet):
    system = filters.ChoiceFilter(label=_("System"), choices=System.choices)

    class Meta:
        model = EquipmentCategory
        fields = ["site", "system"]


class ContractorFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = Contractor
        fields = ["site", "q", "is_active"]


class CertificateFilterSet(SiteScopedFilterSet):
    current = YesNoFilter(label=_("Current only"), method="filter_current")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=CertificateKind.choices)
    due = YesNoFilter(
        label=_("Certificates expired or expiring within 30 days"), method="filter_due"
    )
    expiring = YesNoFilter(label=_("Expiring within 30 days"), method="filter_expiring")
    expired = YesNoFilter(label=_("Expired"), method="filter_expired")
    equipment = filters.NumberFilter(label=_("Equipment"), field_name="equipment_id")

    class Meta:
        model = Certificate
        fields = ["site", "current", "kind", "due", "expiring", "expired", "equipment"]

    def filter_current(self, queryset, name, value):
        """Only the latest certificate of each unit and kind (a newer one replaces it)."""
        if value is None:
            return queryset
        if value:
            return current_certificates(queryset)
        return queryset.exclude(pk__in=current_certificates(Certificate.objects.all()).values("pk"))

    def filter_due(self, queryset, name, value):
        """Current certificates of units in use, expired or expiring (as the home card counts)."""
        if value is None:
            return queryset
        due = Q(expires_on__lte=warn_horizon(timezone.localdate())) & ~Q(
            equipment__status=EquipmentStatus.RETIRED
        )
        return current_certificates(queryset.filter(due)) if value else queryset.exclude(due)

    def filter_expiring(self, queryset, name, value):
        """The current certificate of its kind, expiring from today to the warning horizon."""
        if value is None:
            return queryset
        today = timezone.localdate()
        window = Q(expires_on__gte=today, expires_on__lte=warn_horizon(today))
        return current_certificates(queryset.filter(window)) if value else queryset.exclude(window)

    def filter_expired(self, queryset, name, value):
        if value is None:
            return queryset
        past = Q(expires_on__lt=timezone.localdate())
        return current_certificates(queryset.filter(past)) if value else queryset.exclude(past)
