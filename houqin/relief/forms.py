"""Forms of the relief module: campaigns and relief goods, and the phone-friendly workflow forms
(record a donation, receive an emergency purchase, dispatch goods, signed for) whose choices are
the records of the user's sites. Goods lines are small formsets."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Department, Person
from houqin.procurement.choices import Method
from houqin.relief.choices import DonorKind, ReliefCategory
from houqin.relief.models import MONEY, QUANTITY, Campaign
from houqin.relief.services import CONTRACTED, LEDGER
from houqin.stock.models import Item, Store

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def moment_field(label, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=MOMENT_FORMATS,
        help_text=None if required else _("Leave empty for now."),
    )


def campaigns_of(site_ids):
    return Campaign.objects.filter(site__in=site_ids, voided_at__isnull=True).order_by("-starts_on")


def relief_items(site_ids):
    return Item.objects.filter(site__in=site_ids, ledger=LEDGER, is_active=True).order_by("code")


class CampaignForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["site", "title", "description", "starts_on", "ends_on", "store"]
        fields += ["list_is_public"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
        site_ids = [self.instance.site_id] if self.instance.pk else list(sites)
        self.fields["store"].queryset = Store.objects.filter(site__in=site_ids, is_active=True)


class ReliefItemForm(StyledFormMixin, forms.ModelForm):
    """A relief item: its category decides its unit (water 瓶, tarpaulin 平方米 …)."""

    category = forms.ChoiceField(label=_("Relief category"), choices=ReliefCategory.choices)

    class Meta:
        model = Item
        fields = ["site", "code", "name", "spec", "category", "unit", "unit_cost"]
        fields += ["reorder_level", "is_active"]

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True


class GoodsLineForm(StyledFormMixin, forms.Form):
    """One line of goods: the item and how many of its unit (an empty line is skipped)."""

    item = forms.ModelChoiceField(label=_("Goods"), queryset=Item.objects.none(), required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        required=False,
        max_digits=QUANTITY["max_digits"],
        decimal_places=QUANTITY["decimal_places"],
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )

    def __init__(self, *args, site_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = relief_items(site_ids)

    def clean(self):
        data = super().clean()
        if data.get("item") and not data.get("quantity"):
            self.add_error("quantity", _("Enter a number greater than zero."))
        if data.get("quantity") and not data.get("item"):
            self.add_error("item", _("Choose the goods."))
        return data


class PurchaseLineForm(GoodsLineForm):
    unit_cost = forms.DecimalField(
        label=_("Unit cost (yuan)"),
        required=False,
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
    )


def goods_formset(data=None, *, site_ids, form=GoodsLineForm, prefix="lines", extra=5):
    """``extra`` goods lines, each limited to the relief goods of the user's sites."""
    factory = forms.formset_factory(form, extra=extra, max_num=50, absolute_max=50)
    return factory(data, prefix=prefix, form_kwargs={"site_ids": site_ids})


def formset_lines(formset, *, with_cost: bool = False) -> list[tuple]:
    """The filled lines of a valid formset, as the services take them."""
    lines = []
    for data in formset.cleaned_data:
        if data.get("item") and data.get("quantity"):
            line = (data["item"], data["quantity"])
            lines.append((*line, data.get("unit_cost")) if with_cost else line)
    return lines


class CampaignChoiceMixin:
    def limit(self, site_ids):
        self.fields["campaign"].queryset = campaigns_of(site_ids)


class DonationForm(CampaignChoiceMixin, StyledFormMixin, forms.Form):
    """Who gave, how much cash (the goods are the lines below)."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())
    donor_kind = forms.ChoiceField(label=_("Donor type"), choices=DonorKind.choices)
    donor_name = forms.CharField(
        label=_("Donor"),
        max_length=100,
        required=False,
        help_text=_("For a staff member or a department, choose them below instead."),
    )
    person = forms.ModelChoiceField(
        label=_("Staff member"), queryset=Person.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=pgettext_lazy("donor", "Department"), queryset=Department.objects.none(),
        required=False,
    )  # fmt: skip
    amount_yuan = forms.DecimalField(
        label=_("Cash (yuan)"), required=False, max_digits=14, decimal_places=2, min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
    )  # fmt: skip
    received_at = moment_field(pgettext_lazy("relief", "Received at"))
    is_anonymous = forms.BooleanField(label=_("Anonymous on the public list"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, site_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.limit(site_ids)
        self.fields["person"].queryset = Person.objects.filter(
            site__in=site_ids, is_active=True
        ).order_by("name")
        self.fields["department"].queryset = Department.objects.filter(
            site__in=site_ids, is_active=True
        ).order_by("name")


class PurchaseForm(CampaignChoiceMixin, StyledFormMixin, forms.Form):
    """The emergency procurement project whose goods arrive, and when."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())
    project = forms.ModelChoiceField(label=_("Emergency procurement project"), queryset=None)
    received_at = moment_field(pgettext_lazy("relief", "Received at"))

    def __init__(self, *args, site_ids=(), **kwargs):
        from houqin.procurement.models import Project

        super().__init__(*args, **kwargs)
        self.limit(site_ids)
        self.fields["project"].queryset = Project.objects.filter(
            site__in=site_ids,
            method=Method.EMERGENCY,
            status__in=CONTRACTED,
            relief_purchase__isnull=True,
        ).order_by("-created_at")


class DispatchForm(CampaignChoiceMixin, StyledFormMixin, forms.Form):
    """Where the goods go and who takes them."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())
    destination = forms.CharField(label=_("Destination"), max_length=150)
    carrier = forms.CharField(label=_("Vehicle and driver"), max_length=100, required=False)
    dispatched_at = moment_field(_("Dispatched at"))

    def __init__(self, *args, site_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.limit(site_ids)


class SignForm(StyledFormMixin, forms.Form):
    """Who signed for the goods at the destination, when, and a photo of the signed slip."""

    signed_by_name = forms.CharField(label=_("Signed for by"), max_length=50)
    signed_at = moment_field(_("Signed at"))
    note = forms.CharField(label=_("Receipt note"), max_length=200, required=False)
    photo = forms.FileField(
        label=_("Photo of the signed slip"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
