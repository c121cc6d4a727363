"""Forms of the procurement settings: the centre, thresholds, time limits, department budgets."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Department
from houqin.procurement.choices import Method
from houqin.procurement.forms.suppliers import DateInput
from houqin.procurement.models import DepartmentBudget, ProcurementOffice, Threshold, TimeLimit


class OfficeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProcurementOffice
        fields = ["name", "jurisdiction", "portal_intro", "portal_enabled"]
        widgets = {"portal_intro": forms.Textarea(attrs={"rows": 4})}


class ThresholdForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Threshold
        fields = [
            "jurisdiction",
            "kind",
            "object_type",
            "amount_yuan",
            "valid_from",
            "valid_to",
            "basis",
            "confidence",
            "note",
        ]
        widgets = {
            "valid_from": DateInput,
            "valid_to": DateInput,
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class TimeLimitForm(StyledFormMixin, forms.ModelForm):
    """A time limit; ``methods`` ticked from the list (none ticked: every method)."""

    methods = forms.MultipleChoiceField(
        label=_("methods"),
        choices=Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every method."),
    )

    class Meta:
        model = TimeLimit
        fields = [
            "name",
            "methods",
            "from_stage",
            "to_stage",
            "bound",
            "days",
            "day_kind",
            "basis",
            "confidence",
            "valid_from",
            "valid_to",
        ]
        widgets = {"valid_from": DateInput, "valid_to": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["methods"].widget.attrs["class"] = "form-check-input"


class DepartmentBudgetForm(StyledFormMixin, forms.ModelForm):
    """A department's budget for a year; site and department are fixed once saved."""

    class Meta:
        model = DepartmentBudget
        fields = ["site", "department", "year", "amount_yuan", "note"]

    def limit_to_sites(self, sites):
        if self.instance.pk:
            for name in ("site", "department", "year"):
                self.fields[name].disabled = True
        site_ids = [self.instance.site_id] if self.instance.pk else list(sites)
        self.fields["department"].queryset = Department.objects.filter(
            site__in=site_ids, is_active=True
        ).order_by("site", "name")

    def clean(self):
        data = super().clean()
        site, department = data.get("site"), data.get("department")
        if site is not None and department is not None and department.site_id != site.pk:
            self.add_error("department", _("This choice is not at the chosen site."))
        return data
