"""Forms of the health-consultation room: experts, sessions, one consultation and the bulk
count after a busy session."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Person, Site
from houqin.outreach.choices import ConsultationKind
from houqin.outreach.models import Expert, HealthSession
from houqin.outreach.services.health import BULK_MAX, NOTE_MAX
from houqin.utils.text import parse_id

RECENT_SESSION_DAYS = 30


class SessionChoiceIterator(ModelChoiceIterator):
    """Lists the field's ``shown`` sessions; any session of ``queryset`` is still accepted."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.shown


class SessionChoiceField(forms.ModelChoiceField):
    """A session named by its local start, topic and expert, so the right one can be picked.
    The drop-down offers the recent sessions (``shown``); an older one given by its id (a link
    from the session's page) is still accepted."""

    iterator = SessionChoiceIterator
    shown = HealthSession.objects.none()

    def label_from_instance(self, obj) -> str:
        start = timezone.localtime(obj.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{start} {obj.topic} ({obj.expert.name})"

    def limit(self, sites, chosen=None) -> None:
        """Accept the held sessions of ``sites``; offer the recent ones and ``chosen``."""
        held = HealthSession.objects.filter(
            site__in=sites, cancelled_at__isnull=True, starts_at__lte=timezone.now()
        ).select_related("expert")
        recent = held.filter(starts_at__gte=timezone.now() - timedelta(days=RECENT_SESSION_DAYS))
        pk = parse_id(chosen)
        self.shown = (recent | held.filter(pk=pk) if pk else recent).order_by("-starts_at", "pk")
        self.queryset = held  # after ``shown``: setting it builds the widget's choices


class SiteFixedMixin:
    """The site is chosen on creation and fixed afterwards (the children follow it)."""

    def limit_to_sites(self, sites) -> None:
        if self.instance.pk:
            self.fields["site"].disabled = True
            sites = Site.objects.filter(pk=self.instance.site_id)
        self.limit_choices(sites)

    def limit_choices(self, sites) -> None:
        """Narrow the choice fields to records of ``sites``."""


class ExpertForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["site", "name", "title", "institution", "specialty", "is_active"]


class HealthSessionForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = HealthSession
        fields = ["site", "expert", "topic", "starts_at", "ends_at", "place", "capacity"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def limit_choices(self, sites) -> None:
        self.fields["expert"].queryset = Expert.objects.filter(site__in=sites, is_active=True)


class ChosenMixin:
    def chosen(self, name: str):
        """The value given for field ``name``: posted, else initial."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        return self.initial.get(name)


class ConsultationForm(ChosenMixin, StyledFormMixin, forms.Form):
    """One consultation: its type and time; who and a short note only with consent."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=ConsultationKind.choices)
    consulted_at = forms.DateTimeField(label=_("Consulted at"), widget=DateTimeInput())
    session = SessionChoiceField(
        label=_("Session"), queryset=HealthSession.objects.none(), required=False
    )
    consent = forms.BooleanField(
        label=_("The person consents to a record of their name and a note"), required=False
    )
    person = forms.ModelChoiceField(
        label=_("Person (with consent)"), queryset=Person.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note (with consent)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A few words at most. Do not enter diagnoses or any medical detail."),
    )

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["session"].limit(sites, self.chosen("session"))
        self.fields["person"].queryset = Person.objects.filter(site__in=sites, is_active=True)
        self.fields["consulted_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class ConsultationBulkForm(ChosenMixin, StyledFormMixin, forms.Form):
    """How many anonymous consultations of each type a session had."""

    session = SessionChoiceField(label=_("Session"), queryset=HealthSession.objects.none())

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].limit(sites, self.chosen("session"))
        for kind, label in ConsultationKind.choices:
            self.fields[f"count_{kind}"] = forms.IntegerField(
                label=label, min_value=0, max_value=BULK_MAX, required=False
            )

    def counts(self) -> dict[str, int]:
        data = self.cleaned_data
        return {k: data[f"count_{k}"] for k in ConsultationKind.values if data.get(f"count_{k}")}
