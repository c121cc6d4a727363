"""Forms of the training subject: a session, and its attendees chosen by department."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Department, Person
from houqin.team.models import TrainingSession


class TrainingSessionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = [
            "site",
            "topic",
            "trainer",
            "organiser",
            "starts_at",
            "hours",
            "place",
            "is_external",
            "description",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def limit_to_sites(self, sites):
        """The site is fixed once saved; the organising department follows the site."""
        if self.instance.pk:
            self.fields["site"].disabled = True
            sites = [self.instance.site_id]
        self.fields["organiser"].queryset = Department.objects.filter(
            site__in=sites, is_active=True
        )


class AttendeesForm(StyledFormMixin, forms.Form):
    """The people who attended, ticked from the session site's staff (grouped by department
    on the page), and the hours to credit them (the session's when empty)."""

    people = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("training", "Attendees"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hours = forms.DecimalField(
        label=_("Hours for each"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.1"),
        required=False,
        help_text=_("Leave empty for the session's hours."),
    )

    def __init__(self, *args, session: TrainingSession, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(site_id=session.site_id, is_active=True)
        self.fields["people"].queryset = people.select_related("department").order_by(
            "department__name", "name", "pk"
        )

    def groups(self) -> list[tuple[str, list[Person]]]:
        """(department name, people) for the picker, in department order."""
        groups: dict[str, list[Person]] = {}
        for person in self.fields["people"].queryset:
            name = person.department.name if person.department else ""
            groups.setdefault(name, []).append(person)
        return list(groups.items())
