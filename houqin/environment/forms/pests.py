"""Forms of vector control: a density survey (only the chosen pest's counts; rooms by count or
by area), a standard's edition, a threshold's limits, and a control action."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Location, Site
from houqin.environment import levels
from houqin.environment.choices import ControlMethod, Pest
from houqin.environment.models import PestStandard, PestSurvey, PestThreshold

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_ROOMS = 500
# Counts entered as room areas: the area field and the count it fills.
AREA_FIELDS = {"room_areas": "rooms_inspected", "positive_areas": "rooms_positive"}
COUNT_FIELDS = [name for pest in Pest.values for name in levels.count_fields(pest)]
COUNT_FIELDS = list(dict.fromkeys(COUNT_FIELDS))
# A count shared by several pests is explained in each pest's own words.
PEST_HELP = {
    ("rodent", "rooms_positive"): _(
        "Rooms with rodent signs: droppings, gnawing, runs or rodents."
    ),
    ("fly", "rooms_positive"): _("Rooms where adult flies were seen."),
    ("cockroach", "rooms_positive"): _("Rooms with adult or nymph cockroaches."),
    ("rodent", "path_positive"): _("Places along the path with rodent signs."),
    ("mosquito", "path_positive"): _("Small water bodies along the path with larvae or pupae."),
}


def parse_areas(text: str) -> list[Decimal]:
    """Room areas (m²) typed with spaces, commas or 、 between them."""
    parts = [p for p in re.split(r"[\s,，、;；]+", text or "") if p]
    if len(parts) > MAX_ROOMS:
        raise forms.ValidationError(_("Enter at most %(count)d rooms.") % {"count": MAX_ROOMS})
    try:
        areas = [Decimal(part) for part in parts]
    except InvalidOperation as exc:
        raise forms.ValidationError(_("Enter each room's area as a number of m².")) from exc
    if any(not area.is_finite() or area <= 0 or area > 100_000 for area in areas):
        raise forms.ValidationError(_("Each area is a positive number of m²."))
    return areas


def _count_field(name: str) -> forms.IntegerField:
    model_field = PestSurvey._meta.get_field(name)
    return forms.IntegerField(
        label=model_field.verbose_name,
        help_text=model_field.help_text,
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class SurveyForm(StyledFormMixin, forms.Form):
    """A density survey: where, when, which pest, and the counts of that pest's method."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    pest = forms.ChoiceField(label=_("Pest"), choices=Pest.choices)
    surveyed_on = forms.DateField(label=_("Surveyed on"), widget=DATE)
    is_recheck = forms.BooleanField(label=_("Re-inspection (复查)"), required=False)
    scope = forms.CharField(label=_("Places surveyed"), max_length=200, required=False)
    room_areas = forms.CharField(
        label=_("Areas of the rooms inspected (m²)"),
        required=False,
        help_text=_("Instead of the count: each room's area; 15 m² is one standard room."),
    )
    positive_areas = forms.CharField(label=_("Areas of the positive rooms (m²)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        for name in COUNT_FIELDS:
            self.fields[name] = _count_field(name)
        self.fields["site"].queryset = sites
        for name in COUNT_FIELDS:  # added after the mixin styled the declared fields
            self.fields[name].widget.attrs["class"] = "form-control"

    def pest_fields(self, pest: str) -> list:
        """The bound fields shown for ``pest``: its counts, and room areas where it counts
        rooms."""
        area_of = {count: area for area, count in AREA_FIELDS.items()}
        shown = []
        for name in levels.count_fields(pest):
            if (pest, name) in PEST_HELP:
                self.fields[name].help_text = PEST_HELP[(pest, name)]
            shown.append(self[name])
            if name in area_of:
                shown.append(self[area_of[name]])
        return shown

    def clean(self):
        data = super().clean()
        for area, count in AREA_FIELDS.items():
            self._rooms_from_areas(data, area, count)
        return data

    def _rooms_from_areas(self, data, area: str, count: str) -> None:
        try:
            areas = parse_areas(data.get(area, ""))
        except forms.ValidationError as exc:
            self.add_error(area, exc)
            return
        if not areas:
            return
        if data.get(count) is not None:
            self.add_error(area, _("Give the rooms by count or by area, not both."))
            return
        data[count] = sum(levels.standard_rooms(a) for a in areas)

    def counts(self) -> dict:
        """The counts of the chosen pest's method (the others are not sent)."""
        data = self.cleaned_data
        return {name: data.get(name) for name in levels.count_fields(data["pest"])}


class StandardForm(StyledFormMixin, forms.ModelForm):
    """A new edition of a density-control standard (its thresholds are copied from the edition
    before it)."""

    class Meta:
        model = PestStandard
        fields = [
            "code",
            "edition",
            "pest",
            "title",
            "in_force_from",
            "superseded_on",
            "source",
            "note",
        ]
        widgets = {"in_force_from": DATE, "superseded_on": DATE}


class ThresholdForm(StyledFormMixin, forms.ModelForm):
    """An indicator's limits for levels A, B and C in one edition."""

    class Meta:
        model = PestThreshold
        fields = ["limit_a", "limit_b", "limit_c", "strict", "clause", "confidence", "evidence"]


class ControlActionForm(StyledFormMixin, forms.Form):
    """A control action (消杀)."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    pest = forms.ChoiceField(label=_("Pest"), choices=Pest.choices)
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    method = forms.ChoiceField(label=_("Method"), choices=ControlMethod.choices)
    agent = forms.CharField(label=_("Agent or product"), max_length=100, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    unit = forms.CharField(label=_("Unit"), max_length=10, required=False)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )
    area = forms.CharField(label=_("Places treated"), max_length=200, required=False)
    done_by = forms.CharField(label=_("Done by"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["location"].queryset = Location.objects.filter(
            site__in=sites, is_active=True
        ).select_related("site")

    def clean(self):
        data = super().clean()
        site, location = data.get("site"), data.get("location")
        if site is not None and location is not None and location.site_id != site.pk:
            self.add_error("location", _("This location is not at the chosen site."))
        return data
