"""Forms of the regulations library: a new regulation with its first version, its title and
scope, a revision, a repeal, and the two versions to compare."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Department, Person
from houqin.core.validators import validate_date_in_range
from houqin.team.models import Regulation, RegulationVersion


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def date_field(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, validators=[validate_date_in_range])


class PersonChoiceField(forms.ModelChoiceField):
    """A person shown with their department, the choices sorted by department then name."""

    def label_from_instance(self, obj):
        return f"{obj.department.name} · {obj.name}" if obj.department else obj.name


def set_people(field: forms.ModelChoiceField, site_ids, user=None) -> None:
    """The active people of ``site_ids`` by department then name; the user's own person chosen
    to start with (the clerk usually records their own revision)."""
    field.queryset = (
        Person.objects.filter(site_id__in=site_ids, is_active=True)
        .select_related("department")
        .order_by("department__name", "name", "pk")
    )
    if user is not None and user.is_authenticated:
        own = field.queryset.filter(user=user).values_list("pk", flat=True).first()
        field.initial = own if own is not None else field.initial


class RegulationForm(StyledFormMixin, forms.ModelForm):
    """Title, scope and responsible department (the site is fixed once created)."""

    class Meta:
        model = Regulation
        fields = ["site", "title", "scope", "owner"]

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
        site_ids = [self.instance.site_id] if self.instance.pk else [s.pk for s in sites]
        self.fields["owner"].queryset = Department.objects.filter(
            site_id__in=site_ids, is_active=True
        )

    def clean(self):
        data = super().clean()
        owner, site = data.get("owner"), data.get("site") or self.instance.site
        if owner is not None and site is not None and owner.site_id != site.pk:
            self.add_error("owner", _("This choice is not at the chosen site."))
        return data


class VersionFields(StyledFormMixin, forms.Form):
    """The fields of a version: its text, document number, dates and who revised it."""

    document_number = forms.CharField(label=_("Document number"), max_length=50, required=False)
    adopted_on = date_field(_("Adopted on"))
    effective_from = date_field(_("In force from"))
    revised_by = PersonChoiceField(
        label=_("Revised by"), queryset=Person.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Full text"), max_length=200_000, widget=forms.Textarea(attrs={"rows": 16})
    )

    def limit_people(self, site_ids, user=None) -> None:
        set_people(self.fields["revised_by"], site_ids, user)


class RegulationCreateForm(RegulationForm):
    """A new regulation: its title and scope, and the text of version 1."""

    document_number = VersionFields.base_fields["document_number"]
    adopted_on = VersionFields.base_fields["adopted_on"]
    effective_from = VersionFields.base_fields["effective_from"]
    revised_by = VersionFields.base_fields["revised_by"]
    text = VersionFields.base_fields["text"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["revised_by"].label = _("Drafted by")

    def limit_to_sites(self, sites):
        super().limit_to_sites(sites)
        set_people(self.fields["revised_by"], [s.pk for s in sites], self.user)


class VersionForm(VersionFields):
    """A revision: the new text and what changed."""

    changes = forms.CharField(
        label=_("What changed"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["document_number", "adopted_on", "effective_from", "revised_by", "changes"]

    def __init__(self, *args, regulation: Regulation, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_people([regulation.site_id], user)
        last = regulation.versions.order_by("-version").first()
        if last is not None and not self.is_bound:
            self.initial.setdefault("text", last.text)


class RepealForm(StyledFormMixin, forms.Form):
    on = date_field(_("Repealed on"))
    note = forms.CharField(
        label=_("Why repealed"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class CompareForm(forms.Form):
    """The two versions of one regulation to compare (``a`` older, ``b`` newer)."""

    a = forms.ModelChoiceField(queryset=RegulationVersion.objects.none())
    b = forms.ModelChoiceField(queryset=RegulationVersion.objects.none())

    def __init__(self, *args, regulation: Regulation, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = regulation.versions.all()
