"""Forms of the meeting service: the day of the task list and the organiser's rating."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import StyledFormMixin
from houqin.core.validators import validate_date_in_range

validate_day_in_range = validate_moment_in_range = validate_date_in_range


class TaskDayForm(StyledFormMixin, forms.Form):
    """The day whose service tasks are shown (today when empty or invalid)."""

    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_day_in_range],
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
