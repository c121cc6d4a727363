"""Forms of the cleaning subject: zones with their items, the phone inspection form, and the
rectification steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Location, Person
from houqin.environment.models import CleaningZone


class ZoneForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CleaningZone
        fields = ["site", "code", "name", "location", "responsible", "standard", "area_m2"]
        widgets = {"standard": forms.Textarea(attrs={"rows": 3})}

    def limit_to_sites(self, sites):
        """The site is fixed once saved; locations and people follow the site."""
        if self.instance.pk:
            self.fields["site"].disabled = True
            sites = [self.instance.site_id]
        self.fields["location"].queryset = Location.objects.filter(site__in=sites, is_active=True)
        self.fields["responsible"].queryset = Person.objects.filter(site__in=sites)


class ZoneEditForm(ZoneForm):
    class Meta(ZoneForm.Meta):
        fields = [*ZoneForm.Meta.fields, "is_active"]


class ZoneItemForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Check item"), max_length=200)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)


ZoneItemFormSet = forms.formset_factory(ZoneItemForm, extra=3, max_num=50, validate_max=True)


def item_pairs(formset) -> list[tuple[str, int]]:
    """(text, weight) of the filled rows of a valid items formset, in order."""
    return [
        (form.cleaned_data["text"], form.cleaned_data["weight"])
        for form in formset.forms
        if form.cleaned_data
    ]


PASS_FAIL = [("pass", _("Pass")), ("fail", _("Fail"))]


class ZoneInspectForm(forms.Form):
    """Pass or fail, a note and a photo for every check item of the zone."""

    spot = forms.BooleanField(label=_("Unannounced spot check"), required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=PASS_FAIL,
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether this item passed or failed.")},
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"), max_length=200, required=False
            )
            self.fields[f"photo_{item.pk}"] = forms.ImageField(label=_("Photo"), required=False)

    def clean(self):
        data = super().clean()
        for item in self.items:
            if data.get(f"item_{item.pk}") == "fail" and not data.get(f"photo_{item.pk}"):
                self.add_error(f"photo_{item.pk}", _("Take a photo of the failed item."))
        return data

    def rows(self):
        """(item, choice field, note field, photo field) for the template."""
        return [
            (item, self[f"item_{item.pk}"], self[f"note_{item.pk}"], self[f"photo_{item.pk}"])
            for item in self.items
        ]

    def results(self) -> dict:
        data = self.cleaned_data
        return {
            item.pk: (data[f"item_{item.pk}"] == "pass", data.get(f"note_{item.pk}", ""))
            for item in self.items
        }

    def photos(self) -> dict:
        data = self.cleaned_data
        return {item.pk: data.get(f"photo_{item.pk}") for item in self.items}


class RectificationReportForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What was done"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.ImageField(label=_("Photo"), required=False)


class RectificationRecheckForm(StyledFormMixin, forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("yes", _("passed: close it")), ("no", _("not yet right: send back"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )
