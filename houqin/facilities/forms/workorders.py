"""Forms of the work-order flow: the staff report on a phone, the public report from a scanned
label, dispatch, completion with its parts, the rating, reopening and label printing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Building, Location, Site
from houqin.facilities.choices import WorkOrderPriority
from houqin.facilities.models import Equipment
from houqin.facilities.services.workorders import PartLine

PHOTO_ATTRS = {"accept": "image/*", "capture": "environment"}


def _photo_field():
    return forms.FileField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs=PHOTO_ATTRS)
    )


def _description_field():
    return forms.CharField(
        label=_("What is wrong"),
        max_length=500,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("e.g. the tap in room 203 leaks")}
        ),
    )


REPORT_KINDS = (Location.Kind.ROOM, Location.Kind.PLANT)  # where faults are reported


def place_label(location: Location) -> str:
    """A place with its code, so two places of the same name (北门) can be told apart."""
    return f"{location.code} {location.name}"


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return place_label(obj)


class PlacesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return place_label(obj)


def report_places(site_ids, keep=None):
    """The rooms a fault is reported at (not gates or patrol checkpoints), plus ``keep``:
    the place of a scanned label, whatever its kind."""
    rooms = Q(kind__in=REPORT_KINDS) | Q(pk=getattr(keep, "pk", None))
    return Location.objects.filter(rooms, site__in=site_ids, is_active=True).order_by("code")


class WorkOrderReportForm(StyledFormMixin, forms.Form):
    """A staff member's fault report: place (building → room), unit, description, photo."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.none(), required=False
    )
    location = PlaceChoiceField(label=_("Location"), queryset=Location.objects.none())
    equipment = forms.ModelChoiceField(
        label=_("Unit (if known)"), queryset=Equipment.objects.none(), required=False
    )
    description = _description_field()
    photo = _photo_field()
    priority = forms.ChoiceField(
        label=_("Priority"), choices=WorkOrderPriority.choices, initial=WorkOrderPriority.NORMAL
    )

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = sites if sites is not None else Site.objects.none()
        ids = list(sites.values_list("pk", flat=True))
        self.fields["site"].queryset = sites
        if len(ids) == 1:
            self.fields["site"].initial = ids[0]
            self.fields["site"].widget = forms.HiddenInput()
        self.fields["building"].queryset = Building.objects.filter(site__in=ids)
        self.fields["location"].queryset = report_places(ids, keep=self.initial.get("location"))
        self.fields["equipment"].queryset = Equipment.objects.filter(site__in=ids).exclude(
            status="retired"
        )
        options = reverse_lazy("facilities:workorder_options")
        # Choosing the building narrows the rooms; choosing the room narrows the units (htmx).
        self.fields["building"].widget.attrs.update(
            {"hx-get": options, "hx-target": "#id_location", "hx-trigger": "change"}
        )
        self.fields["location"].widget.attrs.update(
            {"hx-get": options, "hx-target": "#id_equipment", "hx-trigger": "change"}
        )

    def clean(self):
        data = super().clean()
        site, location, unit = data.get("site"), data.get("location"), data.get("equipment")
        for name, obj in (("location", location), ("equipment", unit)):
            if site is not None and obj is not None and obj.site_id != site.pk:
                self.add_error(name, _("This choice is not at the chosen site."))
        return data


class PublicFaultForm(StyledFormMixin, forms.Form):
    """A report from a scanned label, by someone without an account."""

    description = _description_field()
    photo = _photo_field()
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Your phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class DispatchForm(StyledFormMixin, forms.Form):
    """The dispatcher chooses a technician of the order's site."""

    technician = forms.ModelChoiceField(label=_("Technician"), queryset=None)
    priority = forms.ChoiceField(label=_("Priority"), choices=WorkOrderPriority.choices)

    def __init__(self, *args, technicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians


class CompleteForm(StyledFormMixin, forms.Form):
    resolution = forms.CharField(
        label=_("What was repaired"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    labour_hours = forms.DecimalField(
        label=_("Labour (hours)"), min_value=0, max_value=1000, max_digits=7, decimal_places=2
    )


class PartForm(StyledFormMixin, forms.Form):
    """One line of parts used (left empty when none)."""

    name = forms.CharField(label=_("Part or material"), max_length=100, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=10, required=False)
    unit_price = forms.DecimalField(
        label=_("Unit price (yuan)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("quantity"):
            self.add_error("quantity", _("Enter the quantity used."))
        if not data.get("name") and (data.get("quantity") or data.get("unit_price")):
            self.add_error("name", _("Name the part or material."))
        return data


PartFormSet = forms.formset_factory(PartForm, extra=3, max_num=30, validate_max=True)


def part_lines(formset) -> list[PartLine]:
    """The filled-in lines of a valid parts formset."""
    return [
        PartLine(
            name=form.cleaned_data["name"],
            quantity=form.cleaned_data["quantity"],
            unit=form.cleaned_data.get("unit") or "",
            unit_price=form.cleaned_data.get("unit_price"),
        )
        for form in formset
        if form.cleaned_data.get("name")
    ]


class RateForm(StyledFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the repair?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=pgettext_lazy("rating", "Comment"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it reopened?"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class CameraFaultForm(StyledFormMixin, forms.Form):
    description = forms.CharField(label=_("What is wrong with the camera"), max_length=500)


class LocationLabelsForm(StyledFormMixin, forms.Form):
    """The locations to print "scan to report a fault" labels for."""

    locations = PlacesChoiceField(
        label=_("Locations"), queryset=Location.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = Location.objects.filter(
            site__in=sites, is_active=True
        ).order_by("site", "code")

    def clean_locations(self):
        chosen = self.cleaned_data["locations"]
        if len(chosen) > 200:
            raise ValidationError(_("Print at most 200 labels at a time."))
        return chosen
