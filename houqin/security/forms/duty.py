"""Forms of the 24-hour duty."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Location, Person, Site
from houqin.security.models import Absence, DutyPost, DutyShift, SpecialPeriod
from houqin.security.queries.duty_pages import next_month
from houqin.security.services.duty import LEADER_RANKS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SiteLimitedForm(StyledFormMixin, forms.ModelForm):
    """A master-data form whose related choices come from the sites the user may edit, and
    must be of the record's own site."""

    site_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["site"].disabled = True

    def limit_to_sites(self, sites) -> None:
        """Called by the generic edit view with the sites the user may add records at."""
        model_of = {"person": Person, "qualified": Person, "location": Location}
        for name in self.site_fields:
            qs = model_of[name].objects.filter(site__in=sites, is_active=True)
            self.fields[name].queryset = qs.order_by("site", "name")

    def clean(self):
        data = super().clean()
        site = data.get("site") or getattr(self.instance, "site", None)
        for name in self.site_fields:
            value = data.get(name)
            values = value if hasattr(value, "__iter__") else [value]
            if site and any(v is not None and v.site_id != site.pk for v in values):
                self.add_error(name, _("This choice is not at the chosen site."))
        return data


class DutyPostForm(SiteLimitedForm):
    site_fields = ("location", "qualified")

    class Meta:
        model = DutyPost
        fields = [
            "site",
            "name",
            "kind",
            "staff_per_shift",
            "location",
            "qualified",
            "position",
            "is_active",
        ]
        widgets = {"qualified": forms.SelectMultiple(attrs={"size": 12})}


class DutyShiftForm(SiteLimitedForm):
    class Meta:
        model = DutyShift
        fields = ["site", "name", "start_time", "hours", "is_night", "position", "is_active"]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class AbsenceForm(SiteLimitedForm):
    site_fields = ("person",)

    class Meta:
        model = Absence
        fields = ["site", "person", "start_date", "end_date", "reason", "note"]
        widgets = {"start_date": DATE, "end_date": DATE}


class SpecialPeriodForm(SiteLimitedForm):
    class Meta:
        model = SpecialPeriod
        fields = ["site", "name", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}


class MonthField(forms.DateField):
    """A month picked as ``YYYY-MM``, cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return value
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("Choose a month between 2000 and 2100."))
        return value.replace(day=1)


class RosterGenerateForm(StyledFormMixin, forms.Form):
    """Which site and month to generate."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    month = MonthField(label=_("Month"))

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites if sites is not None else Site.objects.none()
        self.fields["month"].initial = next_month()
        only = list(sites[:2]) if sites is not None else []
        if len(only) == 1:
            self.fields["site"].initial = only[0].pk

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month < timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("A roster cannot be generated for a past month."))
        return month


class PersonChoiceForm(StyledFormMixin, forms.Form):
    """Pick the person for a shift from those who could stand it."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates_for(assignment)


def candidates_for(assignment):
    """People of the site who could stand this shift's post (leaders for the 带班 row)."""
    qs = Person.objects.filter(site_id=assignment.site_id, is_active=True)
    if assignment.post_id:
        qs = qs.filter(duty_posts=assignment.post_id)
    else:
        qs = qs.filter(rank__in=LEADER_RANKS)
    return qs.order_by("name")


class SwapRequestForm(StyledFormMixin, forms.Form):
    """Ask someone qualified to take over a shift."""

    replacement = forms.ModelChoiceField(label=_("Replacement"), queryset=Person.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = candidates_for(assignment).exclude(
            pk=assignment.person_id
        )


class DutyLogOpenForm(StyledFormMixin, forms.Form):
    """The shift whose log to open."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    shift = forms.ModelChoiceField(label=_("Shift"), queryset=DutyShift.objects.none())
    post = forms.ModelChoiceField(label=_("Post"), queryset=DutyPost.objects.none(), required=False)

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = sites if sites is not None else Site.objects.none()
        self.fields["site"].queryset = sites
        self.fields["shift"].queryset = DutyShift.objects.filter(site__in=sites, is_active=True)
        self.fields["post"].queryset = DutyPost.objects.filter(site__in=sites, is_active=True)
        self.fields["date"].initial = timezone.localdate()
        only = list(sites[:2])
        if len(only) == 1:
            self.fields["site"].initial = only[0].pk

    def clean(self):
        data = super().clean()
        site = data.get("site")
        for name in ("shift", "post"):
            if site and data.get(name) is not None and data[name].site_id != site.pk:
                self.add_error(name, _("This choice is not at the chosen site."))
        day = data.get("date")
        if day and abs((day - timezone.localdate()).days) > 1:
            self.add_error("date", _("A duty log is kept on the day of the shift."))
        return data


class DutyLogNoteForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Event"), max_length=500)


class HandOverForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Handover note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
