"""Forms of the security module. The visitor fields are declared once and shared by the gate's
check-in form and the host's invitation form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Department, Location, Person, Site
from houqin.security.choices import IdTypeChoices, VisitPurpose
from houqin.security.models import BlacklistEntry
from houqin.security.services import clean_id_number, clean_phone
from houqin.security.services.visitors import VisitorData, clean_name, clean_plate


def clean_id_fields(form, data: dict) -> None:
    """Validate and normalise ``id_number`` against ``id_type``, as a field error."""
    if data.get("id_type") and data.get("id_number"):
        try:
            data["id_number"] = clean_id_number(data["id_type"], data["id_number"])
        except ValidationError as exc:
            form.add_error("id_number", exc)


class VisitorForm(StyledFormMixin, forms.Form):
    """Who the visitor is and whom they visit."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    visitor_name = forms.CharField(label=_("Visitor name"), max_length=50)
    id_type = forms.ChoiceField(
        label=_("ID type"), choices=IdTypeChoices.choices, initial=IdTypeChoices.RESIDENT_ID
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=100, required=False)
    host_department = forms.ModelChoiceField(
        label=_("Host department"), queryset=Department.objects.none()
    )
    host_person = forms.ModelChoiceField(
        label=_("Host"), queryset=Person.objects.none(), required=False
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=VisitPurpose.choices)
    companions = forms.IntegerField(label=_("Companions"), min_value=0, max_value=200, initial=0)
    vehicle_plate = forms.CharField(label=_("Vehicle plate"), max_length=20, required=False)

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = sites if sites is not None else Site.objects.none()
        self.fields["site"].queryset = sites
        ids = list(sites.values_list("pk", flat=True))
        if len(ids) == 1:
            self.fields["site"].initial = ids[0]
            self.fields["site"].widget = forms.HiddenInput()
        self.fields["host_department"].queryset = Department.objects.filter(
            site__in=ids, is_active=True
        )
        self.fields["host_person"].queryset = Person.objects.filter(
            site__in=ids, is_active=True
        ).select_related("department")
        # Choosing the department narrows the host list to its people (htmx).
        self.fields["host_department"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("security:host_options"),
                "hx-target": "#" + (self.auto_id or "id_%s") % "host_person",
                "hx-include": "#" + (self.auto_id or "id_%s") % "host_person",
                "hx-trigger": "change",
            }
        )

    def clean_visitor_name(self):
        return clean_name(self.cleaned_data["visitor_name"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_vehicle_plate(self):
        return clean_plate(self.cleaned_data["vehicle_plate"])

    def clean(self):
        data = super().clean()
        clean_id_fields(self, data)
        site = data.get("site")
        for name in ("host_department", "host_person"):
            obj = data.get(name)
            if site and obj and obj.site_id != site.pk:
                self.add_error(name, _("This choice is not at the chosen site."))
        person, dept = data.get("host_person"), data.get("host_department")
        if person and dept and person.department_id and person.department_id != dept.pk:
            self.add_error("host_person", _("This person is not in the chosen department."))
        return data

    def visitor_data(self, **extra) -> VisitorData:
        """The validated visitor, for the service."""
        return VisitorData.from_cleaned(self.cleaned_data, **extra)


class CheckInForm(VisitorForm):
    """The gate's check-in form."""

    purpose_detail = forms.CharField(label=_("Purpose details"), max_length=200, required=False)
    items_carried = forms.CharField(label=_("Items carried"), max_length=200, required=False)
    gate = forms.ModelChoiceField(label=_("Gate"), queryset=Location.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gate"].queryset = Location.objects.filter(
            site__in=self.fields["site"].queryset, kind=Location.Kind.GATE, is_active=True
        )

    def visitor_data(self, **extra) -> VisitorData:
        d = self.cleaned_data
        return super().visitor_data(
            purpose_detail=d.get("purpose_detail", ""),
            items_carried=d.get("items_carried", ""),
            **extra,
        )


class InvitationForm(VisitorForm):
    """A host pre-registers a visitor."""

    expected_at = forms.DateTimeField(label=_("Expected arrival"), widget=DateTimeInput())
    valid_until = forms.DateTimeField(
        label=_("Valid until"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Empty: one day after the expected arrival."),
    )
    field_order = [
        "site",
        "visitor_name",
        "id_type",
        "id_number",
        "phone",
        "organisation",
        "expected_at",
        "valid_until",
    ]

    def __init__(self, *args, host=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_person"].required = True
        if host is not None:
            self.fields["host_person"].initial = host.pk
            self.fields["host_department"].initial = host.department_id


class CheckOutForm(StyledFormMixin, forms.Form):
    """Check-out time (empty: now)."""

    checked_out_at = forms.DateTimeField(
        label=_("Checked out at"), required=False, widget=DateTimeInput()
    )


class BlacklistEntryForm(StyledFormMixin, forms.ModelForm):
    """A blacklist entry; the ID number is taken here and stored only as hash and mask."""

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to keep the number already recorded."),
    )

    class Meta:
        model = BlacklistEntry
        fields = ["site", "name", "id_type", "id_number", "reason", "valid_until", "is_active"]
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["site"].disabled = True
        else:
            self.fields["id_number"].required = True

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])

    def clean(self):
        data = super().clean()
        clean_id_fields(self, data)
        return data
