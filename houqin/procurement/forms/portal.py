"""The public portal's search form (no login: every value is checked, nothing is trusted)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.procurement.choices import NoticeKind


class NoticeSearchForm(forms.Form):
    """Search the public notices: words of the title or text, the kind, the year."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False, strip=True)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *NoticeKind.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"class": "form-control", "type": "search", "placeholder": _("Title or text")}
        )
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
