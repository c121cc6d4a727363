"""Forms of meter readings: entry (on a phone), review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.energy.models import Meter


class ReadingForm(StyledFormMixin, forms.Form):
    """A meter, the moment and the register value."""

    meter = forms.ModelChoiceField(label=_("Meter"), queryset=Meter.objects.none())
    read_at = forms.DateTimeField(
        label=pgettext_lazy("meter reading", "Read at"), widget=DateTimeInput()
    )
    value = forms.DecimalField(
        label=_("Register value"),
        min_value=0,
        max_digits=16,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, meters=None, last_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if meters is not None:
            self.fields["meter"].queryset = meters
        if last_url:
            # Choosing a meter fetches its last counted reading into the card above (htmx).
            self.fields["meter"].widget.attrs.update(
                {"hx-get": last_url, "hx-target": "#last-reading", "hx-trigger": "change"}
            )


class ReviewForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
