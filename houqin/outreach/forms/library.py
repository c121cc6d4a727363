"""Forms of the library."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.outreach.models.library import Book
from houqin.outreach.services.library import isbn_error, isbn_is_valid, isbn_normalise

MAX_BARCODES = 200


class BookForm(StyledFormMixin, forms.ModelForm):
    """A title of the catalogue; its site is chosen on creation and fixed afterwards."""

    class Meta:
        model = Book
        fields = [
            "site",
            "isbn",
            "title",
            "author",
            "publisher",
            "published_year",
            "clc_class",
            "call_number",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["isbn"].max_length = 20  # hyphens and spaces are removed on saving
        self.fields["isbn"].widget.attrs["maxlength"] = 20
        self.fields["isbn"].validators = []

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True

    def clean_isbn(self):
        """Hyphens and spaces removed; a wrong check digit is named here, before saving."""
        isbn = isbn_normalise(self.cleaned_data.get("isbn", ""))
        if isbn and not isbn_is_valid(isbn):
            raise forms.ValidationError(isbn_error())
        return isbn


class CopyAddForm(StyledFormMixin, forms.Form):
    """Several copies at once: one barcode per line (as a USB reader types them)."""

    barcodes = forms.CharField(
        label=_("Barcodes"),
        widget=forms.Textarea(attrs={"rows": 6, "autofocus": True}),
        help_text=_("One per line; scan each copy's barcode label."),
    )
    acquired_on = forms.DateField(
        label=_("Acquired on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    price = forms.DecimalField(
        label=_("Price (yuan)"), max_digits=8, decimal_places=2, min_value=0, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acquired_on"].initial = timezone.localdate()

    def clean_barcodes(self):
        codes = [line.strip() for line in self.cleaned_data["barcodes"].splitlines()]
        codes = [code for code in codes if code]
        if len(codes) > MAX_BARCODES:
            raise forms.ValidationError(
                _("At most %(max)d barcodes at once.") % {"max": MAX_BARCODES}
            )
        return codes


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=100)


class StockTakeStartForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
