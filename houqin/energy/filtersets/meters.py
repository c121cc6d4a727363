"""Filters of the meter register and the tariffs."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import SiteScopedFilterSet, YesNoFilter
from houqin.core.models import Building
from houqin.energy.choices import BudgetItem, EnergyType
from houqin.energy.models import EnergyBudget, EnergyYear, Meter, Tariff


class BuildingChoicesMixin:
    """A building filter whose choices are the buildings of the user's sites (buildings have
    no active flag, so the generic site-object filter does not fit)."""

    building_field = "building_id"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        buildings = Building.objects.filter(site__in=self.visible_sites()).order_by("site", "code")
        field = self.form.fields["building"]
        field.choices = [("", "---------"), *buildings.values_list("pk", "name")]
        field.widget.choices = field.choices

    def filter_building(self, queryset, name, value):
        return queryset.filter(**{self.building_field: value}) if value else queryset


def building_filter():
    return filters.ChoiceFilter(label=_("Building"), method="filter_building", choices=[])


class MeterFilterSet(BuildingChoicesMixin, SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    energy_type = filters.ChoiceFilter(label=_("Energy type"), choices=EnergyType.choices)
    building = building_filter()
    main = YesNoFilter(label=_("Main meter"), field_name="parent", lookup_expr="isnull")
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = Meter
        fields = ["site", "q", "energy_type", "building", "main", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) |
                               Q(serial__icontains=value))  # fmt: skip


class TariffFilterSet(SiteScopedFilterSet):
    energy_type = filters.ChoiceFilter(label=_("Energy type"), choices=EnergyType.choices)

    class Meta:
        model = Tariff
        fields = ["site", "energy_type"]


class EnergyYearFilterSet(SiteScopedFilterSet):
    class Meta:
        model = EnergyYear
        fields = ["site", "year"]


class BudgetFilterSet(SiteScopedFilterSet):
    item = filters.ChoiceFilter(label=_("Item"), choices=BudgetItem.choices)

    class Meta:
        model = EnergyBudget
        fields = ["site", "year", "item"]
