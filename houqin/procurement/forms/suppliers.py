"""Forms of the supplier registry: suppliers, qualifications, debarments."""

from __future__ import annotations

from django import forms

from houqin.core.forms import StyledFormMixin
from houqin.procurement.models import Debarment, Qualification, Supplier
from houqin.utils.creditcode import normalise_credit_code


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class SupplierForm(StyledFormMixin, forms.ModelForm):
    """A supplier; the site is chosen on creation and fixed afterwards. The credit code is
    checked by the service (check character included)."""

    class Meta:
        model = Supplier
        fields = [
            "site",
            "name",
            "credit_code",
            "legal_representative",
            "address",
            "contact_name",
            "contact_phone",
            "email",
            "business_scope",
            "is_active",
        ]
        widgets = {"business_scope": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Room for a code typed with spaces; it is normalised to its 18 characters on cleaning.
        self.fields["credit_code"].max_length = 40
        self.fields["credit_code"].widget.attrs["maxlength"] = 40
        self.fields["credit_code"].validators = []

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data["credit_code"])

    def _get_validation_exclusions(self):
        # One supplier per code and site is the service's check, with its own message.
        return {*super()._get_validation_exclusions(), "credit_code"}

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True


class QualificationForm(StyledFormMixin, forms.ModelForm):
    """A qualification of the supplier named in the URL."""

    class Meta:
        model = Qualification
        fields = ["name", "certificate_no", "issued_by", "valid_until"]
        widgets = {"valid_until": DateInput}


class DebarmentForm(StyledFormMixin, forms.ModelForm):
    """A debarment of one of the user's suppliers."""

    class Meta:
        model = Debarment
        fields = ["supplier", "starts_on", "ends_on", "authority", "reason"]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def limit_to_suppliers(self, queryset) -> None:
        self.fields["supplier"].queryset = queryset
