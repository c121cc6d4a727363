"""Forms of the meeting service: the day of the task list and the organiser's rating."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import StyledFormMixin


class TaskDayForm(StyledFormMixin, forms.Form):
    """The day whose service tasks are shown (today when empty or invalid)."""

    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class BookingRateForm(StyledFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the meeting service?"),
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
