"""Filters of the supplier registry, serving the list pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import SiteScopedFilterSet, YesNoFilter
from houqin.procurement.models import Debarment, Qualification, Supplier
from houqin.procurement.queries.suppliers import EXPIRY_DAYS, expiring_q, in_force_q


class SupplierFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    is_active = YesNoFilter(label=_("Active"))
    debarred = YesNoFilter(label=_("Debarred now"), method="filter_debarred")

    class Meta:
        model = Supplier
        fields = ["site", "q", "is_active", "debarred"]

    def search(self, queryset, name, value):
        """By name, contact or credit code (a code is matched in upper case, spaces removed)."""
        value = value.strip()
        code = "".join(value.split()).upper()
        return queryset.filter(
            Q(name__icontains=value) | Q(contact_name__icontains=value) | Q(credit_code=code)
        )

    def filter_debarred(self, queryset, name, value):
        if value is None:
            return queryset
        debarred = Debarment.objects.filter(in_force_q(timezone.localdate()))
        ids = debarred.values("supplier_id")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class QualificationFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    expiring = YesNoFilter(label=_("Expiring soon"), method="filter_expiring")
    expired = YesNoFilter(label=_("Expired"), method="filter_expired")

    class Meta:
        model = Qualification
        fields = ["site", "q", "expiring", "expired"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value)
            | Q(supplier__name__icontains=value)
            | Q(certificate_no__icontains=value)
        )

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        soon = expiring_q(timezone.localdate(), EXPIRY_DAYS)
        return queryset.filter(soon) if value else queryset.exclude(soon)

    def filter_expired(self, queryset, name, value):
        if value is None:
            return queryset
        past = Q(valid_until__lt=timezone.localdate())
        return queryset.filter(past) if value else queryset.exclude(past)


class DebarmentFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    in_force = YesNoFilter(label=_("In force today"), method="filter_in_force")
    lifted = YesNoFilter(
        label=_("Lifted"), field_name="voided_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Debarment
        fields = ["site", "q", "in_force", "lifted"]

    def search(self, queryset, name, value):
        value = value.strip()
        code = "".join(value.split()).upper()
        return queryset.filter(
            Q(number__icontains=value)
            | Q(supplier__name__icontains=value)
            | Q(supplier__credit_code=code)
        )

    def filter_in_force(self, queryset, name, value):
        if value is None:
            return queryset
        now = in_force_q(timezone.localdate())
        return queryset.filter(now) if value else queryset.exclude(now)
