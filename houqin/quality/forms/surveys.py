"""Forms of the staff surveys: the survey itself and the invitee's answers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Department
from houqin.quality.choices import PostKind
from houqin.quality.forms.evaluations import validate_day_in_range
from houqin.quality.models import Survey

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class SurveyForm(StyledFormMixin, forms.ModelForm):
    """A survey: title, who is asked, about which services, and when."""

    services = forms.MultipleChoiceField(
        label=_("Services asked about"),
        choices=PostKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=DateTimeInput(), validators=[validate_day_in_range]
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=DateTimeInput(), validators=[validate_day_in_range]
    )

    class Meta:
        model = Survey
        fields = ["site", "title", "audience", "departments", "services", "opens_at", "closes_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].widget.attrs["class"] = "form-check-input"
        self.fields["departments"].required = False

    def limit_to_sites(self, sites) -> None:
        self.fields["departments"].queryset = Department.objects.filter(
            site__in=sites, is_active=True
        ).order_by("site", "code")


class SurveyAnswerForm(StyledFormMixin, forms.Form):
    """One score (1–5) and an optional comment per service the survey asks about."""

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PostKind.choices)
        self.services = list(services)
        for service in self.services:
            self.fields[f"score_{service}"] = forms.TypedChoiceField(
                label=labels.get(service, service),
                choices=SCORE_CHOICES,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{service}"] = forms.CharField(
                label=pgettext_lazy("rating", "Comment"), max_length=500, required=False
            )
            self.fields[f"score_{service}"].widget.attrs["class"] = "form-check-input"

    def rows(self):
        """(score field, comment field) per service, for the template."""
        return [(self[f"score_{s}"], self[f"comment_{s}"]) for s in self.services]

    def answers(self) -> dict[str, tuple[int, str]]:
        """The scored services as the service expects them; unscored ones are skipped."""
        data = self.cleaned_data
        return {
            s: (data[f"score_{s}"], data.get(f"comment_{s}", ""))
            for s in self.services
            if data.get(f"score_{s}") not in (None, "")
        }
