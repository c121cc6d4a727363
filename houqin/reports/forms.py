"""Forms of the reports module: the wording of one piece of the annual work summary."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.reports.choices import SummaryTextKind
from houqin.reports.models import SummaryText
from houqin.utils.text import strip_controls


class SummaryTextForm(StyledFormMixin, forms.Form):
    """The lead phrase (points only), the sentence with its named figures, and whether the piece
    is printed. The template itself is checked by the service, which names an unknown figure."""

    lead = forms.CharField(
        label=_("Lead phrase"),
        max_length=SummaryText._meta.get_field("lead").max_length,
        required=False,
        help_text=_("Printed in bold before the sentence, e.g. 构建安全防范网络，打造平安机关"),
    )
    template = forms.CharField(
        label=_("Wording"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("Figures in braces, e.g. {services.meeting_services|数}场次."),
    )
    enabled = forms.BooleanField(label=_("Included in the summary"), required=False)

    def __init__(self, *args, text: SummaryText, **kwargs):
        kwargs.setdefault(
            "initial", {"lead": text.lead, "template": text.template, "enabled": text.enabled}
        )
        super().__init__(*args, **kwargs)
        self.text = text
        if text.kind != SummaryTextKind.POINT:
            del self.fields["lead"]  # only a numbered point has a lead phrase

    def clean_lead(self) -> str:
        return strip_controls(self.cleaned_data.get("lead", ""))

    def clean_template(self) -> str:
        # Line breaks are kept out: every piece is one paragraph of Chinese text, which has no
        # spaces between lines.
        text = strip_controls(self.cleaned_data.get("template", ""))
        return "".join(line.strip() for line in text.splitlines())

    def wording(self) -> dict:
        """The keyword arguments of ``summary_text_update`` (the lead kept for other kinds)."""
        data = self.cleaned_data
        return {
            "template": data["template"],
            "lead": data.get("lead", self.text.lead) if "lead" in self.fields else self.text.lead,
            "enabled": data["enabled"],
        }

    def add_template_error(self, exc: ValidationError) -> None:
        """A refusal of the template (or of the service) shown at the template field."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else "template", errors)
        else:
            self.add_error("template", exc)
