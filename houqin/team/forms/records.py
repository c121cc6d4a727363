"""Forms of the team's record: honours, publications, chronicle entries."""

from __future__ import annotations

from django import forms

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Department, Person
from houqin.team.models import ChronicleEntry, Honour, Publication

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HonourForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Honour
        fields = [
            "site",
            "title",
            "level",
            "awarding_body",
            "awarded_on",
            "recipient_kind",
            "department",
            "person",
            "note",
        ]
        widgets = {"awarded_on": DATE}

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
            sites = [self.instance.site_id]
        self.fields["department"].queryset = Department.objects.filter(site__in=sites)
        self.fields["person"].queryset = Person.objects.filter(site__in=sites)


class PublicationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Publication
        fields = [
            "site",
            "kind",
            "title",
            "periodical",
            "issue",
            "published_on",
            "authors",
            "characters",
            "summary",
        ]
        widgets = {"published_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True


class ChronicleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ChronicleEntry
        fields = ["site", "occurred_on", "title", "text"]
        widgets = {"occurred_on": DATE, "text": forms.Textarea(attrs={"rows": 5})}

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
