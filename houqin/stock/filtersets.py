"""Filters of the stock ledger, serving the list pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.stock.choices import MovementKind
from houqin.stock.models import Item, Movement, StockSlot, StockTake, Store
from houqin.stock.queries import low_only
from houqin.stock.registry import ledger_choices


def _search(queryset, prefix: str, value: str):
    value = value.strip()
    return queryset.filter(
        Q(**{f"{prefix}code__icontains": value}) | Q(**{f"{prefix}name__icontains": value})
    )


class StoreFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Code or name"))
    active = YesNoFilter(label=_("Active"), field_name="is_active")

    class Meta:
        model = Store
        fields = ["site", "q", "active"]

    def search(self, queryset, name, value):
        return _search(queryset, "", value)


class ItemFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Code or name"))
    ledger = filters.ChoiceFilter(label=_("Ledger"), choices=ledger_choices)
    category = filters.CharFilter(label=_("Category"), lookup_expr="icontains")
    active = YesNoFilter(label=_("Active"), field_name="is_active")

    class Meta:
        model = Item
        fields = ["site", "q", "ledger", "category", "active"]

    def search(self, queryset, name, value):
        return _search(queryset, "", value)


class OnHandFilterSet(SiteScopedFilterSet):
    """Filters of stock on hand (a queryset of slots annotated by ``queries.with_on_hand``)."""

    ledger = filters.ChoiceFilter(
        label=_("Ledger"), choices=ledger_choices, field_name="item__ledger"
    )
    store = SiteObjectFilter(label=_("Store"), model=Store, field_name="store_id")
    category = filters.CharFilter(
        label=_("Category"), field_name="item__category", lookup_expr="icontains"
    )
    q = filters.CharFilter(
        label=pgettext_lazy("stock", "Item"), method="search", help_text=_("Code or name")
    )
    low = YesNoFilter(label=_("Low only"), method="filter_low")

    class Meta:
        model = StockSlot
        fields = ["site", "ledger", "store", "category", "q", "low"]

    def search(self, queryset, name, value):
        return _search(queryset, "item__", value)

    def filter_low(self, queryset, name, value):
        return low_only(queryset) if value else queryset


class MovementFilterSet(SiteScopedFilterSet):
    kind = filters.ChoiceFilter(label=_("Kind"), choices=MovementKind.choices)
    item = SiteObjectFilter(label=pgettext_lazy("stock", "Item"), model=Item, field_name="item_id")
    store = SiteObjectFilter(label=_("Store"), model=Store, field_name="store_id")
    moved = LocalDateRangeFilter(label=_("Moved between"), field_name="moved_at")
    party = filters.CharFilter(label=_("Party"), lookup_expr="icontains")
    ledger = filters.ChoiceFilter(
        label=_("Ledger"), choices=ledger_choices, field_name="item__ledger"
    )
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Movement
        fields = ["site", "kind", "item", "store", "moved", "party", "ledger", "void"]


class StockTakeFilterSet(SiteScopedFilterSet):
    store = SiteObjectFilter(label=_("Store"), model=Store, field_name="store_id")
    counted = LocalDateRangeFilter(label=_("Counted between"), field_name="counted_at")

    class Meta:
        model = StockTake
        fields = ["site", "store", "counted"]
