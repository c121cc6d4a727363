"""Filters of the relief lists and API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import LocalDateRangeFilter, SiteScopedFilterSet, YesNoFilter
from houqin.relief.choices import DispatchStatus, DonorKind, ReliefCategory
from houqin.relief.models import Campaign, Dispatch, Donation, EmergencyPurchase
from houqin.stock.filtersets import ItemFilterSet, OnHandFilterSet


class CampaignChoiceFilterSet(SiteScopedFilterSet):
    """A filterset with a ``campaign`` choice among the campaigns of the user's sites."""

    campaign = filters.ChoiceFilter(label=_("Campaign"), field_name="campaign_id")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = self.visible_sites()
        self.filters["campaign"].extra["choices"] = list(
            Campaign.objects.filter(site__in=sites)
            .order_by("-starts_on")
            .values_list("pk", "title")
        )


class CampaignFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Title or number"))
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Campaign
        fields = ["site", "q", "void"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value))


class DonationFilterSet(CampaignChoiceFilterSet):
    donor_kind = filters.ChoiceFilter(label=_("Donor type"), choices=DonorKind.choices)
    received = LocalDateRangeFilter(label=_("Received between"), field_name="received_at")
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Donor or number"))
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Donation
        fields = ["site", "campaign", "donor_kind", "received", "q", "void"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(donor_name__icontains=value) | Q(number__icontains=value))


class PurchaseFilterSet(CampaignChoiceFilterSet):
    received = LocalDateRangeFilter(label=_("Received between"), field_name="received_at")

    class Meta:
        model = EmergencyPurchase
        fields = ["site", "campaign", "received"]


class DispatchFilterSet(CampaignChoiceFilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=DispatchStatus.choices)
    dispatched = LocalDateRangeFilter(label=_("Dispatched between"), field_name="dispatched_at")
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Destination or number"))
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Dispatch
        fields = ["site", "campaign", "status", "dispatched", "q", "void"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(destination__icontains=value) | Q(number__icontains=value))


class ReliefItemFilterSet(ItemFilterSet):
    category = filters.ChoiceFilter(label=_("Relief category"), choices=ReliefCategory.choices)

    class Meta(ItemFilterSet.Meta):
        fields = ["site", "q", "category", "active"]


class ReliefOnHandFilterSet(OnHandFilterSet):
    category = filters.ChoiceFilter(
        label=_("Relief category"), choices=ReliefCategory.choices, field_name="item__category"
    )

    class Meta(OnHandFilterSet.Meta):
        fields = ["site", "store", "category", "q", "low"]
