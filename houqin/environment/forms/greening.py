"""Forms of the greening subject: contractors, contracts with their terms, the phone acceptance
check, and the payment decisions."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.validators import validate_date_in_range
from houqin.environment.models import GreeningContract, GreeningContractor


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class MonthInput(forms.DateInput):
    """A native month picker (YYYY-MM)."""

    input_type = "month"

    def format_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


class MonthField(forms.DateField):
    """A month, read as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_validators = [validate_date_in_range]

    def clean(self, value):
        value = super().clean(value)
        return value.replace(day=1) if value else value


class SiteFixedMixin:
    """The site is chosen on creation and fixed afterwards; choices follow the site."""

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
        self.limit_choices([self.instance.site_id] if self.instance.pk else list(sites))

    def limit_choices(self, sites) -> None:
        """Narrow the choice fields to records of ``sites``."""


class ContractorForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = GreeningContractor
        fields = ["site", "name", "credit_code", "contact", "phone", "is_active"]


class ContractForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = GreeningContract
        fields = [
            "site",
            "contractor",
            "title",
            "scope",
            "area_m2",
            "amount_yuan",
            "starts_on",
            "ends_on",
            "pass_score",
            "signed_on",
            "note",
        ]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "signed_on": DateInput,
            "scope": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def limit_choices(self, sites):
        self.fields["contractor"].queryset = GreeningContractor.objects.filter(
            site__in=sites, is_active=True
        )

    def clean(self):
        data = super().clean()
        contractor, site = data.get("contractor"), data.get("site") or self.instance.site_id
        if contractor is not None and contractor.site_id != getattr(site, "pk", site):
            self.add_error("contractor", _("This choice is not at the chosen site."))
        return data


class TermForm(StyledFormMixin, forms.Form):
    """A term checked each month; empty deductions read as 0 (an empty row stays unchanged)."""

    text = forms.CharField(label=_("Inspection item"), max_length=200)
    deduct_points = forms.DecimalField(
        label=_("Points deducted"), min_value=0, max_value=100, decimal_places=1, required=False
    )
    deduct_yuan = forms.DecimalField(
        label=_("Yuan deducted"), min_value=0, max_digits=10, decimal_places=2, required=False
    )


TermFormSet = forms.formset_factory(TermForm, extra=3, max_num=60, validate_max=True)


def term_lines(formset) -> list[tuple]:
    """``(text, points, yuan)`` of the filled rows of a valid terms formset."""
    return [
        (
            f.cleaned_data["text"],
            f.cleaned_data.get("deduct_points") or 0,
            f.cleaned_data.get("deduct_yuan") or 0,
        )
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("text")
    ]


def terms_initial(contract) -> list[dict]:
    if contract.pk is None:
        return []
    return [
        {"text": t.text, "deduct_points": t.deduct_points, "deduct_yuan": t.deduct_yuan}
        for t in contract.terms.all()
    ]


class ContractChoiceField(forms.ModelChoiceField):
    """A contract shown with its term, so an expired one is told from the current one."""

    def label_from_instance(self, obj):
        return f"{obj} ({obj.starts_on:%Y-%m} – {obj.ends_on:%Y-%m})"


class CheckStartForm(StyledFormMixin, forms.Form):
    """Step one on the phone: the contract and the month."""

    contract = ContractChoiceField(label=_("Contract"), queryset=GreeningContract.objects.none())
    month = MonthField(label=_("Month"))

    def __init__(self, *args, contracts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contracts is not None:
            self.fields["contract"].queryset = contracts


class CheckForm(StyledFormMixin, forms.Form):
    """Step two: pass or fail for every term, with a note, and a photo for each failure."""

    checked_on = forms.DateField(
        label=_("Checked on"), widget=DateInput, validators=[validate_date_in_range]
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = terms
        self.fields["checked_on"].initial = timezone.localdate()
        for term in terms:
            # Nothing pre-selected: every term is looked at and answered.
            self.fields[f"passed_{term.pk}"] = forms.TypedChoiceField(
                label=term.text,
                choices=[("yes", _("passed")), ("no", _("failed"))],
                coerce=lambda value: value == "yes",
                error_messages={"required": _("Mark this term passed or failed.")},
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{term.pk}"] = forms.CharField(
                label=_("Note"), max_length=200, required=False
            )
            self.fields[f"photo_{term.pk}"] = forms.ImageField(label=_("Photo"), required=False)

    def term_rows(self):
        """(term, result field, note field, photo field) for the template."""
        return [
            (t, self[f"passed_{t.pk}"], self[f"note_{t.pk}"], self[f"photo_{t.pk}"])
            for t in self.terms
        ]

    def results(self) -> dict:
        data = self.cleaned_data
        return {
            t.pk: (data[f"passed_{t.pk}"], data.get(f"note_{t.pk}", ""), data.get(f"photo_{t.pk}"))
            for t in self.terms
        }


class WithholdForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )


class PayForm(StyledFormMixin, forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"), widget=DateInput, validators=[validate_date_in_range]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()
