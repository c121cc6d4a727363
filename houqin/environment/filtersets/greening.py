"""Filters of the greening subject, serving the list pages and the API."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import SiteObjectFilter, SiteScopedFilterSet, YesNoFilter
from houqin.environment.choices import InstalmentStatus
from houqin.environment.models import (
    AcceptanceCheck,
    GreeningContract,
    GreeningContractor,
    PaymentInstalment,
)
from houqin.environment.queries.greening import awaiting_decision, expiring_q

DATE = forms.DateInput(attrs={"type": "date"})
MONTH_RANGE = filters.widgets.DateRangeWidget(attrs={"type": "date"})


class ContractorFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = GreeningContractor
        fields = ["site", "q", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(contact__icontains=value) | Q(credit_code=value)
        )


class ContractFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    contractor = SiteObjectFilter(label=_("Contractor"), model=GreeningContractor)
    active_on = filters.DateFilter(label=_("In force on"), method="filter_active_on", widget=DATE)
    expiring = YesNoFilter(label=_("Ending soon"), method="filter_expiring")
    voided = YesNoFilter(
        label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = GreeningContract
        fields = ["site", "q", "contractor", "active_on", "expiring", "voided"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(scope__icontains=value)
        )

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value, voided_at__isnull=True)

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(expiring_q()) if value else queryset.exclude(expiring_q())


class CheckFilterSet(SiteScopedFilterSet):
    contract = filters.ChoiceFilter(label=_("Contract"))
    contractor = SiteObjectFilter(
        label=_("Contractor"), model=GreeningContractor, field_name="contract__contractor"
    )
    month = filters.DateFromToRangeFilter(label=_("Month"), widget=MONTH_RANGE)
    voided = YesNoFilter(
        label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = AcceptanceCheck
        fields = ["site", "contract", "contractor", "month", "voided"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_contract_choices(self)


class InstalmentFilterSet(SiteScopedFilterSet):
    contract = filters.ChoiceFilter(label=_("Contract"))
    month = filters.DateFromToRangeFilter(label=_("Month"), widget=MONTH_RANGE)
    status = filters.ChoiceFilter(label=_("Status"), choices=InstalmentStatus.choices)
    due = YesNoFilter(label=_("Due for decision"), method="filter_due")

    class Meta:
        model = PaymentInstalment
        fields = ["site", "contract", "month", "status", "due"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_contract_choices(self)

    def filter_due(self, queryset, name, value):
        """Those the home card counts: checked, and not yet decided."""
        due = awaiting_decision(queryset)
        return due if value else queryset.exclude(pk__in=due.values("pk"))


def set_contract_choices(filterset) -> None:
    """The live contracts of the user's sites as the ``contract`` filter's choices."""
    rows = GreeningContract.objects.filter(
        site__in=filterset.visible_sites(), voided_at__isnull=True
    ).values_list("pk", "number", "title")
    choices = [(pk, f"{number} {title}") for pk, number, title in rows]
    filterset.filters["contract"].extra["choices"] = choices
    filterset.form.fields["contract"].choices = [("", "---------"), *choices]
