"""Filters of the procurement rules. Jurisdictions, thresholds and time limits belong to no
site, so these lists have no site filter."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import make_fast
from houqin.procurement.choices import Confidence, ObjectType, ThresholdKind
from houqin.procurement.models import Jurisdiction, Threshold, TimeLimit

DATE = forms.DateInput(attrs={"type": "date"})


class RuleFilterSet(filters.FilterSet):
    """Bootstrap widgets, as on every list."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for field in self.form.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )
            make_fast(field.widget)


def in_force_on(queryset, name, value):
    """Rules in force on the day ``value``."""
    if value is None:
        return queryset
    return queryset.filter(valid_from__lte=value).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=value)
    )


class JurisdictionFilterSet(RuleFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Jurisdiction
        fields = ["q"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class ThresholdFilterSet(RuleFilterSet):
    jurisdiction = filters.ModelChoiceFilter(
        label=_("Jurisdiction"), queryset=Jurisdiction.objects.all()
    )
    kind = filters.ChoiceFilter(label=_("Kind"), choices=ThresholdKind.choices)
    object_type = filters.ChoiceFilter(label=_("Object"), choices=ObjectType.choices)
    on = filters.DateFilter(label=_("In force on"), method=in_force_on, widget=DATE)
    confidence = filters.ChoiceFilter(label=_("Confidence"), choices=Confidence.choices)

    class Meta:
        model = Threshold
        fields = ["jurisdiction", "kind", "object_type", "on", "confidence"]


class TimeLimitFilterSet(RuleFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    on = filters.DateFilter(label=_("In force on"), method=in_force_on, widget=DATE)
    confidence = filters.ChoiceFilter(label=_("Confidence"), choices=Confidence.choices)

    class Meta:
        model = TimeLimit
        fields = ["q", "on", "confidence"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(basis__icontains=value) | Q(code__icontains=value)
        )
