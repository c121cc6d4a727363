"""Forms of cameras, alarms, hazards and incidents. They only shape input; the rules live in
``services.hazards``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Department, Location, Site
from houqin.security.choices import (
    AlarmResult,
    AlarmSource,
    HazardCategory,
    HazardGrade,
    IncidentKind,
)
from houqin.security.models import Camera, Incident

PHOTO_WIDGET = forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"})


def _locations(sites):
    return Location.objects.filter(site__in=sites, is_active=True).order_by("site", "name")


class SiteChoiceMixin:
    """A ``site`` field limited to ``sites``, hidden when there is only one."""

    def limit_site(self, sites) -> None:
        sites = sites if sites is not None else Site.objects.none()
        self.fields["site"].queryset = sites
        ids = list(sites.values_list("pk", flat=True))
        if len(ids) == 1:
            self.fields["site"].initial = ids[0]
            self.fields["site"].widget = forms.HiddenInput()
        self.site_ids = ids

    def check_same_site(self, data: dict, *names: str) -> None:
        site = data.get("site")
        for name in names:
            obj = data.get(name)
            if site and obj is not None and obj.site_id != site.pk:
                self.add_error(name, _("This choice is not at the chosen site."))


class LocatedRecordForm(SiteChoiceMixin, StyledFormMixin, forms.ModelForm):
    """A site record placed at one of the site's locations; its site is fixed once saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["site"].disabled = True

    def limit_to_sites(self, sites) -> None:
        """Called by the generic edit view: locations of the user's sites only."""
        self.fields["location"].queryset = _locations(sites)

    def clean(self):
        data = super().clean()
        self.check_same_site(data, "location")
        return data


class CameraForm(LocatedRecordForm):
    class Meta:
        model = Camera
        fields = ["site", "code", "name", "location", "kind", "recorder", "channel", "status"]


class AlarmRaiseForm(SiteChoiceMixin, StyledFormMixin, forms.Form):
    """Raise an alarm from a phone: what was seen, where, and which camera if any."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    source = forms.ChoiceField(
        label=_("Source"),
        choices=AlarmSource.choices,
        initial=AlarmSource.PERSON,
    )
    camera = forms.ModelChoiceField(
        label=_("Camera"), queryset=Camera.objects.none(), required=False
    )
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("What was seen"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_site(sites)
        self.fields["camera"].queryset = Camera.objects.filter(
            site__in=self.site_ids
        ).select_related("location")
        self.fields["location"].queryset = _locations(self.site_ids)

    def clean(self):
        data = super().clean()
        self.check_same_site(data, "camera", "location")
        return data


class AlarmVerifyForm(StyledFormMixin, forms.Form):
    """What the check on the spot found."""

    result = forms.ChoiceField(label=_("Result"), choices=AlarmResult.choices)
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    hazard_category = forms.ChoiceField(
        label=_("Hazard category"),
        choices=[("", "---------"), *HazardCategory.choices],
        required=False,
    )
    incident_kind = forms.ChoiceField(
        label=_("Incident kind"), choices=[("", "---------"), *IncidentKind.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("result") == AlarmResult.HAZARD and not data.get("hazard_category"):
            self.add_error("hazard_category", _("Choose the category of the hazard."))
        if data.get("result") == AlarmResult.INCIDENT and not data.get("incident_kind"):
            self.add_error("incident_kind", _("Choose the kind of incident."))
        return data


class HazardReportForm(SiteChoiceMixin, StyledFormMixin, forms.Form):
    """Report a hazard on one phone screen, photo taken with the phone's camera."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    description = forms.CharField(
        label=_("What is wrong"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=_("Category"), choices=HazardCategory.choices)
    grade = forms.ChoiceField(
        label=_("Grade"),
        choices=HazardGrade.choices,
        initial=HazardGrade.ORDINARY,
    )
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )
    place = forms.CharField(
        label=_("Or describe the place"),
        max_length=100,
        required=False,
        help_text=_("If the place is not in the list."),
    )
    photo = forms.FileField(label=_("Photo"), required=False, widget=PHOTO_WIDGET)

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_site(sites)
        self.fields["location"].queryset = _locations(self.site_ids)

    def clean(self):
        data = super().clean()
        self.check_same_site(data, "location")
        if not data.get("location") and not (data.get("place") or "").strip():
            self.add_error(
                "location", _("Say where the hazard is: choose a location or describe the place.")
            )
        return data


class HazardAssignForm(StyledFormMixin, forms.Form):
    owner_department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.none()
    )
    deadline = forms.DateField(
        label=_("Rectify by"), widget=forms.DateInput(attrs={"type": "date"})
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=HazardGrade.choices)

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_department"].queryset = Department.objects.filter(
            site=site, is_active=True
        )


class HazardRectifyForm(StyledFormMixin, forms.Form):
    rectification = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(label=_("Photo of the result"), required=False, widget=PHOTO_WIDGET)


class HazardVerifyForm(StyledFormMixin, forms.Form):
    DECISIONS = [("accept", _("Accepted: close the hazard")), ("reject", _("Not accepted"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Required when the rectification is not accepted."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the rectification is not accepted."))
        return data


class IncidentForm(LocatedRecordForm):
    occurred_at = forms.DateTimeField(label=_("Occurred at"), widget=DateTimeInput())

    class Meta:
        model = Incident
        fields = [
            "site",
            "kind",
            "occurred_at",
            "location",
            "place",
            "description",
            "losses",
            "reported_to_police",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class IncidentFollowUpForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Follow-up"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class IncidentCloseForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Closing note"), max_length=2000, required=False)
