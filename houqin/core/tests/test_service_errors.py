"""A service's refusal is shown on the form, also when it names a field the form lacks."""

from django import forms
from django.core.exceptions import ValidationError

from houqin.core.forms import add_service_errors


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_errors_go_to_their_field_or_above_the_form():
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"note": "too short", "deadline": "in the past"}))
    assert form.errors["note"] == ["too short"]
    assert form.non_field_errors() == ["in the past"]


def test_a_plain_message_goes_above_the_form():
    form = NoteForm({"note": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError("refused"))
    assert form.non_field_errors() == ["refused"]
