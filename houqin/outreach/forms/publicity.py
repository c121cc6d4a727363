"""Forms of publicity and the volunteer team."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Location, Person
from houqin.outreach.forms.health import SiteFixedMixin
from houqin.outreach.models import (
    BoardIssue,
    Distribution,
    Investment,
    Material,
    PublicityBoard,
    Volunteer,
    VolunteerActivity,
)


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class PublicityBoardForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PublicityBoard
        fields = ["site", "name", "location", "is_active"]

    def limit_choices(self, sites) -> None:
        self.fields["location"].queryset = Location.objects.filter(site__in=sites, is_active=True)


class BoardIssueForm(StyledFormMixin, forms.ModelForm):
    """An issue: its board, number (the next one when left empty), title, topics and dates."""

    class Meta:
        model = BoardIssue
        fields = ["board", "issue_no", "title", "topics", "posted_on", "removed_on", "editor"]
        widgets = {
            "posted_on": DateInput(),
            "removed_on": DateInput(),
            "topics": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue_no"].required = bool(self.instance.pk)
        self.fields["issue_no"].help_text = _("Leave empty for the board's next issue this year.")
        if self.instance.pk:
            self.fields["board"].disabled = True
        else:
            del self.fields["removed_on"]

    def limit_to_sites(self, sites) -> None:
        site_ids = [self.instance.site_id] if self.instance.pk else sites
        self.fields["board"].queryset = PublicityBoard.objects.filter(
            site__in=site_ids, is_active=True
        )
        self.fields["editor"].queryset = Person.objects.filter(site__in=site_ids, is_active=True)


class MaterialForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Material
        fields = ["site", "title", "kind", "printed", "printed_on", "cost_yuan"]
        widgets = {"printed_on": DateInput()}


class DistributionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Distribution
        fields = ["material", "quantity", "distributed_on", "occasion"]
        widgets = {"distributed_on": DateInput()}

    def limit_to_sites(self, sites) -> None:
        self.fields["material"].queryset = Material.objects.filter(site__in=sites)


class VolunteerForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Volunteer
        fields = ["site", "person", "joined_on", "skills"]
        widgets = {"joined_on": DateInput()}

    def limit_choices(self, sites) -> None:
        self.fields["person"].queryset = Person.objects.filter(site__in=sites, is_active=True)


class VolunteerEditForm(StyledFormMixin, forms.ModelForm):
    """What changes about a volunteer after enrolment: their skills, and whether still active."""

    class Meta:
        model = Volunteer
        fields = ["skills", "is_active"]


class VolunteerActivityForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    """An activity and, per volunteer, the hours given (empty: did not take part)."""

    class Meta:
        model = VolunteerActivity
        fields = ["site", "title", "held_on", "place", "description"]
        widgets = {"held_on": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}

    def limit_choices(self, sites) -> None:
        given = {}
        if self.instance.pk:
            given = dict(self.instance.hours.values_list("volunteer_id", "hours"))
        volunteers = Volunteer.objects.filter(site__in=sites).select_related("person")
        for volunteer in volunteers.filter(is_active=True) | volunteers.filter(pk__in=given):
            self.fields[f"hours_{volunteer.pk}"] = forms.DecimalField(
                label=_("{name}: hours").format(name=volunteer.person.name),
                required=False,
                max_digits=4,
                decimal_places=1,
                initial=given.get(volunteer.pk),
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
            )

    def hours(self) -> dict[int, object]:
        return {
            int(name.removeprefix("hours_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("hours_") and value not in (None, "")
        }


class InvestmentForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Investment
        fields = ["site", "invested_on", "item", "category", "amount_yuan", "approved_by", "note"]
        widgets = {"invested_on": DateInput()}
