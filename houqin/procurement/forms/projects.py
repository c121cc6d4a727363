"""Forms of the procurement project pages: the request with its lines, the next stage, bids,
their evaluation and cancelling."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.procurement.choices import FundingSource, Method, ObjectType, Stage
from houqin.procurement.models import Bid, Debarment, Supplier
from houqin.procurement.queries.suppliers import in_force_q

MAX_YUAN = Decimal("999999999999.99")


def eligible_suppliers(project):
    """The active suppliers of the project's site that are not debarred today (the service
    checks the debarment again on the date entered)."""
    debarred = Debarment.objects.filter(in_force_q(timezone.localdate())).values("supplier_id")
    return (
        Supplier.objects.filter(site_id=project.site_id, is_active=True)
        .exclude(pk__in=debarred)
        .order_by("name")
    )


class RequestForm(StyledFormMixin, forms.Form):
    """A department's request: what, how paid for, by which method (and why)."""

    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    title = forms.CharField(label=_("Project title"), max_length=200)
    object_type = forms.ChoiceField(label=_("Object"), choices=ObjectType.choices)
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    method = forms.ChoiceField(label=_("Procurement method"), choices=Method.choices)
    method_reason = forms.CharField(
        label=_("Reason for the method"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the method is not public tender above the threshold."),
    )
    description = forms.CharField(
        label=_("Requirements"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda d: f"{d.site.name} · {d.name}"
        only = list(departments[:2])
        if len(only) == 1:
            self.fields["department"].initial = only[0].pk


class LineForm(StyledFormMixin, forms.Form):
    """One line of the request (an empty row is left out)."""

    name = forms.CharField(label=_("Goods or service"), max_length=150)
    spec = forms.CharField(label=_("Specification"), max_length=200, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    unit = forms.CharField(label=_("Unit"), max_length=10)
    unit_price_yuan = forms.DecimalField(
        label=_("Estimated unit price (yuan)"), min_value=0, max_value=MAX_YUAN, decimal_places=2
    )


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not request_lines(self):
            raise forms.ValidationError(_("Enter at least one line."))


LineFormSet = forms.formset_factory(
    LineForm, formset=BaseLineFormSet, extra=5, max_num=200, validate_max=True
)


def request_lines(formset) -> list[dict]:
    """The filled lines of a valid formset as the dicts the request service takes."""
    return [
        {key: form.cleaned_data.get(key, "") for key in LineForm.base_fields}
        for form in formset
        if form.cleaned_data and form.has_changed()
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several documents at once (none is fine)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AdvanceForm(StyledFormMixin, forms.Form):
    """The next stage: when, a note, documents, the reason for a missed limit, and the stage's
    own data (winner; contract number and amount)."""

    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    late_reason = forms.CharField(
        label=_("Reason for missing a time limit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    documents = DocumentsField(label=_("Documents"), required=False)
    supplier = forms.ModelChoiceField(
        label=_("Winning supplier"), queryset=Supplier.objects.none(), required=False
    )
    price_yuan = forms.DecimalField(
        label=_("Price (yuan)"),
        required=False,
        min_value=0,
        max_value=MAX_YUAN,
        decimal_places=2,
        help_text=_("Single source or emergency without a recorded bid."),
    )
    contract_number = forms.CharField(label=_("Contract number"), max_length=50, required=False)
    contract_yuan = forms.DecimalField(
        label=_("Contract amount (yuan)"),
        required=False,
        min_value=0,
        max_value=MAX_YUAN,
        decimal_places=2,
    )

    STAGE_FIELDS = {
        "confirmed": ("supplier", "price_yuan"),
        "contracted": ("contract_number", "contract_yuan"),
    }

    def __init__(self, *args, project, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].initial = stage
        own = self.STAGE_FIELDS.get(stage, ())
        for name in ("supplier", "price_yuan", "contract_number", "contract_yuan"):
            if name not in own:
                del self.fields[name]
        if "supplier" in self.fields:
            self.fields["supplier"].queryset = eligible_suppliers(project)

    def stage_data(self) -> dict:
        """The stage's own values, as the service takes them."""
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("supplier", "price_yuan", "contract_number", "contract_yuan")
            if data.get(key) not in (None, "")
        }


class BidForm(StyledFormMixin, forms.Form):
    """A bid received before the opening."""

    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none())
    price_yuan = forms.DecimalField(
        label=_("Bid price (yuan)"), min_value=0, max_value=MAX_YUAN, decimal_places=2
    )
    submitted_at = forms.DateTimeField(label=_("Submitted at"), widget=DateTimeInput())

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = eligible_suppliers(project)


class EvaluateForm(StyledFormMixin, forms.Form):
    """The evaluation of one bid (internal)."""

    bid = forms.ModelChoiceField(label=_("Bid"), queryset=Bid.objects.none())
    score = forms.DecimalField(
        label=_("Score"), min_value=0, max_value=100, decimal_places=2, required=False
    )
    rank = forms.IntegerField(label=_("Bid rank"), min_value=1, max_value=999, required=False)
    is_valid = forms.BooleanField(label=_("Valid"), required=False, initial=True)
    invalid_reason = forms.CharField(label=_("Why invalid"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Evaluation notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = project.bids.select_related("supplier")
        self.fields["bid"].label_from_instance = lambda b: f"{b.supplier.name} · {b.price_yuan}"


class CancelForm(StyledFormMixin, forms.Form):
    """Cancel the project, or declare it failed (废标)."""

    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    failed = forms.BooleanField(label=_("The procurement failed"), required=False)
