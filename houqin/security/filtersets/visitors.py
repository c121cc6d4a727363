"""One FilterSet per model, serving the list page and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.crypto import keyed_hash
from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Department
from houqin.security.choices import VisitPurpose, VisitStatus
from houqin.security.models import BlacklistEntry, Invitation, Visit
from houqin.utils.idnumbers import read_as_id_number


def _id_hash_of(text: str) -> str | None:
    """The keyed hash of ``text`` if it reads as an ID number (searching never decrypts)."""
    number = read_as_id_number(text)
    return keyed_hash(number) if number else None


class VisitFilterSet(SiteScopedFilterSet):
    """The ledger's filters: date range, host department, purpose, status, and a search box."""

    q = filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, number, organisation, plate or full ID number"),
    )
    date = LocalDateRangeFilter(label=_("Date"), field_name="checked_in_at")
    host_department = SiteObjectFilter(label=_("Host department"), model=Department)
    purpose = filters.ChoiceFilter(label=_("Purpose"), choices=VisitPurpose.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=VisitStatus.choices)
    counted = YesNoFilter(
        label=_("Counted as a registration (admitted, not void)"), method="filter_counted"
    )

    class Meta:
        model = Visit
        fields = ["site", "q", "date", "host_department", "purpose", "status", "counted"]

    def filter_counted(self, queryset, name, value):
        """The visits the registration figure counts: not void and not refused."""
        if value is None:
            return queryset
        counted = Q(voided_at__isnull=True) & ~Q(status=VisitStatus.REFUSED)
        return queryset.filter(counted) if value else queryset.exclude(counted)

    def search(self, queryset, name, value):
        value = value.strip()
        condition = (
            Q(visitor_name__icontains=value)
            | Q(number__iexact=value)
            | Q(organisation__icontains=value)
            | Q(vehicle_plate__icontains=value)
        )
        id_hash = _id_hash_of(value)
        if id_hash:
            condition |= Q(id_hash=id_hash)
        return queryset.filter(condition)


class InvitationFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    expected = LocalDateRangeFilter(label=_("Expected arrival"), field_name="expected_at")

    class Meta:
        model = Invitation
        fields = ["site", "q", "expected"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(visitor_name__icontains=value)
            | Q(number__iexact=value.strip())
            | Q(organisation__icontains=value)
        )


class BlacklistEntryFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = BlacklistEntry
        fields = ["site", "q", "is_active"]

    def search(self, queryset, name, value):
        id_hash = _id_hash_of(value)
        condition = Q(name__icontains=value) | Q(reason__icontains=value)
        if id_hash:
            condition |= Q(id_hash=id_hash)
        return queryset.filter(condition)
