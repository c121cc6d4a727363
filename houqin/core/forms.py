"""Form pieces shared by every module."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: each message at its field when the form has that
    field, otherwise above the form (a service may name fields the form does not show)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class StyledFormMixin:
    """Give every widget its Bootstrap class, so templates render fields without per-form code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            # Radio buttons and checkbox lists are form-check items, not text boxes.
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class VoidForm(StyledFormMixin, forms.Form):
    """The reason a record is voided."""

    reason = forms.CharField(
        label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(StyledFormMixin, forms.Form):
    """An Excel ledger to import."""

    file = forms.FileField(label=_("Excel file (.xlsx)"))


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker."""

    input_type = "datetime-local"

    def format_value(self, value):
        from django.utils import timezone

        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value
