"""Forms of the stock ledger: stores and items, and the phone-friendly movement forms (receive,
issue, return, transfer) whose choices are the stores and items of the user's sites."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Location, Person
from houqin.stock.choices import UNITS
from houqin.stock.models import QUANTITY, Item, Store


class SiteFixedMixin:
    """The site is chosen on creation and fixed afterwards; choices follow it."""

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
        site_ids = [self.instance.site_id] if self.instance.pk else list(sites)
        self.limit_choices(site_ids)


class StoreForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Store
        fields = ["site", "code", "name", "location", "keeper", "is_active"]

    def limit_choices(self, sites):
        self.fields["location"].queryset = Location.objects.filter(site__in=sites, is_active=True)
        self.fields["keeper"].queryset = Person.objects.filter(site__in=sites, is_active=True)


class ItemForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Item
        fields = [
            "site",
            "code",
            "name",
            "spec",
            "unit",
            "ledger",
            "category",
            "reorder_level",
            "unit_cost",
            "is_active",
        ]
        help_texts = {"unit": format_lazy(_("For example: {units}"), units="、".join(UNITS[:8]))}

    def limit_choices(self, sites):
        pass


def _quantity_field(label=None):
    return forms.DecimalField(
        label=label or _("Quantity"),
        max_digits=QUANTITY["max_digits"],
        decimal_places=QUANTITY["decimal_places"],
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )


class MovementForm(StyledFormMixin, forms.Form):
    """Receive, issue or return goods: the store, the item, how many, and for whom."""

    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    item = forms.ModelChoiceField(
        label=pgettext_lazy("stock", "Item"), queryset=Item.objects.none()
    )
    quantity = _quantity_field()
    unit_cost = forms.DecimalField(
        label=_("Unit cost (yuan)"), required=False, max_digits=14, decimal_places=2, min_value=0
    )
    party = forms.CharField(label=_("Party"), max_length=100, required=False)
    moved_at = forms.DateTimeField(
        label=_("Moved at"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty for now."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, site_ids=(), kind: str = "receipt", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.filter(site__in=site_ids, is_active=True)
        self.fields["item"].queryset = Item.objects.filter(site__in=site_ids, is_active=True)
        if kind != "receipt":
            del self.fields["unit_cost"]
        labels = {
            "receipt": _("Supplier or donor"),
            "issue": _("Issued to (department or destination)"),
            "return": _("Returned by"),
        }
        self.fields["party"].label = labels.get(kind, _("Party"))


class TransferForm(StyledFormMixin, forms.Form):
    """Move goods from one store to another of the same site."""

    source = forms.ModelChoiceField(label=_("From store"), queryset=Store.objects.none())
    target = forms.ModelChoiceField(label=_("To store"), queryset=Store.objects.none())
    item = forms.ModelChoiceField(
        label=pgettext_lazy("stock", "Item"), queryset=Item.objects.none()
    )
    quantity = _quantity_field()
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, site_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        stores = Store.objects.filter(site__in=site_ids, is_active=True)
        self.fields["source"].queryset = stores
        self.fields["target"].queryset = stores
        self.fields["item"].queryset = Item.objects.filter(site__in=site_ids, is_active=True)


class StockTakeStoreForm(StyledFormMixin, forms.Form):
    """The store to count."""

    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, site_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.filter(site__in=site_ids, is_active=True)
