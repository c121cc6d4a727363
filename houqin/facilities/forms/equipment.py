"""Forms of the equipment registry: categories with their reading fields, contractors, units
and certificates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Location
from houqin.facilities.choices import CertificateKind
from houqin.facilities.models import Contractor, Equipment, EquipmentCategory
from houqin.facilities.services.equipment import ReadingFieldData


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class SiteFixedMixin:
    """A record's site is chosen on creation and fixed afterwards (its children follow it)."""

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
        site_ids = [self.instance.site_id] if self.instance.pk else list(sites)
        self.limit_choices(site_ids)

    def limit_choices(self, sites) -> None:
        """Narrow the choice fields to records of ``sites``."""


class EquipmentCategoryForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EquipmentCategory
        fields = [
            "site",
            "code",
            "name",
            "parent",
            "system",
            "special_kind",
            "position",
            "is_active",
        ]

    def limit_choices(self, sites):
        qs = EquipmentCategory.objects.filter(site__in=sites)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = qs


class ReadingFieldForm(StyledFormMixin, forms.Form):
    """One reading taken on every run log of the category."""

    code = forms.SlugField(label=_("code"), max_length=30)
    label = forms.CharField(label=_("label"), max_length=50)
    unit = forms.CharField(label=_("unit"), max_length=12, required=False)
    minimum = forms.DecimalField(
        label=_("lowest normal value"), max_digits=12, decimal_places=3, required=False
    )
    maximum = forms.DecimalField(
        label=_("highest normal value"), max_digits=12, decimal_places=3, required=False
    )
    is_required = forms.BooleanField(label=_("required"), required=False, initial=True)
    is_meter = forms.BooleanField(label=_("running meter"), required=False)
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=999, initial=0)


ReadingFieldFormSet = forms.formset_factory(
    ReadingFieldForm, extra=3, can_delete=True, max_num=50, validate_max=True
)


def reading_fields_initial(category: EquipmentCategory | None) -> list[dict]:
    if category is None or category.pk is None:
        return []
    names = ("code", "label", "unit", "minimum", "maximum", "is_required", "is_meter", "position")
    return [{n: getattr(f, n) for n in names} for f in category.reading_fields.all()]


def reading_field_data(formset) -> list[ReadingFieldData]:
    """The rows kept (filled and not deleted) of a valid reading-fields formset."""
    return [
        ReadingFieldData(**{k: v for k, v in f.cleaned_data.items() if k != "DELETE"})
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class ContractorForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Contractor
        fields = ["site", "name", "licence_no", "contact", "phone", "emergency_phone", "is_active"]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "emergency_phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }


class EquipmentForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Equipment
        fields = [
            "site",
            "code",
            "name",
            "category",
            "location",
            "maker",
            "model_no",
            "serial_no",
            "installed_on",
            "first_used_on",
            "registration_no",
            "contractor",
            "status",
            "note",
        ]
        widgets = {
            "installed_on": DateInput(),
            "first_used_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def limit_choices(self, sites):
        self.fields["category"].queryset = EquipmentCategory.objects.filter(
            site__in=sites, is_active=True
        )
        self.fields["location"].queryset = Location.objects.filter(
            site__in=sites, is_active=True
        ).select_related("building")
        self.fields["contractor"].queryset = Contractor.objects.filter(
            site__in=sites, is_active=True
        )


class CertificateForm(StyledFormMixin, forms.Form):
    """A certificate or inspection report of one unit, with its scanned copy."""

    equipment = forms.ModelChoiceField(label=_("equipment"), queryset=Equipment.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=CertificateKind.choices)
    number = forms.CharField(label=_("certificate number"), max_length=50, required=False)
    issuer = forms.CharField(label=_("issued by"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("date of inspection or issue"), widget=DateInput())
    expires_on = forms.DateField(label=_("valid until"), required=False, widget=DateInput())
    is_major_repair = forms.BooleanField(
        label=_("after a major repair"),
        required=False,
        help_text=_(
            "A supervisory inspection after a major repair replaces that year's periodic one."
        ),
    )
    scan = forms.FileField(label=_("scanned copy"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["equipment"].queryset = units
